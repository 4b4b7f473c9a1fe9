"""The front desk's pages: upcoming appointments, registration, links, tablet mode.

The desk sees who, what, when and the intake status; never the clinical answers, so
no query here loads them.
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from clinic.roles import Role
from clinic.services import record_event
from intake.access import role_required
from intake.forms.desk import (
    ContactForm,
    FiguresForm,
    FreshLinkForm,
    RegistrationForm,
    RescheduleForm,
    WorklistForm,
)
from intake.models import Appointment, Patient, Status
from intake.patient_session import begin_patient_session
from intake.services.emails import queue_invitation
from intake.services.invitations import (
    AppointmentCancelled,
    cancel_appointment,
    intake_url,
    issue_link,
    mark_opened,
    register_appointment,
    reschedule_appointment,
    update_contact,
)

# What the desk may load: the intake's status, nothing of its answers or flags.
DESK_FIELDS = (
    "scheduled_at",
    "spinal_level",
    "cancelled_at",
    "patient__first_name",
    "patient__last_name",
    "patient__date_of_birth",
    "patient__email",
    "patient__phone",
    "procedure__name",
    "intake__status",
    "intake__decision",
    "reminders_stopped_at",
)

desk_only = role_required(Role.FRONT_DESK)
REGISTERED = "desk_registered"


WORKLIST_ROWS = 50


def _appointments():
    return Appointment.objects.select_related("patient", "procedure", "intake").only(
        *DESK_FIELDS
    )


def _get_appointment(pk):
    return get_object_or_404(_appointments().with_signals(now=timezone.now()), pk=pk)


def _refusal(appointment, *, tablet=False):
    """Why no new link (or tablet session) may start, or None.

    A submitted intake may still get a fresh link: it shows the patient the outcome
    and the radiologist's instructions. Tablet mode skips the date-of-birth check,
    so it only opens an intake nobody has started.
    """
    if appointment.cancelled_at:
        return _("This appointment is cancelled.")
    if tablet and appointment.intake.is_frozen:
        return _("The patient has already submitted this intake.")
    if tablet and appointment.intake.status == Status.IN_PROGRESS:
        # Without a date-of-birth check, the desk would see the patient's answers.
        return _(
            "The patient has already started. They can carry on with their own "
            "link on this device: send a fresh link if they do not have it."
        )
    return None


def _show_link(request, appointment, token, *, emailed, fresh):
    """Show a just-issued link, once: only its hash is kept."""
    context = {
        "appointment": appointment,
        "patient": appointment.patient,
        "link": intake_url(token),
        "emailed": emailed,
        "fresh": fresh,
    }
    return render(request, "intake/desk/link.html", context)


def _page_number(data):
    """The page asked for, 1 when missing or not a small positive number."""
    value = data.get("page", "")
    return int(value) if value.isdigit() and 0 < int(value) <= 10_000 else 1


@desk_only
def appointment_list(request):
    """The worklist; searches are posted, so a name typed never lands in a URL."""
    now = timezone.now()
    data = request.POST if request.method == "POST" else request.GET.copy()
    if request.method != "POST":
        data.pop("q", None)  # a name in a link would reach browser history and logs
    form = WorklistForm(data or None)
    criteria = form.criteria()
    page = _page_number(data)
    first = (page - 1) * WORKLIST_ROWS
    # One row past the page says whether a next page exists, without a COUNT query.
    worklist = _appointments().worklist(now=now, **criteria)
    rows = list(worklist[first : first + WORKLIST_ROWS + 1])
    # The search words stay out of the audit trail: they may be a patient's name.
    filters = sorted(name for name in criteria if name != "q")
    record_event(
        "desk.list_viewed",
        request=request,
        now=now,
        data={"filters": filters} if filters else {},
    )
    context = {
        "form": form,
        "appointments": rows[:WORKLIST_ROWS],
        "page": page,
        "next_page": page + 1 if len(rows) > WORKLIST_ROWS else None,
        "filtered": bool(criteria),
        "attention": criteria.get("attention", False),
    }
    return render(request, "intake/desk/appointment_list.html", context)


@desk_only
def register(request):
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    request_id = (data or {}).get("request_id", "")[:32] or uuid.uuid4().hex
    registered = request.session.get(REGISTERED, {})
    if request_id in registered:
        # The same form posted again (a refresh, a double click): no second patient.
        messages.info(
            request,
            _(
                "This patient is already registered. A link is shown only once: "
                "send a fresh link if they need it."
            ),
        )
        return redirect("desk:appointment", pk=registered[request_id])
    form = RegistrationForm(data, now=now)
    if not form.is_valid():
        context = {"form": form, "request_id": request_id}
        return render(request, "intake/desk/register.html", context)
    appointment, token = register_appointment(
        patient_fields=form.patient_fields(),
        procedure=form.cleaned_data["procedure"],
        scheduled_at=form.cleaned_data["scheduled_at"],
        spinal_level=form.cleaned_data["spinal_level"],
        actor=request.user,
        now=now,
        request=request,
    )
    emailed = form.cleaned_data["send_email"] and queue_invitation(
        appointment, token, now=now
    )
    recent = list(registered.items())[-19:]
    request.session[REGISTERED] = {**dict(recent), request_id: appointment.pk}
    return _show_link(request, appointment, token, emailed=emailed, fresh=False)


@desk_only
def appointment_detail(request, pk):
    appointment = _get_appointment(pk)
    record_event("desk.appointment_viewed", request=request, target=appointment)
    context = {
        "appointment": appointment,
        "patient": appointment.patient,
        "link": appointment.links.order_by("-issued_at").first(),
        "emails": appointment.notifications.all(),
        "link_form": FreshLinkForm(patient=appointment.patient),
        "refusal": _refusal(appointment),
        "tablet_refusal": _refusal(appointment, tablet=True),
        "now": timezone.now(),
    }
    return render(request, "intake/desk/appointment_detail.html", context)


@desk_only
@require_POST
def fresh_link(request, pk):
    appointment = _get_appointment(pk)
    refusal = _refusal(appointment)
    if refusal:
        messages.error(request, refusal)
        return redirect("desk:appointment", pk=appointment.pk)
    form = FreshLinkForm(request.POST, patient=appointment.patient)
    send = form.is_valid() and form.cleaned_data.get("send_email", False)
    now = timezone.now()
    try:
        token = issue_link(appointment, actor=request.user, now=now, request=request)
    except AppointmentCancelled:
        messages.error(request, _("This appointment is cancelled."))
        return redirect("desk:appointment", pk=appointment.pk)
    emailed = send and queue_invitation(appointment, token, now=now)
    return _show_link(request, appointment, token, emailed=emailed, fresh=True)


@desk_only
def cancel(request, pk):
    appointment = _get_appointment(pk)
    if appointment.cancelled_at:
        messages.info(request, _("This appointment is already cancelled."))
        return redirect("desk:appointment", pk=appointment.pk)
    if request.method == "POST":
        cancel_appointment(
            appointment, actor=request.user, now=timezone.now(), request=request
        )
        messages.success(
            request, _("The appointment is cancelled; its link no longer works.")
        )
        return redirect("desk:list")
    context = {"appointment": appointment, "patient": appointment.patient}
    return render(request, "intake/desk/cancel.html", context)


FIGURE_BARS = (
    ("invited", _lazy("Invited")),
    ("opened", _lazy("Opened the link")),
    ("submitted", _lazy("Submitted")),
    ("submitted_early", _lazy("Submitted a day or more before")),
)


@desk_only
def figures(request):
    """Completion figures for the procedures in a period, with a server-drawn chart."""
    today = timezone.localdate()
    default = {"start": today - timedelta(days=30), "end": today}
    form = FiguresForm(request.GET or default)
    figures = None
    if form.is_valid():
        period = form.cleaned_data["start"], form.cleaned_data["end"]
        figures = Appointment.objects.scheduled_between(*period).completion_figures()
    record_event("desk.figures_viewed", request=request)
    context = {"form": form, "figures": figures, "bars": _bars(figures)}
    return render(request, "intake/desk/figures.html", context)


def _bars(figures):
    """Each bar's label, count and width as a share of those invited."""
    if not figures:
        return []
    invited = figures["invited"] or 1
    return [
        {
            "label": label,
            "count": figures[key],
            "percent": round(100 * figures[key] / invited),
        }
        for key, label in FIGURE_BARS
    ]


@desk_only
def reschedule(request, pk):
    appointment = _get_appointment(pk)
    if appointment.cancelled_at:
        messages.info(request, _("This appointment is cancelled."))
        return redirect("desk:appointment", pk=appointment.pk)
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    form = RescheduleForm(
        data, appointment=appointment, now=now, initial=_when(appointment)
    )
    if not form.is_valid():
        context = {
            "form": form,
            "appointment": appointment,
            "patient": appointment.patient,
        }
        return render(request, "intake/desk/reschedule.html", context)
    reschedule_appointment(
        appointment,
        scheduled_at=form.cleaned_data["scheduled_at"],
        spinal_level=form.cleaned_data.get("spinal_level", ""),
        actor=request.user,
        now=now,
        request=request,
    )
    messages.success(
        request, _("The appointment is moved; the link now works until the new date.")
    )
    return redirect("desk:appointment", pk=appointment.pk)


def _when(appointment):
    local = timezone.localtime(appointment.scheduled_at)
    return {
        "scheduled_date": local.date(),
        "scheduled_time": local.time(),
        "spinal_level": appointment.spinal_level,
    }


@desk_only
def contact(request, pk):
    appointment = _get_appointment(pk)
    patient = appointment.patient
    data = request.POST if request.method == "POST" else None
    form = ContactForm(data, instance=Patient(email=patient.email, phone=patient.phone))
    if not form.is_valid():
        context = {"form": form, "appointment": appointment, "patient": patient}
        return render(request, "intake/desk/contact.html", context)
    update_contact(
        patient,
        email=form.cleaned_data["email"],
        phone=form.cleaned_data["phone"],
        actor=request.user,
        now=timezone.now(),
        request=request,
    )
    messages.success(request, _("The contact details are saved."))
    return redirect("desk:appointment", pk=appointment.pk)


@desk_only
@require_POST
def tablet(request, pk):
    """Hand this device to the patient: the staff session ends here."""
    appointment = _get_appointment(pk)
    refusal = _refusal(appointment, tablet=True)
    if refusal:
        messages.error(request, refusal)
        return redirect("desk:appointment", pk=appointment.pk)
    intake = appointment.intake
    mark_opened(intake)
    record_event("intake.tablet_started", request=request, target=intake)
    begin_patient_session(request, intake, tablet=True)
    return redirect("patient:resume")
