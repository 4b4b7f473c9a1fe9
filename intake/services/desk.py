"""The invitation email: the intake link, who, what and when.

The email says who, what and when (clinic, procedure, date) and carries the link; it
never carries clinical answers or flags.
"""

from django.conf import settings
from django.template.loader import render_to_string

from intake.languages import in_patient_language
from intake.services.invitations import find_link, intake_url
from procedures.localization import in_language

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
