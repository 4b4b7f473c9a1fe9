"""The radiologist's writes: act on flags, record the clearance decision, alert.

Every write takes the intake's `version` the radiologist's form was built from and
bumps it in the same UPDATE that checks it, so of two radiologists acting on the same
page the second is refused (StaleIntake) instead of overwriting the first. The UPDATE
also holds the intake row until commit, which serialises flag and decision writes.
Audit events carry ids and codes only, never names, answers or notes.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clinic.roles import Role
from clinic.services import record_event
from intake.models import (
    FROZEN,
    SEVERITY_RANK,
    Decision,
    Disposition,
    Flag,
    Intake,
    Severity,
    Status,
)

logger = logging.getLogger(__name__)

# Intakes a radiologist may open and act on: submitted, with or without a decision.
REVIEWABLE = FROZEN
NO_OPEN_FLAG = 9
CLEARING = (Decision.CLEARED, Decision.CLEARED_WITH_INSTRUCTIONS)


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


def severity_rank(field="severity"):
    """Return a SQL expression ranking a flag's severity, 0 critical .. 3 info."""
    return Case(
        *(
            When(**{field: severity}, then=Value(rank))
            for severity, rank in SEVERITY_RANK.items()
        ),
        default=Value(NO_OPEN_FLAG),
        output_field=IntegerField(),
    )


def annotate_queue(queryset):
    """Annotate worst_rank (worst unresolved flag, 9 for none) and has_flags.

    An acknowledged flag still ranks: it has been seen, not dealt with.
    """
    worst = (
        Flag.objects.filter(intake=OuterRef("pk"))
        .exclude(status=Flag.State.RESOLVED)
        .order_by()
        .values("intake")
        .annotate(rank=Min(severity_rank()))
        .values("rank")
    )
    return queryset.annotate(
        worst_rank=Coalesce(Subquery(worst), Value(NO_OPEN_FLAG)),
        has_flags=Exists(Flag.objects.filter(intake=OuterRef("pk"))),
    )


def severity_counts(queryset):
    """Return ({worst_rank: intakes with flags}, intakes with no flags at all).

    One grouped join over the flags: at queue sizes it is several times faster than
    the per-intake subqueries annotate_queue() uses to order and filter a page.
    """
    rank = severity_rank("flags__severity")
    unresolved = Q(flags__isnull=False) & ~Q(flags__status=Flag.State.RESOLVED)
    per_intake = queryset.annotate(
        worst=Coalesce(Min(rank, filter=unresolved), Value(NO_OPEN_FLAG)),
        flag_count=Count("flags"),
    )
    ranks = [*SEVERITY_RANK.values(), NO_OPEN_FLAG]
    totals = per_intake.aggregate(
        **{
            f"rank_{rank}": Count("pk", filter=Q(worst=rank, flag_count__gt=0))
            for rank in ranks
        },
        no_findings=Count("pk", filter=Q(flag_count=0)),
    )
    return {rank: totals[f"rank_{rank}"] for rank in ranks}, totals["no_findings"]


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
    flag = _current_flag(flag, allowed=(Flag.State.OPEN, Flag.State.ACKNOWLEDGED))
    if disposition != Disposition.HOLD_DRUG:
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
def record_decision(
    intake, *, expected_version, decision, instructions="", actor, now, request=None
):
    """Record the decision the patient will see; refuse an unsafe clearance."""
    _claim(intake.pk, expected_version)
    if decision in CLEARING:
        unresolved = intake.flags.filter(severity=Severity.CRITICAL).exclude(
            status=Flag.State.RESOLVED
        )
        if unresolved.exists():
            raise ReviewRefused(
                _(
                    "The intake cannot be cleared while a critical flag is not "
                    "resolved (acknowledging it is not enough). Resolve it first, or "
                    "choose “needs follow-up” or “postponed”."
                ),
                code="critical_unresolved",
            )
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
    return intake


def record_view(intake, *, request, now, fmt="page"):
    """Append the audit event for a staff member reading the intake."""
    data = {"format": fmt} if fmt != "page" else {}
    return record_event(
        "intake.viewed", request=request, target=intake, now=now, data=data
    )


def review_url(intake):
    """Return the absolute address of the intake's review page."""
    path = reverse("review:intake", args=[intake.pk])
    return settings.SITE_URL.rstrip("/") + path


def notify_radiologists_of_critical(intake):
    """Email every active radiologist a link to the intake; no patient data in it.

    Runs after the patient's submission has committed, so a mail failure is logged
    and audited rather than raised into the patient's request.
    """
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=str(Role.RADIOLOGIST))
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    context = {"url": review_url(intake), "clinic_name": settings.CLINIC_NAME}
    subject = " ".join(
        render_to_string("intake/email/critical_subject.txt", context).split()
    )
    body = render_to_string("intake/email/critical_body.txt", context)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        for address in recipients
    ]
    try:
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    except (smtplib.SMTPException, OSError):
        logger.exception("Critical-flag email for intake %s failed", intake.pk)
        record_event("intake.notify_failed", target=intake)
        return 0
    if not recipients:
        logger.error("No radiologist with an email to alert for intake %s", intake.pk)
    record_event("intake.notified", target=intake, data={"recipients": sent})
    return sent
