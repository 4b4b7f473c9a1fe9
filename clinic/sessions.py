"""Django's database sessions, read with one plain query.

Every patient and staff page reads its session first. Django's store builds that
read through the ORM each time, which costs about as much as the query itself;
the statement never changes, so it is written once here. Everything else (the
table, saving, expiry, flushing, `clearsessions`) is Django's own store, and
`tests/clinic/test_sessions.py` checks that both read the same sessions.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self):
        connection = connections[router.db_for_read(self.model)]
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('session_data')} FROM {table} "
                f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s",
                [self.session_key, now],
            )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return {}
        return self.decode(row[0])
