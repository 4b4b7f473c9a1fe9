"""The critical-flag email: every active radiologist, a link, and no patient data."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from clinic.models import AuditEvent
from clinic.roles import Role
from intake.services import emails
from tests.conftest import make_user
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db


def notify_radiologists_of_critical(intake):
    """Queue the alert and run its task as the worker would; return emails sent."""
    record = emails.queue_email(
        intake.appointment_id, kind="critical_alert", now=timezone.now()
    )
    emails.deliver(record.pk, now=timezone.now())
    return len(mail.outbox)


@pytest.fixture
def intake():
    return make_submitted_intake(severities=["critical"])


@pytest.fixture
def staff(db):
    make_user("rad1", Role.RADIOLOGIST, email="rad1@example.com")
    make_user("rad2", Role.RADIOLOGIST, email="rad2@example.com")
    make_user("rad-no-mail", Role.RADIOLOGIST)
    make_user("rad-gone", Role.RADIOLOGIST, email="gone@example.com", is_active=False)
    make_user("desk1", Role.FRONT_DESK, email="desk@example.com")


def test_every_active_radiologist_with_an_email_gets_one(intake, staff):
    sent = notify_radiologists_of_critical(intake)

    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "rad1@example.com",
        "rad2@example.com",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_the_email_links_to_the_intake_page(intake, staff, settings):
    settings.SITE_URL = "https://intake.example.org"

    notify_radiologists_of_critical(intake)

    body = mail.outbox[0].body
    assert f"https://intake.example.org/review/{intake.pk}/" in body
    assert "critical" in mail.outbox[0].subject


def test_the_email_holds_no_patient_data(intake, staff):
    notify_radiologists_of_critical(intake)

    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    for detail in (
        "Margaret",
        "Lee",
        "1948",
        "14 Mar",
        "Eliquis",
        "fish oil",
        "Vertebroplasty",
        "TEST_CRITICAL",
        "m.lee@example.com",
    ):
        assert detail.lower() not in text.lower(), detail
    assert "\n" not in message.subject


def test_sending_is_audited(intake, staff):
    notify_radiologists_of_critical(intake)

    event = AuditEvent.objects.about(intake).get(code="intake.notified")
    assert event.data == {"recipients": 2}


def test_a_mail_failure_is_logged_not_raised(intake, staff, monkeypatch, caplog):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("relay down")

    monkeypatch.setattr(emails, "send_mass_mail", refuse)

    assert notify_radiologists_of_critical(intake) == 0
    assert "failed" in caplog.text
    assert AuditEvent.objects.about(intake).filter(code="intake.notify_failed")


def test_no_radiologist_to_alert_is_logged_and_not_claimed(intake, caplog):
    assert notify_radiologists_of_critical(intake) == 0
    assert mail.outbox == []
    assert "No radiologist" in caplog.text
    events = AuditEvent.objects.about(intake)
    assert not events.filter(code="intake.notified").exists()
    failed = events.get(code="intake.notify_failed")
    assert failed.data == {"reason": "no_recipients"}


def test_the_queue_and_staff_home_warn_when_nobody_can_be_alerted(client, db):
    rad = make_user("rad-no-mail", Role.RADIOLOGIST, is_staff=True)
    client.force_login(rad)
    warning = "Nobody will be alerted about critical flags."

    assert warning in client.get("/review/").content.decode()
    assert warning in client.get("/staff/").content.decode()

    rad.email = "rad@example.com"
    rad.save()
    assert warning not in client.get("/review/").content.decode()
    assert warning not in client.get("/staff/").content.decode()


def test_the_clinic_name_is_not_html_escaped(intake, staff, settings):
    settings.CLINIC_NAME = "Pain & Spine"

    notify_radiologists_of_critical(intake)

    assert mail.outbox[0].subject.startswith("Pain & Spine: ")
    assert "Pain & Spine" in mail.outbox[0].body
