"""Which reminder an unfinished intake is due, from its state and the clinic's schedule.

Pure: no database, time passed in. The schedule is settings.REMINDERS:
- a link not opened `unopened_after` its issue: one "not opened" reminder;
- an intake started and not submitted: one reminder from `first_before` the procedure
  and one from `last_before` it (only the later one once both are due);
- nothing once submitted, cancelled or opted out (the candidates query), nothing after
  the link or the procedure time passed, nothing in the clinic's quiet hours.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from intake.models import Notification, Status

Kind = Notification.Kind


@dataclass(frozen=True)
class Situation:
    status: str
    scheduled_at: datetime
    link_issued_at: datetime
    link_expires_at: datetime
    already_sent: frozenset = frozenset()


def is_quiet(now, schedule):
    """True in the clinic's night hours (local time), when no reminder goes out."""
    hour = timezone.localtime(now).hour
    start, end = schedule["quiet_from_hour"], schedule["quiet_until_hour"]
    return hour >= start or hour < end if start > end else start <= hour < end


def _kind_due(situation, now, schedule):
    if situation.status == Status.NOT_OPENED:
        opened_late = now >= situation.link_issued_at + schedule["unopened_after"]
        return Kind.REMINDER_UNOPENED if opened_late else None
    if situation.status != Status.IN_PROGRESS:
        return None
    if now >= situation.scheduled_at - schedule["last_before"]:
        return Kind.REMINDER_LAST
    if now >= situation.scheduled_at - schedule["first_before"]:
        return Kind.REMINDER_FIRST
    return None


def due_reminder(situation, *, now, schedule):
    """Return the reminder kind to send now, or None."""
    if is_quiet(now, schedule):
        return None
    if now >= situation.link_expires_at or now >= situation.scheduled_at:
        return None
    kind = _kind_due(situation, now, schedule)
    return None if kind in situation.already_sent else kind
