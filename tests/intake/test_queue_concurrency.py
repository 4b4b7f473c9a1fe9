"""The desk moves or cancels an appointment while its intake is being submitted.

Through two real PostgreSQL connections: the submission holds the intake's row (and
updates it twice, which makes PostgreSQL check the appointment key at commit) while
the desk writes. Neither may deadlock, and the queue's columns must end up with the
submission's flags and the desk's change both.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import transaction
from django.utils import timezone

from intake.models import NO_OPEN_FLAG, Appointment, Intake
from intake.services.invitations import cancel_appointment, reschedule_appointment
from intake.services.submission import save_step, submit_intake
from intake.steps import STEP_BY_SLUG
from tests.conftest import make_user
from tests.intake.conftest import VALID_STEPS, make_appointment
from tests.intake.test_review_concurrency import _run as run_in_threads

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_postgresql"),
]

HOLD_SECONDS = 0.5


@pytest.fixture
def filled():
    """An intake with every step saved, ready to be signed."""
    appointment, _ = make_appointment()
    intake = Intake.objects.get(pk=appointment.intake.pk)
    for slug, data in VALID_STEPS.items():
        posted = {k: v if isinstance(v, list) else [v] for k, v in data.items()}
        save_step(intake, STEP_BY_SLUG[slug], posted, valid=True)
    return intake


def _while_submitting(intake, desk_write):
    """Submit, holding the transaction open while the desk writes; return both."""
    submitted = threading.Event()
    now = timezone.now()

    def submit():
        with transaction.atomic():
            submit_intake(Intake.objects.get(pk=intake.pk), signature="M L", now=now)
            submitted.set()
            time.sleep(HOLD_SECONDS)
        return "submitted"

    def desk():
        assert submitted.wait(10)
        desk_write(Appointment.objects.get(pk=intake.appointment_id), now)
        return "written"

    return [outcome for _pid, outcome in run_in_threads(submit, desk)]


def test_a_reschedule_during_a_submission_waits_and_keeps_the_flags(filled):
    desk_user = make_user("desk-a")
    later = timezone.now().replace(microsecond=0) + dt.timedelta(days=9)

    def move(appointment, now):
        reschedule_appointment(
            appointment, scheduled_at=later, spinal_level="", actor=desk_user, now=now
        )

    assert _while_submitting(filled, move) == ["submitted", "written"]
    stored = Intake.objects.get(pk=filled.pk)
    assert stored.flags.exists()
    assert stored.has_flags is True and stored.worst_rank < NO_OPEN_FLAG
    assert stored.scheduled_at == later


def test_a_cancellation_during_a_submission_keeps_the_flags(filled):
    desk_user = make_user("desk-b")

    def cancel(appointment, now):
        cancel_appointment(appointment, actor=desk_user, now=now)

    assert _while_submitting(filled, cancel) == ["submitted", "written"]
    stored = Intake.objects.get(pk=filled.pk)
    assert stored.has_flags is True and stored.worst_rank < NO_OPEN_FLAG
    assert stored.cancelled is True
