"""The patient is emailed that their answer is ready: a link, nothing clinical."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Intake, IntakeLink, Patient
from intake.services import emails
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db


def _decide(client, intake, decision="postponed", instructions="We will call you."):
    return client.post(
        f"/review/{intake.pk}/decision/",
        {
            "decision-decision": decision,
            "decision-instructions": instructions,
            "decision-version": 0,
        },
    )


def test_a_decision_emails_the_patient_a_fresh_link_once_committed(
    rad_client, django_capture_on_commit_callbacks
):
    intake = make_submitted_intake(severities=["high"])
    old_link = IntakeLink.objects.get(appointment=intake.appointment)

    with django_capture_on_commit_callbacks() as callbacks:
        _decide(rad_client, intake)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["m.lee@example.com"]
    assert "your answer is ready" in message.subject
    assert "/i/" in message.body
    old_link.refresh_from_db()
    assert old_link.revoked_at is not None
    assert AuditEvent.objects.about(intake).filter(code="intake.outcome_emailed")


def test_the_email_has_no_clinical_content(
    rad_client, django_capture_on_commit_callbacks
):
    intake = make_submitted_intake(severities=["high"])

    with django_capture_on_commit_callbacks(execute=True):
        _decide(rad_client, intake, instructions="Stop Eliquis on Monday.")

    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}".lower()
    for detail in (
        "vertebroplasty",
        "eliquis",
        "postponed",
        "margaret",
        "lee",
        "1948",
        "test_high",
        "monday",
    ):
        assert detail not in text, detail
    assert "\n" not in message.subject


def test_a_patient_without_an_email_is_not_emailed_and_the_trail_says_so(
    rad_client, django_capture_on_commit_callbacks
):
    intake = make_submitted_intake(severities=["high"], email="")

    with django_capture_on_commit_callbacks(execute=True):
        _decide(rad_client, intake)

    assert mail.outbox == []
    events = AuditEvent.objects.about(intake)
    assert events.filter(code="intake.outcome_not_emailed").exists()
    assert not events.filter(code="intake.outcome_emailed").exists()


def test_a_failed_email_keeps_the_first_link_working(db, monkeypatch, caplog):
    intake = make_submitted_intake(severities=[])
    Intake.objects.filter(pk=intake.pk).update(decision="cleared", status="reviewed")

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("relay down")

    monkeypatch.setattr(emails, "send_mail", refuse)

    record = emails.queue_email(
        intake.appointment_id, kind="outcome", now=timezone.now()
    )
    emails.deliver(record.pk, now=timezone.now())  # retries run inline here
    record.refresh_from_db()
    assert (record.state, record.attempts) == ("failed", 4)
    link = IntakeLink.objects.get(appointment=intake.appointment)
    assert link.revoked_at is None
    events = AuditEvent.objects.about(intake)
    assert events.filter(code="intake.outcome_email_failed").exists()
    assert not events.filter(code="intake.outcome_emailed").exists()
    assert "m.lee@example.com" not in caplog.text
    assert Patient.objects.count() == 1
