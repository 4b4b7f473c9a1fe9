"""Events written before the chain existed are chained by the data migration."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import migrated_back_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_events_are_chained_in_the_order_written():
    with migrated_back_to("clinic", "0003_medical_director_role") as old_apps:
        AuditEvent = old_apps.get_model("clinic", "AuditEvent")
        for code in ("a.first", "b.second", "c.third"):
            AuditEvent.objects.create(code=code, occurred_at=timezone.now())

    from clinic.models import AuditEvent

    chained = list(AuditEvent.objects.order_by("seq").values_list("seq", "code"))
    assert chained == [(1, "a.first"), (2, "b.second"), (3, "c.third")]
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "3 events" in out.getvalue()
