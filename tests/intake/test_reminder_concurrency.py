"""Two schedulers at once, through two real PostgreSQL connections: one reminder.

The first run inserts its reminder record and holds its transaction open; the second
run reads before that commit (so it sees no reminder yet), then must wait on the
unique record and give way, never send a second email.
"""

import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from intake.models import Notification
from intake.services.reminders import send_due_reminders
from tests.conftest import skip_unless_postgresql
from tests.intake.test_review_concurrency import _run as run_in_threads
from tests.intake.test_send_reminders import NOON, unopened

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 0.5


@pytest.fixture(autouse=True)
def needs_postgresql(settings):
    skip_unless_postgresql()
    settings.TIME_ZONE = "America/New_York"
    call_command("load_catalog", verbosity=0)  # flushed by transactional tests


def test_two_schedulers_at_once_send_one_reminder():
    appointment, _ = unopened()
    first_inserted = threading.Event()

    def first():
        with transaction.atomic():
            queued = send_due_reminders(now=NOON)
            first_inserted.set()
            time.sleep(HOLD_SECONDS)
        return queued

    def second():
        assert first_inserted.wait(timeout=10)
        return send_due_reminders(now=NOON)

    (first_pid, first_queued), (second_pid, second_queued) = run_in_threads(
        first, second
    )

    assert first_pid != second_pid  # two database sessions
    assert (first_queued, second_queued) == (1, 0)
    assert Notification.objects.filter(appointment=appointment).count() == 1
    assert len(mail.outbox) == 1


def test_the_database_refuses_a_second_record_of_one_reminder():
    appointment, _ = unopened()
    Notification.objects.create(
        appointment=appointment, kind="reminder_unopened", created_at=NOON
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            appointment=appointment, kind="reminder_unopened", created_at=NOON
        )
