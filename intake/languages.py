"""The patient's language outside a request: emails, reminders, commands."""

from django.conf import settings
from django.utils import translation


def in_patient_language(patient):
    """Return a context manager in which gettext speaks the patient's language.

    Use it around anything rendered for the patient away from their browser:
    `with in_patient_language(appointment.patient): subject, body = ...`.
    """
    return translation.override(patient.preferred_language or settings.LANGUAGE_CODE)
