"""The front desk's side effects beyond invitations.py: emailing the intake link.

The email says who, what and when (clinic, procedure, date) and carries the link; it
never carries clinical answers or flags.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from clinic.services import record_event
from intake.languages import in_patient_language
from intake.services.invitations import find_link, intake_url
from procedures.localization import in_language

logger = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "intake/email/invitation_subject.txt"
BODY_TEMPLATE = "intake/email/invitation_body.txt"


def invitation_email(appointment, token):
    """Return the (subject, body) of the email that sends a patient their link."""
    link = find_link(token)
    language = appointment.patient.preferred_language
    context = {
        "patient": appointment.patient,
        "procedure": in_language(appointment.procedure, language),
        "scheduled_at": appointment.scheduled_at,
        "expires_at": link.expires_at if link is not None else None,
        "link": intake_url(token),
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
    }
    with in_patient_language(appointment.patient):
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        return subject, render_to_string(BODY_TEMPLATE, context)


def email_invitation(appointment, token, *, now, actor=None, request=None):
    """Email the link to the patient; False when there is no address or it fails."""
    address = appointment.patient.email
    if not address:
        return False
    subject, body = invitation_email(appointment, token)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    except (smtplib.SMTPException, OSError):
        # Ids only: the log must not carry the address or the link.
        logger.warning("Could not email the link for appointment %s", appointment.pk)
        return False
    record_event(
        "link.emailed", actor=actor, request=request, target=appointment, now=now
    )
    return True
