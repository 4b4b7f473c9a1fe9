"""Audit writers at once, through real PostgreSQL connections: one chain, no fork."""

import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from clinic.models import AuditEvent
from clinic.services import record_event
from tests.conftest import skip_unless_postgresql
from tests.intake.test_review_concurrency import _run

pytestmark = pytest.mark.django_db(transaction=True)

HOLD_SECONDS = 0.5


@pytest.fixture(autouse=True)
def needs_postgresql():
    skip_unless_postgresql()


def test_a_second_writer_waits_for_the_first_and_chains_after_it():
    first_wrote = threading.Event()

    def first():
        with transaction.atomic():
            event = record_event("x.first")
            first_wrote.set()
            time.sleep(HOLD_SECONDS)  # keep the head locked while B tries
        return event

    def second():
        assert first_wrote.wait(10)
        started = time.monotonic()
        event = record_event("x.second")
        return event, time.monotonic() - started

    (pid_a, first_event), (pid_b, (second_event, waited)) = _run(first, second)

    assert pid_a != pid_b
    assert waited >= HOLD_SECONDS * 0.8  # it blocked on the head's row lock
    assert (first_event.seq, second_event.seq) == (1, 2)
    assert second_event.prev_hash == first_event.entry_hash


def test_many_writers_at_once_leave_one_intact_chain():
    barrier = threading.Barrier(4)

    def writer(name):
        def write():
            barrier.wait(10)
            for n in range(10):
                record_event(f"x.{name}", data={"n": n})
            return name

        return write

    results = _run(*(writer(name) for name in "abcd"))

    assert [result for _, result in results] == list("abcd")
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == (
        list(range(1, 41))
    )
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "40 events" in out.getvalue()
