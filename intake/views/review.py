"""The radiologist's pages: the queue, one intake (and its print view), flag actions
and the clearance decision. Radiologists and superusers only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
    ResolveAllForm,
    ResolveForm,
)
from intake.holds import hold_instructions, holds_for
from intake.models import (
    NO_OPEN_FLAG,
    REVIEWABLE,
    SEVERITY_RANK,
    Decision,
    Flag,
    Intake,
    Severity,
)
from intake.review_display import answer_sections, event_rows
from intake.services.emails import alert_recipients
from intake.services.review import (
    ReviewRefused,
    acknowledge_flag,
    decision_refusal,
    offered_decisions,
    open_minor_flags,
    record_decision,
    record_view,
    resolve_flag,
    resolve_flags,
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
    intakes = Intake.objects.in_queue(**form.filters())
    by_rank, no_findings = intakes.rank_counts()
    flagged, clear = _queue_pages(
        request, intakes, form.worst_rank(), by_rank, no_findings
    )
    record_event("review.queue_viewed", request=request)
    context = {
        "form": form,
        "counts": _count_rows(by_rank),
        "no_findings_count": no_findings,
        "flagged": flagged,
        "clear": clear,
        "no_alert_recipients": not alert_recipients(),
    }
    return render(request, "intake/review/queue.html", context)


def _queue_pages(request, intakes, rank, by_rank, no_findings):
    """Return the pages of intakes with flags and with none, earliest procedure first.

    rank_counts() already said how long each list is, so no COUNT query runs.
    """
    shown = intakes.queue_rows()
    if rank is not None:
        shown = shown.filter(worst_rank=rank)
    flagged_count = sum(by_rank.values()) if rank is None else by_rank.get(rank, 0)
    flagged = shown.filter(has_flags=True).with_unresolved_flags()
    flagged = _page(flagged, flagged_count, request, "page")
    for intake in flagged.object_list:
        for flag in intake.unresolved:
            flag.badge = BADGE_CLASSES.get(flag.severity, NO_FLAG_BADGE)
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
    return _flag_action(request, pk, flag_pk, "ack")


@radiologist_required
@require_POST
def resolve(request, pk, flag_pk):
    return _flag_action(request, pk, flag_pk, "resolve")


def _flag_action(request, pk, flag_pk, kind):
    intake = _get_intake_for_review(request, pk)
    flag = get_object_or_404(Flag, pk=flag_pk, intake=intake)
    prefix = f"{kind}-{flag.pk}"
    if kind == "ack":
        form = AcknowledgeForm(request.POST, prefix=prefix)
    else:
        form = ResolveForm(request.POST, prefix=prefix, code=flag.code)
    if not form.is_valid():
        return _invalid(request, intake, {prefix: form})
    data = dict(form.cleaned_data)
    version = data.pop("version")
    action = acknowledge_flag if kind == "ack" else resolve_flag
    try:
        action(
            flag, expected_version=version, actor=request.user, **data, **_when(request)
        )
    except ReviewRefused as error:
        return _refused(request, pk, error, bound={prefix: form})
    done = _("Flag acknowledged.") if kind == "ack" else _("Flag resolved.")
    return _back_to(request, intake, f"flag-{flag.pk}", done)


@radiologist_required
@require_POST
def resolve_all(request, pk):
    intake = _get_intake_for_review(request, pk)
    form = ResolveAllForm(request.POST, flags=_unresolved(intake))
    if not form.is_valid():
        return _invalid(request, intake, {"all": form})
    try:
        resolved = resolve_flags(
            intake,
            expected_version=form.cleaned_data["version"],
            resolutions=form.resolutions(),
            actor=request.user,
            **_when(request),
        )
    except ReviewRefused as error:
        return _refused(request, pk, error, bound={"all": form})
    done = ngettext("%(n)s flag resolved.", "%(n)s flags resolved.", len(resolved)) % {
        "n": len(resolved)
    }
    return _back_to(request, intake, "flags", done)


@radiologist_required
@require_POST
def decide(request, pk):
    intake = _get_intake_for_review(request, pk)
    form = _decision_form(intake, list(intake.flags.all()), data=request.POST)
    if not form.is_valid():
        return _invalid(request, intake, {"decision": form})
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
        return _refused(request, pk, error, bound={"decision": form})
    label = Decision(intake.decision).label
    done = _("Decision recorded: %(decision)s.") % {"decision": label}
    return _back_to(request, intake, "decision", done)


def _when(request):
    return {"now": timezone.now(), "request": request}


def _back_to(request, intake, anchor, text):
    """Return to where the radiologist was, with the status shown right there."""
    messages.success(request, text, extra_tags=anchor)
    path = reverse("review:intake", args=[intake.pk])
    return redirect(f"{path}#{anchor}")


def _unresolved(intake):
    return [f for f in _sorted_flags(intake) if f.status != Flag.State.RESOLVED]


def _invalid(request, intake, bound):
    """Show the page with what was typed; the top says nothing was saved, and why."""
    refusal = _("Correct the fields marked below, then send the form again.")
    return _render_intake(request, intake, bound=bound, status=400, refusal=refusal)


def _refused(request, pk, error, *, bound):
    """Show the page as it is now, what the user typed, and why it was refused.

    The refusal goes to the top of the page, which takes the focus: the form it
    concerns may be far down, or gone.
    """
    intake = _get_intake_for_review(request, pk)
    for form in bound.values():
        if "version" in form.fields:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(intake.version)
    status = 409 if error.code == "stale" else 400
    return _render_intake(
        request, intake, bound=bound, status=status, refusal=error.messages[0]
    )


def _render_intake(request, intake, *, bound=None, status=200, refusal=None):
    """Render the intake page; every showing of the answers is an audit event."""
    record_view(intake, request=request, now=timezone.now())
    context = _intake_context(intake, bound=bound or {})
    context["refusal"] = refusal
    return render(request, "intake/review/intake.html", context, status=status)


def _sorted_flags(intake):
    return list(intake.flags.select_related("acted_by").worst_first())


def _decision_form(intake, flags, *, data=None, holds=()):
    """Offer only the decisions the flags allow; pre-fill the holds' dates."""
    instructions = intake.instructions or hold_instructions(holds)
    return DecisionForm(
        data,
        prefix="decision",
        offered=offered_decisions(flags),
        open_flags=open_minor_flags(flags),
        initial={
            "version": intake.version,
            "decision": intake.decision or None,
            "instructions": instructions,
        },
    )


def _intake_context(intake, *, for_print=False, bound=None):
    flags = _sorted_flags(intake)
    appointment = intake.appointment
    context = {
        "intake": intake,
        "appointment": appointment,
        "patient": appointment.patient,
        "procedure": appointment.procedure,
        "age": _age(appointment.patient.date_of_birth, timezone.localdate()),
        "flags": flags,
        "unresolved": [f for f in flags if f.status != Flag.State.RESOLVED],
        "answers": answer_sections(intake.answers, flags),
        "holds": holds_for(flags, appointment.scheduled_at),
    }
    if not for_print:
        context.update(_working_context(intake, flags, context, bound))
    return context


def _working_context(intake, flags, context, bound):
    """Return the forms and the audit trail the screen page adds to the print view."""
    resolve_all_form = bound.get("all") or ResolveAllForm(
        flags=context["unresolved"], initial={"version": intake.version}
    )
    _attach_flag_forms(resolve_all_form, flags, intake.version, bound)
    events = _events(intake, flags)
    refusal = decision_refusal(
        Decision.CLEARED_WITH_INSTRUCTIONS, flags, seen_open_flags=True
    )
    return {
        "events": event_rows(events[:EVENTS_SHOWN], flags),
        "more_events": len(events) > EVENTS_SHOWN,
        "resolve_all_form": resolve_all_form,
        "decision_form": bound.get("decision")
        or _decision_form(intake, flags, holds=context["holds"]),
        "clearing_refusal": refusal.messages[0] if refusal else None,
    }


def _attach_flag_forms(resolve_all_form, flags, version, bound):
    rows = {flag.pk: row for flag, row in resolve_all_form.rows}
    for flag in flags:
        ack, res = f"ack-{flag.pk}", f"resolve-{flag.pk}"
        flag.all_row = rows.get(flag.pk)
        flag.anchor = f"flag-{flag.pk}"
        flag.ack_form = bound.get(ack) or AcknowledgeForm(
            prefix=ack, initial={"version": version}
        )
        flag.resolve_form = bound.get(res) or ResolveForm(
            prefix=res, code=flag.code, initial={"version": version, "note": flag.note}
        )


def _events(intake, flags):
    """Return the newest audit events about the intake and its flags (one query)."""
    return list(
        AuditEvent.objects.about(intake, *flags)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")[: EVENTS_SHOWN + 1]
    )


def _age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
