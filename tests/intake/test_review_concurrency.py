"""Two radiologists on one intake at once, through two real PostgreSQL connections.

Each thread gets its own Django connection (they are per thread), so the database
sees two sessions. The first holds its write open while the second tries: the second
must wait for it, then be refused as stale, never overwrite it.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from clinic.models import AuditEvent
from clinic.roles import Role
from intake.models import Flag, Intake, Status
from intake.services.review import (
    StaleIntake,
    acknowledge_flag,
    record_decision,
    resolve_flag,
)
from tests.conftest import make_user
from tests.intake.conftest import make_submitted_intake

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_postgresql"),
]

HOLD_SECONDS = 0.5


def _run(*targets):
    """Run each target in its own thread (own connection); return their results."""
    results = [None] * len(targets)

    def runner(index, target):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            results[index] = (pid, target())
        except Exception as error:  # the test inspects it
            results[index] = (None, error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=runner, args=(index, target))
        for index, target in enumerate(targets)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_the_second_of_two_flag_actions_waits_then_is_refused():
    intake = make_submitted_intake(severities=["critical", "high"])
    critical = intake.flags.get(severity="critical")
    high = intake.flags.get(severity="high")
    first_user = make_user("rad-a", Role.RADIOLOGIST)
    second_user = make_user("rad-b", Role.RADIOLOGIST)
    first_wrote = threading.Event()
    now = timezone.now()

    def first():
        with transaction.atomic():
            resolve_flag(
                critical,
                expected_version=0,
                disposition="proceed",
                actor=first_user,
                now=now,
            )
            first_wrote.set()
            time.sleep(HOLD_SECONDS)  # keep the transaction open while B tries
        return "saved"

    def second():
        assert first_wrote.wait(10)
        started = time.monotonic()
        try:
            acknowledge_flag(high, expected_version=0, actor=second_user, now=now)
        except StaleIntake as error:
            return error, time.monotonic() - started
        return "saved", time.monotonic() - started

    (pid_a, outcome_a), (pid_b, outcome_b) = _run(first, second)

    assert pid_a != pid_b  # two database sessions
    assert outcome_a == "saved"
    refusal, waited = outcome_b
    assert isinstance(refusal, StaleIntake)
    assert "Another radiologist changed this intake" in refusal.messages[0]
    assert waited >= HOLD_SECONDS * 0.8  # it blocked on A's row lock
    assert Intake.objects.get(pk=intake.pk).version == 1
    assert Flag.objects.get(pk=critical.pk).status == Flag.State.RESOLVED
    assert Flag.objects.get(pk=high.pk).status == Flag.State.OPEN
    assert Flag.objects.get(pk=high.pk).acted_by is None
    assert not AuditEvent.objects.filter(code="flag.acknowledged").exists()


def test_two_simultaneous_decisions_record_exactly_one():
    intake = make_submitted_intake(severities=["high"])
    users = [make_user(f"rad-{n}", Role.RADIOLOGIST) for n in range(2)]
    barrier = threading.Barrier(2)
    now = timezone.now()

    def decide(user, decision):
        def target():
            barrier.wait(10)
            try:
                record_decision(
                    intake,
                    expected_version=0,
                    decision=decision,
                    instructions="We will call you.",
                    actor=user,
                    now=now,
                )
            except StaleIntake:
                return "refused"
            return "saved"

        return target

    results = _run(decide(users[0], "needs_follow_up"), decide(users[1], "postponed"))

    outcomes = sorted(outcome for _, outcome in results)
    assert outcomes == ["refused", "saved"], results
    saved = Intake.objects.get(pk=intake.pk)
    winner = users[[outcome for _, outcome in results].index("saved")]
    assert saved.decided_by == winner
    assert saved.status == Status.REVIEWED
    assert saved.version == 1
    assert AuditEvent.objects.filter(code="intake.decided").count() == 1
