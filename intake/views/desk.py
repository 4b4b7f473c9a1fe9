"""The front desk's pages: upcoming appointments, registration, links, tablet mode.

The desk sees who, what, when and the intake status; never the clinical answers, so
no query here loads them.
"""

import uuid

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic.roles import Role
from clinic.services import record_event
from intake.access import role_required
from intake.forms.desk import FreshLinkForm, RegistrationForm
from intake.models import Appointment, IntakeLink, Status
from intake.patient_session import begin_patient_session
from intake.services.desk import email_invitation
from intake.services.invitations import (
    AppointmentCancelled,
    cancel_appointment,
    intake_url,
    issue_link,
    mark_opened,
    register_appointment,
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
)

desk_only = role_required(Role.FRONT_DESK)
REGISTERED = "desk_registered"


def _appointments():
    locked = IntakeLink.objects.filter(
        appointment=OuterRef("pk"), revoked_at__isnull=True, locked_at__isnull=False
    )
    return (
        Appointment.objects.select_related("patient", "procedure", "intake")
        .only(*DESK_FIELDS)
        .annotate(link_locked=Exists(locked))
    )


def _get_appointment(pk):
    return get_object_or_404(_appointments(), pk=pk)


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


@desk_only
def appointment_list(request):
    now = timezone.now()
    appointments = _appointments().upcoming(now=now)
    record_event("desk.list_viewed", request=request, now=now)
    return render(
        request, "intake/desk/appointment_list.html", {"appointments": appointments}
    )


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
    emailed = form.cleaned_data["send_email"] and email_invitation(
        appointment, token, now=now, request=request
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
    emailed = send and email_invitation(appointment, token, now=now, request=request)
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
