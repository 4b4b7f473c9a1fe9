import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db


def test_cancelling_asks_for_confirmation_first(desk_client):
    appointment, _ = make_appointment()

    response = desk_client.get(f"/desk/appointments/{appointment.pk}/cancel/")

    assert "Cancel this appointment?" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None


def test_confirming_cancels_the_appointment_and_its_link(desk_client):
    appointment, _ = make_appointment()

    response = desk_client.post(f"/desk/appointments/{appointment.pk}/cancel/")

    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    appointment.refresh_from_db()
    assert appointment.cancelled_at is not None
    assert not appointment.links.get().is_usable(now=timezone.now())


def test_cancelling_is_audited(desk_client, front_desk):
    appointment, _ = make_appointment()

    desk_client.post(f"/desk/appointments/{appointment.pk}/cancel/")

    event = AuditEvent.objects.get(code="appointment.cancelled")
    assert event.actor == front_desk
    assert event.target_id == str(appointment.pk)


def test_a_cancelled_appointment_leaves_the_list(desk_client):
    appointment, _ = make_appointment(first_name="Ana")

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/cancel/", follow=True
    )

    html = response.content.decode()
    assert "The appointment is cancelled; its link no longer works." in html
    assert "Ana" not in html


def test_cancelling_twice_changes_nothing(desk_client, front_desk):
    appointment, _ = make_appointment()
    desk_client.post(f"/desk/appointments/{appointment.pk}/cancel/")
    appointment.refresh_from_db()
    first = appointment.cancelled_at

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/cancel/", follow=True
    )

    assert "already cancelled" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.cancelled_at == first
    assert AuditEvent.objects.filter(code="appointment.cancelled").count() == 1


def test_a_cancelled_appointment_offers_no_actions(desk_client):
    appointment, _ = make_appointment()
    desk_client.post(f"/desk/appointments/{appointment.pk}/cancel/")

    html = desk_client.get(f"/desk/appointments/{appointment.pk}/").content.decode()

    assert "Appointment cancelled" in html
    assert "/tablet/" not in html
    assert "/link/" not in html
    assert "/cancel/" not in html
