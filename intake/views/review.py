"""The radiologist's pages: the queue, one intake (and its print view), flag actions
and the clearance decision. Radiologists and superusers only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.models import AuditEvent
from clinic.roles import Role
from clinic.services import record_event
from intake.access import role_required
from intake.forms.review import (
    NO_OPEN,
    AcknowledgeForm,
    DecisionForm,
    QueueFilterForm,
    ResolveForm,
)
from intake.models import SEVERITY_RANK, Decision, Flag, Intake, Severity
from intake.review_display import answer_sections, event_rows
from intake.services.review import (
    NO_OPEN_FLAG,
    REVIEWABLE,
    ReviewRefused,
    StaleIntake,
    acknowledge_flag,
    annotate_queue,
    record_decision,
    record_view,
    resolve_flag,
    severity_counts,
    severity_rank,
)
from procedures.models import Procedure

PER_PAGE = 50
EVENTS_SHOWN = 100
RANK_SEVERITY = {rank: severity for severity, rank in SEVERITY_RANK.items()}
# Set in Python rather than by a template include per row: the queue renders fast.
BADGE_CLASSES = {
    Severity.CRITICAL: "text-bg-danger",
    Severity.HIGH: "text-bg-warning",
    Severity.MODERATE: "text-bg-info",
    Severity.INFO: "text-bg-secondary",
}
NO_FLAG_BADGE = "text-bg-light border"

radiologist_required = role_required(Role.RADIOLOGIST)


def _get_intake_for_review(request, pk):
    """Return the submitted intake with its patient and procedure, or raise 404."""
    queryset = Intake.objects.select_related(
        "appointment__patient", "appointment__procedure", "decided_by"
    ).defer("draft")
    return get_object_or_404(queryset, pk=pk, status__in=REVIEWABLE)


@radiologist_required
def queue(request):
    procedures = list(Procedure.objects.order_by("name").values_list("slug", "name"))
    form = QueueFilterForm(request.GET, procedures=procedures)
    intakes = form.intakes()
    by_rank, no_findings = severity_counts(intakes)
    flagged, clear = _queue_pages(
        request, intakes, form.worst_rank(), by_rank, no_findings
    )
    _attach_unresolved_flags(flagged.object_list)
    record_event("review.queue_viewed", request=request)
    context = {
        "form": form,
        "counts": _count_rows(by_rank),
        "no_findings_count": no_findings,
        "flagged": flagged,
        "clear": clear,
    }
    return render(request, "intake/review/queue.html", context)


QUEUE_FIELDS = (
    "status",
    "submitted_at",
    "decision",
    "appointment__scheduled_at",
    "appointment__spinal_level",
    "appointment__patient__first_name",
    "appointment__patient__last_name",
    "appointment__procedure__name",
)


def _queue_pages(request, intakes, rank, by_rank, no_findings):
    """Return the pages of intakes with flags and with none, earliest procedure first.

    severity_counts() already said how long each list is, so no COUNT query runs.
    """
    shown = (
        annotate_queue(intakes)
        .select_related("appointment__patient", "appointment__procedure")
        .only(*QUEUE_FIELDS)
        .order_by("appointment__scheduled_at", "worst_rank", "pk")
    )
    if rank is not None:
        shown = shown.filter(worst_rank=rank)
    flagged_count = sum(by_rank.values()) if rank is None else by_rank.get(rank, 0)
    flagged = _page(shown.filter(has_flags=True), flagged_count, request, "page")
    # An intake without flags has no unresolved flag: a severity filter hides it.
    if rank in (None, NO_OPEN_FLAG):
        clear = _page(shown.filter(has_flags=False), no_findings, request, "clear_page")
    else:
        clear = _page(shown.none(), 0, request, "clear_page")
    return flagged, clear


def _page(queryset, count, request, parameter):
    paginator = Paginator(queryset, PER_PAGE)
    paginator.count = count  # overrides the cached property: no COUNT query
    return paginator.get_page(request.GET.get(parameter))


def _count_rows(by_rank):
    """Count intakes by their worst unresolved flag, for the links above the queue."""
    rows = [
        {
            "value": severity.value,
            "label": severity.label,
            "count": by_rank.get(rank, 0),
            "badge": BADGE_CLASSES[severity],
        }
        for rank, severity in RANK_SEVERITY.items()
    ]
    none = {"value": NO_OPEN, "label": _("No unresolved flag"), "badge": NO_FLAG_BADGE}
    return [*rows, {**none, "count": by_rank.get(NO_OPEN_FLAG, 0)}]


def _attach_unresolved_flags(intakes):
    """Give each intake on the page its unresolved flags, worst first (one query)."""
    intakes = list(intakes)
    flags = (
        Flag.objects.filter(intake__in=[intake.pk for intake in intakes])
        .exclude(status=Flag.State.RESOLVED)
        .annotate(rank=severity_rank())
        .only("intake_id", "code", "severity", "status")
        .order_by("rank", "position", "pk")
    )
    by_intake = {intake.pk: intake for intake in intakes}
    for intake in intakes:
        intake.unresolved = []
    for flag in flags:
        flag.badge = BADGE_CLASSES.get(flag.severity, NO_FLAG_BADGE)
        by_intake[flag.intake_id].unresolved.append(flag)


@radiologist_required
def intake_page(request, pk):
    return _render_intake(request, _get_intake_for_review(request, pk))


@radiologist_required
def intake_print(request, pk):
    intake = _get_intake_for_review(request, pk)
    record_view(intake, request=request, now=timezone.now(), fmt="print")
    context = _intake_context(intake, for_print=True)
    return render(request, "intake/review/intake_print.html", context)


@radiologist_required
@require_POST
def acknowledge(request, pk, flag_pk):
    return _flag_action(request, pk, flag_pk, AcknowledgeForm, "ack")


@radiologist_required
@require_POST
def resolve(request, pk, flag_pk):
    return _flag_action(request, pk, flag_pk, ResolveForm, "resolve")


def _flag_action(request, pk, flag_pk, form_class, kind):
    intake = _get_intake_for_review(request, pk)
    flag = get_object_or_404(Flag, pk=flag_pk, intake=intake)
    prefix = f"{kind}-{flag.pk}"
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _render_intake(request, intake, bound={prefix: form}, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    action = acknowledge_flag if kind == "ack" else resolve_flag
    try:
        action(
            flag, expected_version=version, actor=request.user, **data, **_when(request)
        )
    except ReviewRefused as error:
        return _refused(request, pk, form_class, prefix, error)
    done = _("Flag acknowledged.") if kind == "ack" else _("Flag resolved.")
    messages.success(request, done)
    return redirect(f"{_review_path(intake)}#flag-{flag.pk}")


@radiologist_required
@require_POST
def decide(request, pk):
    intake = _get_intake_for_review(request, pk)
    form = DecisionForm(request.POST, prefix="decision")
    if not form.is_valid():
        return _render_intake(request, intake, bound={"decision": form}, status=400)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        record_decision(
            intake,
            expected_version=version,
            actor=request.user,
            **data,
            **_when(request),
        )
    except ReviewRefused as error:
        return _refused(request, pk, DecisionForm, "decision", error)
    label = Decision(intake.decision).label
    messages.success(
        request, _("Decision recorded: %(decision)s.") % {"decision": label}
    )
    return redirect("review:queue")


def _when(request):
    return {"now": timezone.now(), "request": request}


def _review_path(intake):
    return reverse("review:intake", args=[intake.pk])


def _refused(request, pk, form_class, prefix, error):
    """Show the page as it is now, with the user's input and why it was refused."""
    intake = _get_intake_for_review(request, pk)
    data = request.POST.copy()
    data[f"{prefix}-version"] = str(intake.version)
    form = form_class(data, prefix=prefix)
    form.is_valid()
    stale = isinstance(error, StaleIntake)
    if stale or prefix != "decision":
        # At the top: the page may no longer show this flag's form at all.
        messages.error(request, error.messages[0])
    else:
        form.add_error(None, error)
    status = 409 if stale else 400
    return _render_intake(request, intake, bound={prefix: form}, status=status)


def _render_intake(request, intake, *, bound=None, status=200):
    """Render the intake page; every showing of the answers is an audit event."""
    record_view(intake, request=request, now=timezone.now())
    context = _intake_context(intake, bound=bound or {})
    return render(request, "intake/review/intake.html", context, status=status)


def _intake_context(intake, *, for_print=False, bound=None):
    flags = list(
        intake.flags.select_related("acted_by")
        .annotate(rank=severity_rank())
        .order_by("rank", "position", "pk")
    )
    appointment = intake.appointment
    context = {
        "intake": intake,
        "appointment": appointment,
        "patient": appointment.patient,
        "procedure": appointment.procedure,
        "age": _age(appointment.patient.date_of_birth, timezone.localdate()),
        "flags": flags,
        "unresolved_critical": [
            flag
            for flag in flags
            if flag.severity == Severity.CRITICAL and flag.status != Flag.State.RESOLVED
        ],
        "unresolved": [f for f in flags if f.status != Flag.State.RESOLVED],
        "answers": answer_sections(intake.answers, flags),
    }
    if for_print:
        return context
    _attach_flag_forms(flags, intake.version, bound)
    events = _events(intake, flags)
    context["events"] = event_rows(events[:EVENTS_SHOWN], flags)
    context["more_events"] = len(events) > EVENTS_SHOWN
    context["decision_form"] = bound.get("decision") or DecisionForm(
        prefix="decision",
        initial={
            "version": intake.version,
            "decision": intake.decision or None,
            "instructions": intake.instructions,
        },
    )
    return context


def _attach_flag_forms(flags, version, bound):
    for flag in flags:
        ack, res = f"ack-{flag.pk}", f"resolve-{flag.pk}"
        flag.ack_form = bound.get(ack) or AcknowledgeForm(
            prefix=ack, initial={"version": version}
        )
        flag.resolve_form = bound.get(res) or ResolveForm(
            prefix=res, initial={"version": version, "note": flag.note}
        )


def _events(intake, flags):
    """Return the newest audit events about the intake and its flags (one query)."""
    about_flags = Q(
        target_type=Flag._meta.label_lower,
        target_id__in=[str(flag.pk) for flag in flags],
    )
    about_intake = Q(target_type=Intake._meta.label_lower, target_id=str(intake.pk))
    return list(
        AuditEvent.objects.filter(about_intake | about_flags)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")[: EVENTS_SHOWN + 1]
    )


def _age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
