"""The patient's pages: open the link, prove who they are, fill the steps, sign."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from clinic.services import record_event
from intake.answers import build_answers
from intake.forms.patient import DateOfBirthForm, SignatureForm
from intake.holds import patient_holds
from intake.link_guessing import guessing_throttled, record_unknown_link
from intake.models import MAX_DOB_ATTEMPTS, IntakeLink
from intake.patient_session import (
    PENDING_LINK,
    SESSION_KEY,
    begin_patient_session,
    end_patient_session,
    is_tablet,
    patient_required,
    refuse_staff_session,
    remember_language,
)
from intake.services.invitations import (
    check_date_of_birth,
    find_link,
    stop_reminders,
)
from intake.services.submission import (
    AlreadySubmitted,
    AnswersChanged,
    IncompleteIntake,
    StaleDraft,
    answers_fingerprint,
    save_step,
    submit_intake,
    validated_steps,
)
from intake.steps import (
    STEP_BY_SLUG,
    STEPS,
    StepForms,
    shown_procedure,
    with_extra_row,
)
from procedures.models import Phase


def _link_problem(request, link, *, throttled=False):
    if throttled:
        reason, status = "throttled", 429
    elif link is None:
        reason, status = "unknown", 404
    elif link.locked_at:
        reason, status = "locked", 403
    elif link.appointment.cancelled_at or link.revoked_at:
        reason, status = "replaced", 410
    else:
        reason, status = "expired", 410
    end_patient_session(request)
    return render(
        request, "intake/patient/link_problem.html", {"reason": reason}, status=status
    )


@never_cache
@refuse_staff_session
def start(request, token):
    """Swap the token in the address for a session, then ask for the date of birth."""
    now = timezone.now()
    if guessing_throttled(request, now=now):
        return _link_problem(request, None, throttled=True)
    link = find_link(token)
    if link is None:
        record_unknown_link(request, now=now)
        return _link_problem(request, None)
    usable = link.is_usable(now=now)
    record_event(
        "link.opened", request=request, target=link, now=now, data={"usable": usable}
    )
    if not usable:
        return _link_problem(request, link)
    end_patient_session(request)
    request.session[PENDING_LINK] = link.pk
    response = redirect("patient:verify")
    return remember_language(response, link.appointment.patient.preferred_language)


@never_cache
@refuse_staff_session
def verify(request):
    link = (
        IntakeLink.objects.select_related("appointment")
        .filter(pk=request.session.get(PENDING_LINK))
        .first()
    )
    now = timezone.now()
    if link is None or not link.is_usable(now=now):
        return _link_problem(request, link) if link else redirect("patient:goodbye")
    form = DateOfBirthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dob = form.cleaned_data["date_of_birth"]
        if check_date_of_birth(link, dob, now=now, request=request):
            begin_patient_session(request, link.appointment.intake, link=link)
            return redirect("patient:resume")
        link.refresh_from_db()
        if link.locked_at:
            return _link_problem(request, link)
        left = MAX_DOB_ATTEMPTS - link.failed_attempts
        form.add_error(None, _wrong_date_message(left))
    return render(request, "intake/patient/verify.html", {"form": form})


def _wrong_date_message(left):
    return ngettext(
        "That date of birth does not match our records. You have %(left)d try left.",
        "That date of birth does not match our records. You have %(left)d tries left.",
        left,
    ) % {"left": left}


@patient_required
def resume(request, intake):
    if intake.is_frozen:
        return redirect("patient:outcome")
    done = set((intake.draft or {}).get("done", []))
    for step in STEPS:
        if step.slug not in done:
            return redirect("patient:step", step=step.slug)
    return redirect("patient:review")


def _step_context(intake, step, forms):
    index = STEPS.index(step)
    return {
        "intake": intake,
        "step": step,
        "steps": STEPS,
        "number": index + 1,
        "total": len(STEPS) + 1,
        "previous": STEPS[index - 1] if index else None,
        "forms": forms,
        **step.context(intake),
    }


@patient_required
def step(request, intake, step):
    step = STEP_BY_SLUG.get(step)
    if step is None:
        raise Http404
    if intake.is_frozen:
        return redirect("patient:outcome")
    if request.method != "POST":
        saved = (intake.draft or {}).get("steps", {}).get(step.slug)
        if saved is None:
            forms = StepForms(step, initial=step.initial_for(intake))
        else:
            forms = StepForms(step, saved).quiet()
        context = _step_context(intake, step, forms)
        context["return_to"] = request.GET.get("return")
        return render(request, "intake/patient/step.html", context)
    return _save_step(request, intake, step)


def _save_step(request, intake, step):
    data = step.clean_draft({key: request.POST.getlist(key) for key in request.POST})
    adding_row = "add_row" in request.POST and step.row_form is not None
    if adding_row:
        data = with_extra_row(data)
    forms = StepForms(step, data)
    valid = forms.is_valid()
    autosave = bool(request.headers.get("X-Autosave"))
    try:
        save_step(
            intake,
            step,
            data,
            valid=valid,
            text_version=step.text_version_for(intake),
            expected_rev=_posted_rev(request) if autosave else None,
        )
    except AlreadySubmitted:
        return redirect("patient:outcome")
    except StaleDraft:
        return HttpResponse(status=409)
    if autosave:
        response = HttpResponse(status=204)
        response["X-Draft-Rev"] = str(intake.draft_revision)
        return response
    if adding_row:
        forms = StepForms(step, data).quiet()
        forms.focus_last_row()
    return _after_save(request, intake, step, forms, stay=adding_row or not valid)


def _after_save(request, intake, step, forms, *, stay):
    """Go where the patient asked: away, back, this step again, or on."""
    if "leave" in request.POST:
        end_patient_session(request)
        return redirect("patient:goodbye")
    index = STEPS.index(step)
    if "back" in request.POST and index:
        return redirect("patient:step", step=STEPS[index - 1].slug)
    if stay:
        context = _step_context(intake, step, forms)
        context["return_to"] = request.POST.get("return")
        return render(request, "intake/patient/step.html", context)
    if request.POST.get("return") == "review" or index + 1 == len(STEPS):
        return redirect("patient:review")
    return redirect("patient:step", step=STEPS[index + 1].slug)


def _posted_rev(request):
    try:
        return int(request.headers.get("X-Draft-Rev", ""))
    except ValueError:
        return -1


@patient_required
def review(request, intake):
    if intake.is_frozen:
        return redirect("patient:outcome")
    try:
        steps = validated_steps(intake)
    except IncompleteIntake as incomplete:
        messages.error(request, _("Please finish this step first."))
        return redirect("patient:step", step=incomplete.step.slug)
    answers = build_answers(steps, appointment=intake.appointment)
    patient = intake.appointment.patient
    version = answers_fingerprint(intake.draft)
    form = SignatureForm(
        request.POST or None,
        patient_name=patient.full_name,
        initial={"answers_version": version},
    )
    if request.method == "POST" and form.is_valid():
        return _sign(request, intake, form)
    context = {
        "intake": intake,
        "patient": patient,
        "appointment": intake.appointment,
        "procedure": shown_procedure(intake),
        "answers": answers,
        "health_rows": _answer_rows(steps["health"].form),
        "form": form,
        "steps": STEPS,
        "number": len(STEPS) + 1,
        "total": len(STEPS) + 1,
        "today": timezone.localdate(),
    }
    return render(request, "intake/patient/review.html", context)


def _sign(request, intake, form):
    """Submit the signed answers, or send the patient back to what changed."""
    try:
        submit_intake(
            intake,
            signature=form.cleaned_data["signature"],
            now=timezone.now(),
            fingerprint=form.cleaned_data["answers_version"] or "missing",
            request=request,
            language=get_language(),
        )
    except AnswersChanged:
        messages.warning(
            request,
            _(
                "Your answers changed since this page was opened (perhaps in "
                "another window). Please check them again, then sign."
            ),
        )
        return redirect("patient:review")
    except IncompleteIntake as incomplete:
        return redirect("patient:step", step=incomplete.step.slug)
    if is_tablet(request):
        end_patient_session(request)
        return redirect("patient:sent")
    return redirect("patient:outcome")


def _answer_rows(form):
    """(question, answer as shown to the patient) for each answered choice."""
    rows = []
    for field in form:
        value = form.cleaned_data.get(field.name)
        choices = dict(getattr(field.field, "choices", ()))
        if value and value in choices:
            rows.append((field.label, choices[value]))
    return rows


@patient_required
def outcome(request, intake):
    if not intake.is_frozen:
        return redirect("patient:resume")
    appointment = intake.appointment
    procedure = shown_procedure(intake)
    context = {
        "intake": intake,
        "appointment": appointment,
        "procedure": procedure,
        "instructions": procedure.instructions.all(),
        "Phase": Phase,
        "holds": patient_holds(intake),
    }
    return render(request, "intake/patient/outcome.html", context)


@require_POST
@patient_required
def no_reminders(request, intake):
    stop_reminders(intake.appointment, now=timezone.now(), request=request)
    messages.success(request, _("We will not send you any more reminders."))
    return redirect("patient:resume")


@never_cache
@require_POST
def leave(request):
    end_patient_session(request)
    return redirect("patient:goodbye")


@never_cache
def goodbye(request):
    """The neutral end page; arriving here ends any patient session on this device."""
    if SESSION_KEY in request.session:
        end_patient_session(request)
    return render(request, "intake/patient/goodbye.html")


@never_cache
def sent(request):
    """The neutral thank-you a clinic tablet shows once the patient has signed."""
    return render(request, "intake/patient/sent.html")
