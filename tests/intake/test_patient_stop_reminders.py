"""The patient says "stop reminding me" from their link; the desk sees it."""

import pytest

from clinic.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_step_page_offers_to_stop_reminders(patient):
    client, _ = patient

    html = client.get("/intake/", follow=True).content.decode()

    assert "Stop reminding me by email" in html


def test_stopping_is_recorded_and_audited(patient):
    client, appointment = patient

    response = client.post("/intake/no-reminders/", follow=True)

    appointment.refresh_from_db()
    assert appointment.reminders_stopped_at is not None
    assert "We will not send you any more reminders." in response.content.decode()
    assert "Stop reminding me by email" not in response.content.decode()
    event = AuditEvent.objects.get(code="reminders.stopped")
    assert event.target_id == str(appointment.pk)


def test_stopping_twice_records_once(patient):
    client, _ = patient

    client.post("/intake/no-reminders/")
    client.post("/intake/no-reminders/")

    assert AuditEvent.objects.filter(code="reminders.stopped").count() == 1


def test_only_a_verified_patient_can_stop_reminders(client, appointment_with_token):
    appointment, _ = appointment_with_token

    client.post("/intake/no-reminders/")

    appointment.refresh_from_db()
    assert appointment.reminders_stopped_at is None


def test_a_get_changes_nothing(patient):
    client, appointment = patient

    assert client.get("/intake/no-reminders/").status_code == 405
    appointment.refresh_from_db()
    assert appointment.reminders_stopped_at is None


def test_the_desk_sees_that_the_patient_stopped_reminders(patient, front_desk):
    client, appointment = patient
    client.post("/intake/no-reminders/")
    client.force_login(front_desk)

    detail = client.get(f"/desk/appointments/{appointment.pk}/").content.decode()
    listing = client.get("/desk/").content.decode()

    assert "The patient asked for no reminders" in detail
    assert "No reminders (patient's choice)" in listing
