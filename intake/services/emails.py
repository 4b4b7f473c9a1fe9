"""Every email the clinic sends, each queued as a background task after commit.

`queue_email` records a Notification and enqueues `intake.tasks.send_notification`
once the caller's transaction commits; `deliver` (run by the task) sends it, retries
a mail failure with a growing delay up to settings.EMAIL_ATTEMPTS, and records sent,
failed or not sent with the time: never the body. Emails carry a link and no clinical
content. A failure is logged with ids only and never reaches the patient's request.
"""

import logging
import smtplib
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from clinic.roles import Role
from clinic.services import record_event
from intake.languages import in_patient_language
from intake.models import FROZEN, Notification
from intake.services.desk import invitation_email
from intake.services.invitations import (
    AppointmentCancelled,
    find_link,
    intake_url,
    issue_link,
)

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)
Kind = Notification.Kind
State = Notification.State


class NotSent(Exception):
    """The email must not go out (no address, link replaced); the reason is a code."""


def _render(name, context):
    """Return (subject, body) from the email's two templates."""
    subject = render_to_string(f"intake/email/{name}_subject.txt", context)
    body = render_to_string(f"intake/email/{name}_body.txt", context)
    return " ".join(subject.split()), body


def review_url(intake):
    """Return the absolute address of the intake's review page."""
    path = reverse("review:intake", args=[intake.pk])
    return settings.SITE_URL.rstrip("/") + path


def alert_recipients():
    """Return the addresses of active radiologists, who get critical-flag alerts."""
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=str(Role.RADIOLOGIST))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def queue_email(appointment_id, *, kind, now, link=None):
    """Record the email as queued and send it from a task once this commits."""
    notification = Notification.objects.create(
        appointment_id=appointment_id, kind=kind, link=link, created_at=now
    )
    transaction.on_commit(partial(enqueue, notification.pk), robust=True)
    return notification


def queue_invitation(appointment, token, *, now):
    """Queue the email carrying this link; False when the patient has no address."""
    if not appointment.patient.email:
        return False
    link = find_link(token)
    queue_email(appointment.pk, kind=Kind.INVITATION, now=now, link=link)
    return True


def enqueue(notification_id, run_after=None):
    """Hand the email to the task queue, deferred when the backend can defer."""
    from intake.tasks import send_notification

    task = send_notification
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(notification_id)


def retry_delay(attempts):
    """Wait 1x, 5x, 25x... the first delay; None once the attempts are used up."""
    if attempts >= settings.EMAIL_ATTEMPTS:
        return None
    return settings.EMAIL_RETRY_FIRST_DELAY * 5 ** (attempts - 1)


def deliver(notification_id, *, now):
    """Send one queued email; record its fate; retry a mail failure later."""
    notification = Notification.objects.select_related(
        "appointment__patient", "appointment__procedure", "appointment__intake", "link"
    ).get(pk=notification_id)
    if notification.state != State.QUEUED:
        return notification.state  # a task run twice sends once
    notification.attempts += 1
    try:
        SENDERS[notification.kind](notification, now=now)
    except NotSent as refusal:
        return _finish(notification, State.SKIPPED, str(refusal), now=now)
    except MAIL_ERRORS:
        logger.warning("Email %s (%s) failed", notification.pk, notification.kind)
        delay = retry_delay(notification.attempts)
        if delay is None:
            return _finish(notification, State.FAILED, "smtp", now=now)
        notification.reason = "smtp"
        notification.save(update_fields=["attempts", "reason"])
        enqueue(notification.pk, run_after=now + delay)
        return notification.state
    return _finish(notification, State.SENT, "", now=now)


def _finish(notification, state, reason, *, now):
    notification.state, notification.reason, notification.finished_at = (
        state,
        reason,
        now,
    )
    notification.save(update_fields=["state", "reason", "finished_at", "attempts"])
    if state != State.SENT:
        _record_not_sent(notification, state, reason, now=now)
    return state


def _record_not_sent(notification, state, reason, *, now):
    """Audit an email that did not go out, on the intake when radiologists read it."""
    intake = notification.appointment.intake
    if notification.kind == Kind.CRITICAL_ALERT:
        data = {"reason": reason}
        record_event("intake.notify_failed", target=intake, now=now, data=data)
    elif notification.kind == Kind.OUTCOME:
        missing = reason == "no_address"
        code = (
            "intake.outcome_not_emailed" if missing else "intake.outcome_email_failed"
        )
        record_event(code, target=intake, now=now)
    else:
        data = {"kind": notification.kind, "reason": reason}
        code = f"email.{state}"
        record_event(code, target=notification.appointment, now=now, data=data)


def _patient_address(appointment):
    if not appointment.patient.email:
        raise NotSent("no_address")
    return appointment.patient.email


def _working_token(notification, *, now):
    """The token of the link the email carries, if that link still works."""
    link = notification.link
    if link is None or link.token is None or not link.is_usable(now=now):
        raise NotSent("link_replaced")
    return link.token


def send_invitation(notification, *, now):
    appointment = notification.appointment
    address = _patient_address(appointment)
    subject, body = invitation_email(appointment, _working_token(notification, now=now))
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    record_event("link.emailed", target=appointment, now=now)


def send_reminder(notification, *, now):
    appointment = notification.appointment
    if appointment.intake.status in FROZEN:
        raise NotSent("submitted")
    if appointment.reminders_stopped_at is not None:
        raise NotSent("patient_stopped")
    address = _patient_address(appointment)
    context = {
        "patient": appointment.patient,
        "scheduled_at": appointment.scheduled_at,
        "expires_at": notification.link.expires_at,
        "link": intake_url(_working_token(notification, now=now)),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    with in_patient_language(appointment.patient):
        subject, body = _render("reminder", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    record_event(
        "reminder.sent", target=appointment, now=now, data={"kind": notification.kind}
    )


def send_critical_alert(notification, *, now):
    """Email every active radiologist a link to the intake, one message each."""
    intake = notification.appointment.intake
    recipients = alert_recipients()
    if not recipients:
        logger.error("No radiologist with an email to alert for intake %s", intake.pk)
        raise NotSent("no_recipients")
    context = {"url": review_url(intake), "clinic_name": settings.CLINIC_NAME}
    subject, body = _render("critical", context)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    sent = send_mass_mail(messages, fail_silently=False)
    record_event("intake.notified", target=intake, now=now, data={"recipients": sent})


def send_outcome(notification, *, now):
    """Email the patient a fresh link to read the decision.

    The fresh link replaces the old one only if the email goes out: a failure rolls
    the new link back, so the patient's first link keeps working.
    """
    appointment = notification.appointment
    address = _patient_address(appointment)
    try:
        with transaction.atomic():
            token = issue_link(appointment, now=now)
            context = {
                "link": intake_url(token),
                "clinic_name": settings.CLINIC_NAME,
                "clinic_phone": settings.CLINIC_PHONE,
            }
            with in_patient_language(appointment.patient):
                subject, body = _render("outcome_ready", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
            record_event("intake.outcome_emailed", target=appointment.intake, now=now)
    except AppointmentCancelled as cancelled:
        raise NotSent("cancelled") from cancelled


SENDERS = {
    Kind.INVITATION: send_invitation,
    Kind.REMINDER_UNOPENED: send_reminder,
    Kind.REMINDER_FIRST: send_reminder,
    Kind.REMINDER_LAST: send_reminder,
    Kind.CRITICAL_ALERT: send_critical_alert,
    Kind.OUTCOME: send_outcome,
}
