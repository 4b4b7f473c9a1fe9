import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from intake.models import Appointment, Intake, Notification, Status
from intake.services.desk import invitation_email
from intake.services.emails import queue_invitation
from intake.services.invitations import intake_url
from tests.intake.conftest import make_appointment, make_submitted_intake
from tests.intake.test_desk_register import VALID

pytestmark = pytest.mark.django_db

ANSWERS = {
    "medications": [{"name": "Eliquis 5 mg twice a day"}],
    "allergies": [{"substance": "lidocaine"}],
}


@pytest.fixture
def sent(desk_client, django_capture_on_commit_callbacks):
    """The email sent for a fresh link, for a patient who already typed answers."""
    appointment, _ = make_appointment(procedure="hip-joint-injection", first_name="Ana")
    Intake.objects.filter(appointment=appointment).update(
        status=Status.IN_PROGRESS, draft={"steps": {"medications": ANSWERS}}
    )
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post(
            f"/desk/appointments/{appointment.pk}/link/",
            {"send_email": "on"},
            follow=True,
        )
    return mail.outbox[0], appointment


def test_the_email_goes_to_the_patient_from_the_clinic(sent, settings):
    message, _ = sent

    assert message.to == ["m.lee@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_the_email_carries_the_working_link(sent):
    message, appointment = sent

    link = appointment.links.get(revoked_at__isnull=True)
    token = message.body.split("/i/")[1].split("/")[0]
    assert intake_url(token) in message.body
    assert link.token_hash != token


def test_the_email_names_the_clinic_its_phone_the_procedure_and_the_date(sent):
    message, appointment = sent

    when = timezone.localtime(appointment.scheduled_at)
    assert "Riverside Pain & Interventional Radiology" in message.body
    assert "&amp;" not in message.body
    assert "555-0100" in message.body
    assert "Hip joint injection" in message.body
    assert date_format(when, "DATE_FORMAT") in message.body
    assert "Dear Ana," in message.body


def test_the_email_carries_no_clinical_answers(sent):
    message, _ = sent

    for clinical in ("Eliquis", "lidocaine"):
        assert clinical not in message.body
        assert clinical not in message.subject


def test_a_submitted_intakes_flags_never_reach_the_email():
    intake = make_submitted_intake(severities=("critical",))

    subject, body = invitation_email(intake.appointment, "some-token")

    for clinical in ("Eliquis", "fish oil", "TEST_CRITICAL", "finding"):
        assert clinical not in body
        assert clinical not in subject


def test_the_subject_is_one_line_with_the_clinic_name(sent):
    message, _ = sent

    assert "\n" not in message.subject
    assert message.subject.startswith("Riverside Pain & Interventional Radiology:")


def test_the_date_is_given_in_the_clinics_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"
    appointment, token = make_appointment()
    late_evening = dt.datetime(2031, 1, 10, 22, 30, tzinfo=dt.UTC)  # 17:30 in New York
    Appointment.objects.filter(pk=appointment.pk).update(scheduled_at=late_evening)
    appointment.refresh_from_db()

    _, body = invitation_email(appointment, token)

    assert "Friday, Jan. 10, 2031 at 5:30 p.m." in body


def test_a_mail_server_failure_still_shows_the_link_and_is_recorded(
    desk_client, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("intake.services.emails.send_mail", refuse)

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            "/desk/new/", {**VALID, "send_email": "on"}, follow=True
        )

    html = response.content.decode()
    assert response.status_code == 200
    assert "/i/" in html
    assert Appointment.objects.count() == 1
    record = Notification.objects.get()
    assert (record.kind, record.state, record.reason) == (
        "invitation",
        "failed",
        "smtp",
    )
    page = desk_client.get(f"/desk/appointments/{record.appointment_id}/")
    assert "Failed: 4 attempts failed" in page.content.decode()


def test_no_email_is_sent_to_a_patient_without_an_address():
    appointment, token = make_appointment(email="")

    assert queue_invitation(appointment, token, now=timezone.now()) is False
    assert mail.outbox == []
