"""Every email the review sends, in one place (a task queue can take them over).

Emails carry a link and no clinical content: no answers, no flags, no procedure
name in a subject. A mail failure is logged with ids only and audited; it is never
raised into the request that caused it, and the audit trail never claims a message
that was not sent.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clinic.roles import Role
from clinic.services import record_event
from intake.languages import in_patient_language
from intake.models import Intake
from intake.services.invitations import AppointmentCancelled, intake_url, issue_link

logger = logging.getLogger(__name__)
MAIL_ERRORS = (smtplib.SMTPException, OSError)


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


def notify_radiologists_of_critical(intake):
    """Email every active radiologist a link to the intake; return how many."""
    recipients = alert_recipients()
    if not recipients:
        logger.error("No radiologist with an email to alert for intake %s", intake.pk)
        record_event(
            "intake.notify_failed", target=intake, data={"reason": "no_recipients"}
        )
        return 0
    context = {"url": review_url(intake), "clinic_name": settings.CLINIC_NAME}
    subject, body = _render("critical", context)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    try:
        sent = send_mass_mail(messages, fail_silently=False)
    except MAIL_ERRORS:
        logger.exception("Critical-flag email for intake %s failed", intake.pk)
        record_event("intake.notify_failed", target=intake, data={"reason": "smtp"})
        return 0
    record_event("intake.notified", target=intake, data={"recipients": sent})
    return sent


def email_outcome_ready(intake_id, *, now=None):
    """Email the patient a fresh link to read the decision; True once sent.

    The fresh link replaces the old one only if the email goes out: a failure rolls
    the new link back, so the patient's first link keeps working.
    """
    now = now or timezone.now()
    intake = Intake.objects.select_related("appointment__patient").get(pk=intake_id)
    appointment = intake.appointment
    if not appointment.patient.email:
        record_event("intake.outcome_not_emailed", target=intake, now=now)
        return False
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
            send_mail(
                subject, body, settings.DEFAULT_FROM_EMAIL, [appointment.patient.email]
            )
            record_event("intake.outcome_emailed", target=intake, now=now)
    except (AppointmentCancelled, *MAIL_ERRORS):
        logger.warning("Could not email the outcome for intake %s", intake.pk)
        record_event("intake.outcome_email_failed", target=intake, now=now)
        return False
    return True
