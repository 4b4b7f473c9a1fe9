"""Which reminder is due, at each rule's boundary (time passed in, no database)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from intake.reminders import Situation, due_reminder, is_quiet

CLINIC = ZoneInfo("America/New_York")
NOON = dt.datetime(2031, 1, 15, 12, 0, tzinfo=CLINIC)
SECOND = dt.timedelta(seconds=1)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def clinic_time_zone(settings):
    settings.TIME_ZONE = "America/New_York"


def situation(status="in_progress", *, scheduled_at, issued_at=None, sent=()):
    issued_at = issued_at or scheduled_at - 10 * DAY
    return Situation(
        status=status,
        scheduled_at=scheduled_at,
        link_issued_at=issued_at,
        link_expires_at=scheduled_at + 12 * dt.timedelta(hours=1),
        already_sent=frozenset(sent),
    )


def due(state, now):
    return due_reminder(state, now=now, schedule=settings.REMINDERS)


@pytest.mark.parametrize(
    "since_issue, expected",
    [
        (2 * DAY - SECOND, None),
        (2 * DAY, "reminder_unopened"),
        (5 * DAY, "reminder_unopened"),
    ],
)
def test_an_unopened_link_is_reminded_from_two_days_after_issue(since_issue, expected):
    now = NOON
    state = situation(
        "not_opened", scheduled_at=now + 7 * DAY, issued_at=now - since_issue
    )

    assert due(state, now) == expected


@pytest.mark.parametrize(
    "before_procedure, expected",
    [
        (3 * DAY + SECOND, None),
        (3 * DAY, "reminder_first"),
        (DAY + SECOND, "reminder_first"),
        (DAY, "reminder_last"),
        (SECOND, "reminder_last"),
    ],
)
def test_a_started_intake_is_reminded_three_days_and_one_day_before(
    before_procedure, expected
):
    now = NOON

    assert due(situation(scheduled_at=now + before_procedure), now) == expected


def test_a_reminder_already_recorded_is_not_due_again():
    now = NOON
    state = situation(scheduled_at=now + 2 * DAY, sent={"reminder_first"})

    assert due(state, now) is None


def test_once_the_last_reminder_is_due_a_missed_first_one_is_not_sent():
    now = NOON
    state = situation(scheduled_at=now + DAY / 2, sent={"reminder_last"})

    assert due(state, now) is None


@pytest.mark.parametrize("status", ["submitted", "reviewed"])
def test_a_submitted_intake_gets_no_reminder(status):
    now = NOON

    assert due(situation(status, scheduled_at=now + DAY / 2), now) is None


def test_an_unopened_intake_gets_no_days_before_reminder_once_the_first_was_sent():
    now = NOON
    state = situation(
        "not_opened", scheduled_at=now + DAY / 2, sent={"reminder_unopened"}
    )

    assert due(state, now) is None


def test_nothing_is_sent_once_the_link_expired():
    now = NOON
    state = Situation(
        status="in_progress",
        scheduled_at=now + DAY / 2,
        link_issued_at=now - 14 * DAY,
        link_expires_at=now,
    )

    assert due(state, now) is None
    assert due(state, now - SECOND) == "reminder_last"


def test_nothing_is_sent_once_the_procedure_time_passed():
    now = NOON
    state = Situation(
        status="in_progress",
        scheduled_at=now,
        link_issued_at=now - 3 * DAY,
        link_expires_at=now + DAY,
    )

    assert due(state, now) is None


@pytest.mark.parametrize(
    "hour, minute, quiet",
    [(7, 59, True), (8, 0, False), (19, 59, False), (20, 0, True), (0, 0, True)],
)
def test_nights_in_the_clinics_time_zone_are_quiet(hour, minute, quiet):
    local = dt.datetime(2031, 1, 15, hour, minute, tzinfo=CLINIC)

    assert is_quiet(local.astimezone(dt.UTC), settings.REMINDERS) is quiet
    state = situation(scheduled_at=local + DAY / 2)
    assert (due(state, local) is None) is quiet


def test_quiet_hours_follow_the_clinics_zone_not_utc(settings):
    settings.TIME_ZONE = "America/Los_Angeles"
    # 21:00 in New York is 18:00 in Los Angeles: a Los Angeles clinic may send.
    evening = dt.datetime(2031, 1, 15, 21, 0, tzinfo=CLINIC)

    assert not is_quiet(evening, settings.REMINDERS)
