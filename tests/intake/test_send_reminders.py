"""Reminders queued by send_reminders: the same link, once each, never when not due."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Intake, IntakeLink, Notification, Status
from intake.services.invitations import cancel_appointment, issue_link
from intake.services.reminders import send_due_reminders
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2031, 1, 15, 12, 0, tzinfo=ZoneInfo("America/New_York"))
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def clinic_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the scheduler at a given time, with its queued emails sent."""

    def at(now):
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders(now=now)

    return at


def unopened(**fields):
    """An appointment a week after its link, issued two days before NOON."""
    return make_appointment(now=NOON - 2 * DAY, days_ahead=7, **fields)


def started(days_before, **fields):
    appointment, token = make_appointment(
        now=NOON - 5 * DAY, days_ahead=5 + days_before, **fields
    )
    Intake.objects.filter(appointment=appointment).update(status=Status.IN_PROGRESS)
    return appointment, token


def test_an_unopened_link_gets_one_reminder_with_the_same_link(run):
    appointment, token = unopened()

    assert run(NOON) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["m.lee@example.com"]
    assert f"/i/{token}/" in message.body
    assert "reminder" in message.subject
    assert "Vertebroplasty" not in message.subject
    record = Notification.objects.get(appointment=appointment)
    assert (record.kind, record.state) == ("reminder_unopened", "sent")
    assert record.finished_at is not None
    assert appointment.links.filter(revoked_at__isnull=True).count() == 1


def test_running_again_sends_nothing_more(run):
    unopened()
    run(NOON)

    assert run(NOON + dt.timedelta(minutes=5)) == 0
    assert run(NOON + DAY) == 0
    assert len(mail.outbox) == 1


def test_a_link_not_yet_two_days_old_gets_nothing(run):
    unopened()

    assert run(NOON - dt.timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_a_started_intake_gets_a_first_and_a_last_reminder(run):
    appointment, _ = started(days_before=3)

    assert run(NOON) == 1
    assert run(NOON + DAY) == 0
    assert run(NOON + 2 * DAY) == 1

    kinds = list(appointment.notifications.values_list("kind", flat=True))
    assert kinds == ["reminder_first", "reminder_last"]
    assert len(mail.outbox) == 2


def test_nothing_goes_out_at_night_in_the_clinics_time_zone(run):
    unopened()

    assert run(NOON.replace(hour=21)) == 0
    assert run(NOON.replace(hour=7, minute=59) + DAY) == 0
    assert run(NOON.replace(hour=8) + DAY) == 1


def test_a_submitted_intake_gets_nothing(run):
    appointment, _ = started(days_before=1)
    Intake.objects.filter(appointment=appointment).update(status=Status.SUBMITTED)

    assert run(NOON) == 0


def test_a_cancelled_appointment_gets_nothing(run):
    appointment, _ = unopened()
    cancel_appointment(appointment, actor=None, now=NOON - DAY)

    assert run(NOON) == 0


def test_a_locked_link_gets_nothing(run):
    appointment, _ = unopened()
    IntakeLink.objects.filter(appointment=appointment).update(locked_at=NOON - DAY)

    assert run(NOON) == 0


def test_an_expired_link_gets_nothing(run):
    appointment, _ = started(days_before=1)
    IntakeLink.objects.filter(appointment=appointment).update(expires_at=NOON)

    assert run(NOON) == 0


def test_a_patient_who_said_stop_gets_nothing(run):
    appointment, _ = unopened()
    appointment.reminders_stopped_at = NOON - DAY
    appointment.save()

    assert run(NOON) == 0


def test_a_replaced_link_is_not_the_one_reminded(run):
    appointment, old_token = started(days_before=3)
    new_token = issue_link(appointment, now=NOON - DAY)

    run(NOON)

    assert f"/i/{new_token}/" in mail.outbox[0].body
    assert old_token not in mail.outbox[0].body


def test_a_reminder_queued_before_submission_is_not_sent_after_it(
    django_capture_on_commit_callbacks,
):
    appointment, _ = unopened()
    with django_capture_on_commit_callbacks() as queued:
        send_due_reminders(now=NOON)
    Intake.objects.filter(appointment=appointment).update(status=Status.SUBMITTED)

    for callback in queued:
        callback()

    assert mail.outbox == []
    record = Notification.objects.get(appointment=appointment)
    assert (record.state, record.reason) == ("skipped", "submitted")


def test_queueing_is_audited_without_patient_data(run):
    appointment, _ = unopened()

    run(NOON)

    event = AuditEvent.objects.get(code="reminder.queued")
    assert event.target_id == str(appointment.pk)
    assert event.data == {"kind": "reminder_unopened"}
    sent = AuditEvent.objects.get(code="reminder.sent")
    assert "m.lee" not in str(sent.data)


def test_the_command_queues_what_is_due_once(
    monkeypatch, capsys, django_capture_on_commit_callbacks
):
    unopened()
    monkeypatch.setattr(timezone, "now", lambda: NOON.astimezone(dt.UTC))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
        call_command("send_reminders")

    assert capsys.readouterr().out.splitlines() == [
        "1 reminder(s) queued.",
        "0 reminder(s) queued.",
    ]
    assert len(mail.outbox) == 1


def test_a_reminder_speaks_the_patients_preferred_language(run):
    from intake.models import Patient

    appointment, _ = unopened()
    Patient.objects.filter(pk=appointment.patient_id).update(preferred_language="es")

    run(NOON)

    message = mail.outbox[0]
    assert "le recordamos llenar su formulario" in message.subject
    assert "todavía no hemos recibido su formulario" in message.body
