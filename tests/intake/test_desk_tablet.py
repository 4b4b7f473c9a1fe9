import pytest
from django.test import Client
from django.utils import timezone

from clinic.models import AuditEvent
from intake.patient_session import SESSION_KEY
from intake.services.invitations import cancel_appointment
from tests.intake.conftest import make_appointment, make_submitted_intake, verify

pytestmark = pytest.mark.django_db


def test_tablet_mode_hands_the_device_to_the_patients_pages(desk_client):
    appointment, _ = make_appointment()

    response = desk_client.post(f"/desk/appointments/{appointment.pk}/tablet/")

    assert response.status_code == 302
    assert response["Location"] == "/intake/"


def test_tablet_mode_ends_the_staff_session(desk_client):
    appointment, _ = make_appointment()

    desk_client.post(f"/desk/appointments/{appointment.pk}/tablet/")

    assert "_auth_user_id" not in desk_client.session
    assert desk_client.get("/desk/").status_code == 302


def test_tablet_mode_starts_a_patient_session_for_that_intake(desk_client):
    appointment, _ = make_appointment()
    staff_session = desk_client.session.session_key

    desk_client.post(f"/desk/appointments/{appointment.pk}/tablet/")

    state = desk_client.session[SESSION_KEY]
    assert state == {"intake": appointment.intake.pk, "link": None, "tablet": True}
    assert desk_client.session.session_key != staff_session


def test_tablet_mode_is_audited_with_the_staff_member(desk_client, front_desk):
    appointment, _ = make_appointment()

    desk_client.post(f"/desk/appointments/{appointment.pk}/tablet/")

    event = AuditEvent.objects.get(code="intake.tablet_started")
    assert event.actor == front_desk
    assert event.target_id == str(appointment.intake.pk)
    assert event.data == {}


def test_a_cancelled_appointment_cannot_open_in_tablet_mode(desk_client, front_desk):
    appointment, _ = make_appointment()
    cancel_appointment(appointment, actor=front_desk, now=timezone.now())

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/tablet/", follow=True
    )

    assert "This appointment is cancelled." in response.content.decode()
    assert SESSION_KEY not in desk_client.session
    assert desk_client.session["_auth_user_id"] == str(front_desk.pk)
    assert not AuditEvent.objects.filter(code="intake.tablet_started").exists()


def test_a_submitted_intake_cannot_open_in_tablet_mode(desk_client):
    intake = make_submitted_intake()

    response = desk_client.post(
        f"/desk/appointments/{intake.appointment.pk}/tablet/", follow=True
    )

    assert "already submitted" in response.content.decode()
    assert SESSION_KEY not in desk_client.session


def test_an_intake_the_patient_started_cannot_open_in_tablet_mode(desk_client):
    from tests.intake.conftest import VALID_STEPS

    appointment, token = make_appointment()
    patient = Client()
    verify(patient, token)
    patient.post("/intake/medications/", VALID_STEPS["medications"])

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/tablet/", follow=True
    )

    assert "The patient has already started" in response.content.decode()
    assert "Eliquis" not in desk_client.get("/intake/medications/").content.decode()
