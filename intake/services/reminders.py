"""Queue the reminders that are due: each one once per appointment and kind."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from clinic.services import record_event
from intake.models import Appointment, IntakeLink, Notification, working_link
from intake.reminders import Situation, due_reminder, is_quiet
from intake.services.emails import queue_email


def send_due_reminders(*, now):
    """Queue every reminder due now; return how many were queued (idempotent)."""
    schedule = settings.REMINDERS
    if is_quiet(now, schedule):
        return 0
    queued = 0
    for appointment in _candidates(now):
        link = appointment.working_links[0]
        situation = Situation(
            status=appointment.intake.status,
            scheduled_at=appointment.scheduled_at,
            link_issued_at=link.issued_at,
            link_expires_at=link.expires_at,
            already_sent=frozenset(n.kind for n in appointment.notifications.all()),
        )
        kind = due_reminder(situation, now=now, schedule=schedule)
        if kind and queue_reminder(appointment, kind=kind, link=link, now=now):
            queued += 1
    return queued


def _candidates(now):
    working = IntakeLink.objects.filter(working_link(now=now)).order_by("-issued_at")
    return (
        Appointment.objects.reminder_candidates(now=now)
        .select_related("intake")
        .only("scheduled_at", "intake__status")
        .prefetch_related(
            Prefetch("links", queryset=working, to_attr="working_links"),
            Prefetch("notifications", queryset=Notification.objects.only("kind")),
        )
    )


@transaction.atomic
def queue_reminder(appointment, *, kind, link, now):
    """Record and queue one reminder; False when another run already did."""
    try:
        with transaction.atomic():
            queue_email(appointment.pk, kind=kind, now=now, link=link)
    except IntegrityError:
        return False  # the unique record: another scheduler got there first
    record_event("reminder.queued", target=appointment, now=now, data={"kind": kind})
    return True
