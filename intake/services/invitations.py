"""Register appointments and issue, verify, revoke and cancel intake links.

Every write runs in one transaction and appends its audit event. Events carry ids and
codes only, never names, dates of birth or answers.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from clinic.services import record_event
from intake.models import (
    MAX_DOB_ATTEMPTS,
    Appointment,
    Intake,
    IntakeLink,
    Patient,
    Status,
    hash_token,
)


def intake_url(token):
    """Return the absolute link a patient opens, for emails and the front desk."""
    return settings.SITE_URL.rstrip("/") + reverse("patient:start", args=[token])


@transaction.atomic
def register_appointment(
    *,
    patient_fields,
    procedure,
    scheduled_at,
    spinal_level="",
    actor=None,
    now,
    request=None,
):
    """Create the patient, the appointment, its empty intake and a first link."""
    patient = Patient.objects.create(**patient_fields)
    appointment = Appointment.objects.create(
        patient=patient,
        procedure=procedure,
        scheduled_at=scheduled_at,
        spinal_level=spinal_level,
        created_by=actor,
    )
    Intake.objects.create(appointment=appointment, scheduled_at=scheduled_at)
    record_event(
        "appointment.registered",
        actor=actor,
        request=request,
        target=appointment,
        now=now,
    )
    token = issue_link(appointment, actor=actor, now=now, request=request)
    return appointment, token


@transaction.atomic
def issue_link(appointment, *, actor=None, now, request=None):
    """Issue a fresh link (the previous ones die) and return its token, shown once."""
    appointment = Appointment.objects.select_for_update(no_key=True).get(
        pk=appointment.pk
    )
    if appointment.cancelled_at is not None:
        raise AppointmentCancelled
    appointment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
    nonce = IntakeLink.new_nonce()
    token = IntakeLink.token_for(nonce)
    link = IntakeLink.objects.create(
        appointment=appointment,
        nonce=nonce,
        token_hash=hash_token(token),
        issued_at=now,
        expires_at=appointment.link_expiry(now),
    )
    record_event("link.issued", actor=actor, request=request, target=link, now=now)
    return token


class AppointmentCancelled(Exception):
    """A cancelled appointment gets no new link."""


def mark_opened(intake):
    """Count the intake as in progress from the moment the patient is let in."""
    Intake.objects.filter(pk=intake.pk, status=Status.NOT_OPENED).update(
        status=Status.IN_PROGRESS
    )


@transaction.atomic
def cancel_appointment(appointment, *, actor, now, request=None):
    """Cancel once; a repeat changes nothing and writes no second event."""
    cancelled = Appointment.objects.filter(
        pk=appointment.pk, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    if not cancelled:
        return
    appointment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
    # Only its own column: a refresh waiting on the intake's lock would recompute
    # the flag columns from before the lock holder's work.
    Intake.objects.filter(appointment=appointment).update(cancelled=True)
    record_event(
        "appointment.cancelled",
        actor=actor,
        request=request,
        target=appointment,
        now=now,
    )


@transaction.atomic
def reschedule_appointment(
    appointment, *, scheduled_at, spinal_level, actor, now, request=None
):
    """Move the procedure; live links expire by the new date; answers are kept."""
    # No key changes, so no key lock: a submission's foreign-key check on this row
    # (taken when it updates the intake twice) never waits for this one.
    appointment = Appointment.objects.select_for_update(no_key=True).get(
        pk=appointment.pk
    )
    if appointment.cancelled_at is not None:
        raise AppointmentCancelled
    moved = appointment.scheduled_at != scheduled_at
    if moved:
        appointment.rescheduled_from = appointment.scheduled_at
    appointment.scheduled_at, appointment.spinal_level = scheduled_at, spinal_level
    appointment.save(update_fields=["scheduled_at", "spinal_level", "rescheduled_from"])
    for link in appointment.links.filter(revoked_at__isnull=True):
        link.expires_at = appointment.link_expiry(link.issued_at)
        link.save(update_fields=["expires_at"])
    Intake.objects.filter(appointment=appointment).update(scheduled_at=scheduled_at)
    data = {"date_moved": moved}
    record_event(
        "appointment.rescheduled",
        actor=actor,
        request=request,
        target=appointment,
        now=now,
        data=data,
    )
    # On the intake too, so the radiologist's trail shows the move.
    record_event(
        "intake.rescheduled", actor=actor, target=appointment.intake, now=now, data=data
    )
    return appointment


@transaction.atomic
def update_contact(patient, *, email, phone, actor, now, request=None):
    """Correct the patient's email and phone; the audit names the fields, not values."""
    changed = [
        name
        for name, value in (("email", email), ("phone", phone))
        if getattr(patient, name) != value
    ]
    if not changed:
        return []
    Patient.objects.filter(pk=patient.pk).update(email=email, phone=phone)
    record_event(
        "patient.contact_changed",
        actor=actor,
        request=request,
        target=patient,
        now=now,
        data={"fields": changed},
    )
    return changed


@transaction.atomic
def stop_reminders(appointment, *, now, request=None):
    """Record the patient's wish for no more reminders; a repeat changes nothing."""
    stopped = Appointment.objects.filter(
        pk=appointment.pk, reminders_stopped_at__isnull=True
    ).update(reminders_stopped_at=now)
    if stopped:
        record_event("reminders.stopped", request=request, target=appointment, now=now)


def find_link(token):
    """Return the link for a token, or None; the token itself is never stored."""
    if not token or len(token) > 100:
        return None
    return (
        IntakeLink.objects.select_related(
            "appointment__patient", "appointment__intake", "appointment__procedure"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def check_date_of_birth(link, date_of_birth, *, now, request=None):
    """Return True when the date matches; count a miss and lock after the third."""
    link = IntakeLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_usable(now=now):
        return False
    if link.appointment.patient.date_of_birth == date_of_birth:
        mark_opened(link.appointment.intake)
        record_event("link.verified", request=request, target=link, now=now)
        return True
    IntakeLink.objects.filter(pk=link.pk).update(
        failed_attempts=F("failed_attempts") + 1
    )
    link.refresh_from_db(fields=["failed_attempts"])
    record_event("link.failed", request=request, target=link, now=now)
    if link.failed_attempts >= MAX_DOB_ATTEMPTS:
        IntakeLink.objects.filter(pk=link.pk).update(locked_at=now)
        record_event("link.locked", request=request, target=link, now=now)
    return False
