"""Events written before the chain existed are chained by the data migration."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("clinic", "0003_medical_director_role")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_existing_events_are_chained_in_the_order_written():
    old_apps = _migrate(BEFORE)
    try:
        AuditEvent = old_apps.get_model("clinic", "AuditEvent")
        for code in ("a.first", "b.second", "c.third"):
            AuditEvent.objects.create(code=code, occurred_at=timezone.now())
    finally:
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        _migrate(latest)

    from clinic.models import AuditEvent

    chained = list(AuditEvent.objects.order_by("seq").values_list("seq", "code"))
    assert chained == [(1, "a.first"), (2, "b.second"), (3, "c.third")]
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "3 events" in out.getvalue()
