"""The desk moves an appointment and corrects contact details, audited."""

import datetime as dt

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Appointment, Flag, IntakeLink, Patient
from intake.services.invitations import cancel_appointment
from tests.intake.conftest import make_appointment, make_submitted_intake

pytestmark = pytest.mark.django_db


def move(client, appointment, day, time="10:15", **extra):
    return client.post(
        f"/desk/appointments/{appointment.pk}/reschedule/",
        {"scheduled_date": day.isoformat(), "scheduled_time": time, **extra},
    )


def test_moving_changes_the_date_in_the_clinics_time(desk_client):
    appointment, _ = make_appointment(days_ahead=5)
    day = timezone.localdate() + dt.timedelta(days=9)

    response = move(desk_client, appointment, day)

    assert response.status_code == 302
    appointment.refresh_from_db()
    local = timezone.localtime(appointment.scheduled_at)
    assert (local.date(), local.strftime("%H:%M")) == (day, "10:15")


def test_the_link_expiry_follows_an_earlier_date(desk_client):
    now = timezone.now()
    appointment, _ = make_appointment(days_ahead=10, now=now)
    day = timezone.localdate(now) + dt.timedelta(days=3)

    move(desk_client, appointment, day)

    link = IntakeLink.objects.get(appointment=appointment)
    end_of_day = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    assert link.expires_at == end_of_day


def test_the_link_expiry_follows_a_later_date_up_to_fourteen_days(desk_client):
    now = timezone.now()
    appointment, _ = make_appointment(days_ahead=3, now=now)
    link = IntakeLink.objects.get(appointment=appointment)

    move(desk_client, appointment, timezone.localdate(now) + dt.timedelta(days=30))

    link.refresh_from_db()
    assert link.expires_at == link.issued_at + dt.timedelta(days=14)


def test_a_submitted_intake_keeps_answers_and_flags_and_the_radiologist_sees_the_move(
    desk_client, radiologist
):
    intake = make_submitted_intake(severities=["critical"])
    before = intake.appointment.scheduled_at
    answers = dict(intake.answers) if intake.answers else None

    move(desk_client, intake.appointment, timezone.localdate() + dt.timedelta(days=20))

    intake.refresh_from_db()
    assert intake.status == "submitted"
    assert Flag.objects.filter(intake=intake).count() == 1
    assert answers is None or intake.answers == answers
    appointment = Appointment.objects.get(pk=intake.appointment_id)
    assert appointment.rescheduled_from == before
    desk_client.force_login(radiologist)
    html = desk_client.get(f"/review/{intake.pk}/").content.decode()
    assert "moved from" in html
    assert "Procedure date or level changed by the desk" in html


def test_a_past_date_is_refused_and_nothing_moves(desk_client):
    appointment, _ = make_appointment(days_ahead=5)
    before = appointment.scheduled_at

    response = move(desk_client, appointment, timezone.localdate() - dt.timedelta(1))

    assert "cannot be in the past" in response.content.decode()
    assert 'value="' + (timezone.localdate() - dt.timedelta(1)).isoformat() in (
        response.content.decode()
    )
    appointment.refresh_from_db()
    assert appointment.scheduled_at == before


def test_a_facet_injection_needs_its_spinal_level(desk_client):
    appointment, _ = make_appointment(
        procedure="facet-joint-injection", spinal_level="lumbar"
    )
    day = timezone.localdate() + dt.timedelta(days=8)

    refused = move(desk_client, appointment, day)
    move(desk_client, appointment, day, spinal_level="cervical")

    assert "Choose the spinal level" in refused.content.decode()
    appointment.refresh_from_db()
    assert appointment.spinal_level == "cervical"


def test_a_cancelled_appointment_cannot_be_moved(desk_client, front_desk):
    appointment, _ = make_appointment(days_ahead=5)
    cancel_appointment(appointment, actor=front_desk, now=timezone.now())
    before = Appointment.objects.get(pk=appointment.pk).scheduled_at

    move(desk_client, appointment, timezone.localdate() + dt.timedelta(days=9))

    assert Appointment.objects.get(pk=appointment.pk).scheduled_at == before


def test_moving_is_audited_without_dates(desk_client, front_desk):
    appointment, _ = make_appointment(days_ahead=5)

    move(desk_client, appointment, timezone.localdate() + dt.timedelta(days=9))

    event = AuditEvent.objects.get(code="appointment.rescheduled")
    assert event.actor == front_desk
    assert event.data == {"date_moved": True}


def test_contact_details_are_corrected_and_audited_by_field_name(
    desk_client, front_desk
):
    appointment, _ = make_appointment()

    desk_client.post(
        f"/desk/appointments/{appointment.pk}/contact/",
        {"email": "new@example.com", "phone": "555-0199"},
    )

    patient = Patient.objects.get(pk=appointment.patient_id)
    assert (patient.email, patient.phone) == ("new@example.com", "555-0199")
    event = AuditEvent.objects.get(code="patient.contact_changed")
    assert event.actor == front_desk
    assert event.data == {"fields": ["email", "phone"]}


def test_contact_details_need_an_email_or_a_phone(desk_client):
    appointment, _ = make_appointment()

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/contact/", {"email": "", "phone": ""}
    )

    assert "Enter an email address or a phone number." in response.content.decode()
    assert Patient.objects.get(pk=appointment.patient_id).email == "m.lee@example.com"


def test_a_bad_email_is_explained_and_kept(desk_client):
    appointment, _ = make_appointment()

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/contact/", {"email": "not-an-address"}
    )

    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-address"' in html
    assert not AuditEvent.objects.filter(code="patient.contact_changed").exists()


def test_only_the_front_desk_may_move_or_edit(client, radiologist):
    appointment, _ = make_appointment()
    client.force_login(radiologist)

    for page in ("reschedule", "contact"):
        response = client.get(f"/desk/appointments/{appointment.pk}/{page}/")
        assert response.status_code == 403
