"""Staff pages that show names and contacts leave an audit event."""

import pytest

from clinic.models import AuditEvent
from tests.intake.conftest import make_appointment, make_submitted_intake

pytestmark = pytest.mark.django_db


def test_the_desk_appointment_page_is_audited(desk_client, front_desk):
    appointment, _ = make_appointment()

    desk_client.get(f"/desk/appointments/{appointment.pk}/")

    event = AuditEvent.objects.get(code="desk.appointment_viewed")
    assert event.actor == front_desk
    assert (event.target_type, event.target_id) == (
        "intake.appointment",
        str(appointment.pk),
    )


def test_the_review_queue_is_audited(rad_client, radiologist):
    make_submitted_intake()

    rad_client.get("/review/?severity=high")

    event = AuditEvent.objects.get(code="review.queue_viewed")
    assert event.actor == radiologist
    assert "Lee" not in str(event.data)
