"""The radiologist's writes: act on flags, record the clearance decision, alert.

Every write takes the intake's `version` the radiologist's form was built from and
bumps it in the same UPDATE that checks it, so of two radiologists acting on the same
page the second is refused (StaleIntake) instead of overwriting the first. The UPDATE
also holds the intake row until commit, which serialises flag and decision writes.
Audit events carry ids and codes only, never names, answers or notes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from clinic.services import record_event
from intake.dispositions import HOLDS, NEEDS_NOTE, NOT_ON_THIS_DATE, review_of
from intake.models import (
    CLEARING,
    REVIEWABLE,
    Decision,
    Flag,
    Intake,
    Notification,
    Severity,
    Status,
)
from intake.services import emails


class ReviewRefused(ValidationError):
    """A review write that the rules refuse; the message is shown to the user."""


class StaleIntake(ReviewRefused):
    """Someone changed the intake since the form was loaded."""

    def __init__(self):
        super().__init__(
            _(
                "Another radiologist changed this intake while you were reading it. "
                "Nothing was saved: check their changes below and try again."
            ),
            code="stale",
        )


def _claim(intake_id, expected_version):
    """Bump the version if it is still the expected one; refuse a stale write."""
    claimed = Intake.objects.filter(
        pk=intake_id, version=expected_version, status__in=REVIEWABLE
    ).update(version=F("version") + 1)
    if not claimed:
        raise StaleIntake


def _current_flag(flag, *, allowed):
    """Re-read the flag under the intake's lock; refuse it if already acted on."""
    current = Flag.objects.get(pk=flag.pk)
    if current.status not in allowed:
        message = {
            Flag.State.ACKNOWLEDGED: _("This flag has already been acknowledged."),
            Flag.State.RESOLVED: _("This flag has already been resolved."),
        }[current.status]
        raise ReviewRefused(message, code=f"already_{current.status}")
    return current


@transaction.atomic
def acknowledge_flag(flag, *, expected_version, note="", actor, now, request=None):
    """Mark an open flag as seen; it still needs resolving."""
    _claim(flag.intake_id, expected_version)
    flag = _current_flag(flag, allowed=(Flag.State.OPEN,))
    flag.status = Flag.State.ACKNOWLEDGED
    flag.note, flag.acted_by, flag.acted_at = note, actor, now
    flag.save(update_fields=["status", "note", "acted_by", "acted_at"])
    record_event(
        "flag.acknowledged",
        actor=actor,
        request=request,
        target=flag,
        now=now,
        data={"intake": flag.intake_id, "code": flag.code, "severity": flag.severity},
    )
    return flag


def check_resolution(code, *, disposition, hold_days=None, note=""):
    """Refuse a disposition that does not fit the code, or lacks its days or note."""
    if disposition not in review_of(code).dispositions:
        raise ReviewRefused(
            _("This disposition does not fit this flag: choose one from the list."),
            code="disposition_unfit",
        )
    if disposition in HOLDS and not hold_days:
        raise ReviewRefused(
            _("Say for how many days the drug is held."), code="hold_days_missing"
        )
    if disposition in NEEDS_NOTE and not note.strip():
        raise ReviewRefused(
            _("Explain the disposition in the note."), code="note_missing"
        )


def _resolve(flag, *, disposition, hold_days, note, actor, now, request):
    check_resolution(flag.code, disposition=disposition, hold_days=hold_days, note=note)
    flag = _current_flag(flag, allowed=(Flag.State.OPEN, Flag.State.ACKNOWLEDGED))
    if disposition not in HOLDS:
        hold_days = None
    flag.status = Flag.State.RESOLVED
    flag.disposition, flag.hold_days, flag.note = disposition, hold_days, note
    flag.acted_by, flag.acted_at = actor, now
    flag.save(
        update_fields=[
            "status",
            "disposition",
            "hold_days",
            "note",
            "acted_by",
            "acted_at",
        ]
    )
    record_event(
        "flag.resolved",
        actor=actor,
        request=request,
        target=flag,
        now=now,
        data={
            "intake": flag.intake_id,
            "code": flag.code,
            "severity": flag.severity,
            "disposition": disposition,
            "hold_days": hold_days,
        },
    )
    return flag


@transaction.atomic
def resolve_flag(
    flag,
    *,
    expected_version,
    disposition,
    hold_days=None,
    note="",
    actor,
    now,
    request=None,
):
    """Resolve an open or acknowledged flag with a disposition and a note."""
    _claim(flag.intake_id, expected_version)
    flag = _resolve(
        flag,
        disposition=disposition,
        hold_days=hold_days,
        note=note,
        actor=actor,
        now=now,
        request=request,
    )
    _keep_decision_consistent(flag.intake_id)
    Intake.objects.filter(pk=flag.intake_id).refresh_queue_fields()
    return flag


@transaction.atomic
def resolve_flags(intake, *, expected_version, resolutions, actor, now, request=None):
    """Resolve several flags of one intake at once: all of them, or none.

    `resolutions` maps each flag to a dict of disposition, hold_days and note.
    """
    _claim(intake.pk, expected_version)
    resolved = [
        _resolve(flag, **fields, actor=actor, now=now, request=request)
        for flag, fields in resolutions.items()
    ]
    _keep_decision_consistent(intake.pk)
    Intake.objects.filter(pk=intake.pk).refresh_queue_fields()
    return resolved


RESOLUTION_CONTRADICTIONS = ("not_on_this_date", "hold_needs_instructions")


def _keep_decision_consistent(intake_id):
    """Refuse a resolution that the clearance already recorded would contradict.

    A patient told they are cleared must not stay cleared once a flag says "not on
    this date" or holds a drug they were never told about: change the decision
    first (needs follow-up is always allowed), then resolve the flag.
    """
    decision = Intake.objects.values_list("decision", flat=True).get(pk=intake_id)
    flags = list(Flag.objects.filter(intake_id=intake_id))
    refusal = decision_refusal(decision, flags, seen_open_flags=True)
    # Only these can a resolution create; an older clearance with an open flag
    # (recorded under the earlier rules) must not block dealing with that flag.
    if refusal is not None and refusal.code in RESOLUTION_CONTRADICTIONS:
        raise ReviewRefused(
            _(
                "This intake is already cleared, and this disposition contradicts "
                "that. Nothing was saved: change the decision to “needs follow-up” "
                "first, then resolve the flag."
            ),
            code="contradicts_decision",
        )


# The decision rules, in the one place that records a decision. Each rule looks at
# the intake's flags and refuses the decisions it names; the first refusal wins.
UNRESOLVED = (Flag.State.OPEN, Flag.State.ACKNOWLEDGED)
MUST_RESOLVE = (Severity.CRITICAL, Severity.HIGH)


def _names(flags):
    return "; ".join(flag.title for flag in flags)


def _not_on_this_date(flags):
    return [
        f
        for f in flags
        if f.status == Flag.State.RESOLVED and f.disposition in NOT_ON_THIS_DATE
    ]


def _unresolved_serious(flags):
    return [f for f in flags if f.status in UNRESOLVED and f.severity in MUST_RESOLVE]


def _held(flags):
    return [
        f for f in flags if f.status == Flag.State.RESOLVED and f.disposition in HOLDS
    ]


def open_minor_flags(flags):
    """Return the moderate and info flags still open: clearing must confirm them."""
    return [
        f for f in flags if f.status in UNRESOLVED and f.severity not in MUST_RESOLVE
    ]


def decision_refusal(decision, flags, *, seen_open_flags=False):
    """Return why these flags forbid the decision (a ReviewRefused), or None."""
    if decision not in CLEARING:
        return None
    if blocking := _not_on_this_date(flags):
        return ReviewRefused(
            _(
                "Not on this date: %(flags)s was resolved as “%(disposition)s”. "
                "The only possible decisions are “postponed” and “needs follow-up”."
            )
            % {
                "flags": _names(blocking),
                "disposition": blocking[0].get_disposition_display(),
            },
            code="not_on_this_date",
        )
    if blocking := _unresolved_serious(flags):
        return ReviewRefused(
            _(
                "The intake cannot be cleared while a high or critical flag is not "
                "resolved (acknowledging it is not enough): %(flags)s. Resolve it "
                "with a disposition first, or choose “needs follow-up” or "
                "“postponed”."
            )
            % {"flags": _names(blocking)},
            code="serious_unresolved",
        )
    if decision == Decision.CLEARED and (blocking := _held(flags)):
        return ReviewRefused(
            _(
                "A drug is held (%(flags)s): the patient must be told the date of "
                "the last dose, so choose “cleared with instructions”."
            )
            % {"flags": _names(blocking)},
            code="hold_needs_instructions",
        )
    if not seen_open_flags and (blocking := open_minor_flags(flags)):
        return ReviewRefused(
            _("Confirm that you have seen the open flags before clearing: %(flags)s.")
            % {"flags": _names(blocking)},
            code="open_flags_unconfirmed",
        )
    return None


def offered_decisions(flags):
    """Return the decisions the rules allow once open flags are confirmed seen."""
    return [
        decision
        for decision in Decision
        if decision_refusal(decision, flags, seen_open_flags=True) is None
    ]


@transaction.atomic
def record_decision(
    intake,
    *,
    expected_version,
    decision,
    instructions="",
    seen_open_flags=False,
    actor,
    now,
    request=None,
):
    """Record the decision the patient will see; refuse one the flags contradict.

    The patient is emailed that an answer is ready once the decision commits.
    """
    _claim(intake.pk, expected_version)
    refusal = decision_refusal(
        decision, list(intake.flags.all()), seen_open_flags=seen_open_flags
    )
    if refusal is not None:
        raise refusal
    if decision == Decision.CLEARED:
        instructions = ""
    Intake.objects.filter(pk=intake.pk).update(
        decision=decision,
        instructions=instructions,
        decided_by=actor,
        decided_at=now,
        status=Status.REVIEWED,
    )
    intake.decision, intake.instructions = decision, instructions
    intake.decided_by, intake.decided_at = actor, now
    intake.status = Status.REVIEWED
    intake.version = expected_version + 1
    record_event(
        "intake.decided",
        actor=actor,
        request=request,
        target=intake,
        now=now,
        data={"decision": decision},
    )
    emails.queue_email(intake.appointment_id, kind=Notification.Kind.OUTCOME, now=now)
    return intake


def record_view(intake, *, request, now, fmt="page"):
    """Append the audit event for a staff member reading the intake."""
    data = {"format": fmt} if fmt != "page" else {}
    return record_event(
        "intake.viewed", request=request, target=intake, now=now, data=data
    )
