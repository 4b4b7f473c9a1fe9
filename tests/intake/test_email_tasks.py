"""Emails through the real database queue and its worker: sent, retried, recorded."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intake.models import Notification
from intake.services import emails
from tests.intake.conftest import make_appointment

# The worker closes a connection left outside autocommit (close_old_connections), as
# a test's wrapping transaction would be: these tests commit for real instead.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("load_catalog", verbosity=0)  # flushed by transactional tests


def work():
    """Run the worker until nothing due is left, as `manage.py db_worker` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def queued(django_capture_on_commit_callbacks):
    """An invitation queued after its transaction committed; not yet sent."""
    appointment, token = make_appointment()
    with django_capture_on_commit_callbacks(execute=True):
        emails.queue_invitation(appointment, token, now=timezone.now())
    return Notification.objects.get(), token


@pytest.fixture
def flaky_mail(monkeypatch):
    """The mail server refuses the first `failures` messages."""
    real = emails.send_mail
    state = {"failures": 0}

    def send(*args, **kwargs):
        if state["failures"]:
            state["failures"] -= 1
            raise smtplib.SMTPServerDisconnected("gone")
        return real(*args, **kwargs)

    monkeypatch.setattr(emails, "send_mail", send)
    return state


def make_retries_due():
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(seconds=1))


def test_nothing_is_sent_until_a_worker_runs(queued):
    record, _ = queued

    assert mail.outbox == []
    assert record.state == "queued"
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_worker_sends_the_email_and_records_it(queued):
    record, token = queued

    work()

    assert len(mail.outbox) == 1
    assert f"/i/{token}/" in mail.outbox[0].body
    record.refresh_from_db()
    assert (record.state, record.attempts) == ("sent", 1)
    assert record.finished_at is not None


def test_a_failed_send_is_retried_later_not_at_once(queued, flaky_mail):
    record, _ = queued
    flaky_mail["failures"] = 1

    work()

    record.refresh_from_db()
    assert (record.state, record.attempts, record.reason) == ("queued", 1, "smtp")
    retry = DBTaskResult.objects.get(status="READY")
    wait = retry.run_after - timezone.now()
    assert dt.timedelta(minutes=1) < wait <= dt.timedelta(minutes=2)
    assert mail.outbox == []

    make_retries_due()
    work()

    record.refresh_from_db()
    assert (record.state, record.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_retries_stop_after_the_last_attempt_and_the_failure_is_recorded(
    queued, flaky_mail
):
    record, _ = queued
    flaky_mail["failures"] = 99

    for _ in range(6):
        work()
        make_retries_due()

    record.refresh_from_db()
    assert (record.state, record.attempts, record.reason) == ("failed", 4, "smtp")
    assert not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.parametrize(
    "attempts, delay",
    [(1, 2), (2, 10), (3, 50), (4, None)],
)
def test_the_back_off_grows_and_is_bounded(attempts, delay):
    expected = dt.timedelta(minutes=delay) if delay else None

    assert emails.retry_delay(attempts) == expected


def test_a_task_run_twice_sends_once(queued):
    record, _ = queued

    emails.deliver(record.pk, now=timezone.now())
    emails.deliver(record.pk, now=timezone.now())

    assert len(mail.outbox) == 1


def test_a_link_replaced_before_sending_is_not_sent(queued):
    record, _ = queued
    record.link.revoked_at = timezone.now()
    record.link.save()

    work()

    record.refresh_from_db()
    assert (record.state, record.reason) == ("skipped", "link_replaced")
    assert mail.outbox == []


def test_the_desk_sees_each_email_and_its_state(queued, desk_client):
    record, _ = queued
    work()

    html = desk_client.get(f"/desk/appointments/{record.appointment_id}/").content
    html = html.decode()

    assert "Invitation" in html
    assert "Sent" in html
