"""The read every patient page starts with: a link, its appointment and its intake.

`IntakeLink.objects.select_related("appointment__intake").get(pk=...)` spends
twice as long building its statement and turning the row into objects as the
database spends answering it (about 1.1 ms against 0.5 ms on PostgreSQL), on
every patient request, and the statement never changes. Here it is written once
per database from the models' own fields, and the row becomes what the ORM
builds: each value through its field's database converters, each object through
`Model.from_db`, the three joined as select_related joins them.
`tests/intake/test_link_read.py` checks both reads give the same objects.

It reads plain models, as these three are: no multi-table inheritance, a primary
key of one column, and default managers that hide no rows. `_Reader` refuses
the first two; a filtering default manager would need its filter here too.

On PostgreSQL the statement is also prepared, once per server session: parsing
and planning a three-table read of some forty columns took PostgreSQL four times
as long as running it (0.12 ms planning against 0.03 ms). Only outside a
transaction, as patient requests read it: there a statement that fails leaves
nothing behind, so whatever goes wrong with the prepared one (a pooler or a
DISCARD ALL dropped it, a session already holds one of that name, a migration
changed a column's type under it) ends in the plain read and a fresh PREPARE on
the next request, never in an error page. A pooler that hands one session's
statements to another (PgBouncer in transaction mode) is told by Django's own
setting for it, DISABLE_SERVER_SIDE_CURSORS, which turns the preparing off, as
does psycopg's server-side binding (psycopg then prepares statements itself).
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, router

from intake.models.appointments import Appointment, IntakeLink

STATEMENT = "_intake_link_read"
PREPARED = "intake_link_read"  # its name in a PostgreSQL session
# What a prepared read that no longer matches its session fails with: no such
# statement, one of that name already there, a column's type changed under it.
STALE = {"26000", "42P05", "0A000"}


def read_link(pk):
    """Return the link with its appointment and intake attached, or None."""
    alias = router.db_for_read(IntakeLink)
    connection = connections[alias]
    # Kept on the connection (one per thread), whose methods the converters are:
    # it goes when the connection goes.
    statement = getattr(connection, STATEMENT, None)
    if statement is None:
        statement = _statement(connection)
        setattr(connection, STATEMENT, statement)
    sql, readers = statement
    with connection.cursor() as cursor:
        if _prepares(connection):
            _execute_prepared(connection, cursor, sql, pk)
        else:
            cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    link, appointment, intake = (
        reader.build(alias, row, connection) for reader in readers
    )
    link.appointment = appointment
    intake.appointment = appointment  # also answers appointment.intake
    return link


def _prepares(connection):
    settings = connection.settings_dict
    return (
        connection.vendor == "postgresql"
        and connection.get_autocommit()  # outside any transaction
        and not settings.get("DISABLE_SERVER_SIDE_CURSORS")
        and not settings.get("OPTIONS", {}).get("server_side_binding")
    )


def _execute_prepared(connection, cursor, sql, pk):
    """EXECUTE the prepared read, preparing it first in a new server session."""
    session = connection.connection  # the database connection itself, not Django's
    try:
        if not getattr(session, PREPARED, False):
            cursor.execute(f"PREPARE {PREPARED} AS {sql.replace('%s', '$1')}")
            setattr(session, PREPARED, True)
        cursor.execute(f"EXECUTE {PREPARED} (%s)", [pk])
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) not in STALE:
            raise  # a real failure (a timeout, a lost connection) is not retried
        # Outside a transaction nothing is left half done: drop whatever the
        # session holds under that name and read plainly; the next read prepares.
        setattr(session, PREPARED, False)
        try:
            cursor.execute(f"DEALLOCATE {PREPARED}")
        except DatabaseError:
            pass  # it held none
        cursor.execute(sql, [pk])


class _Reader:
    """Turns one model's slice of the row into an instance, as the ORM does."""

    def __init__(self, model, start, connection):
        if model._meta.parents or model._meta.pk.column is None:
            raise ImproperlyConfigured(f"read_link cannot read {model.__name__}")
        fields = model._meta.concrete_fields
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        self.model = model
        self.columns = [f"{table}.{quote(field.column)}" for field in fields]
        self.names = [field.attname for field in fields]
        self.slice = slice(start, start + len(fields))
        self.converters = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(column)
            found += column.get_db_converters(connection)
            if found:
                self.converters.append((index, found, column))

    def build(self, alias, row, connection):
        values = list(row[self.slice])
        for index, converters, column in self.converters:
            for convert in converters:
                values[index] = convert(values[index], column, connection)
        return self.model.from_db(alias, self.names, values)


def _statement(connection):
    quote = connection.ops.quote_name
    intake_model = apps.get_model("intake", "Intake")  # its module imports this one
    chain = (IntakeLink, Appointment, intake_model)
    readers = []
    for model in chain:
        start = readers[-1].slice.stop if readers else 0
        readers.append(_Reader(model, start, connection))
    columns = [column for reader in readers for column in reader.columns]
    link, appointment, intake = (quote(model._meta.db_table) for model in chain)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    appointment_pk = f"{appointment}.{quote(Appointment._meta.pk.column)}"
    sql = (
        f"SELECT {', '.join(columns)} FROM {link}"
        f" INNER JOIN {appointment}"
        f" ON {link}.{column(IntakeLink, 'appointment')} = {appointment_pk}"
        f" INNER JOIN {intake}"
        f" ON {intake}.{column(intake_model, 'appointment')} = {appointment_pk}"
        f" WHERE {link}.{quote(IntakeLink._meta.pk.column)} = %s"
    )
    return sql, readers
