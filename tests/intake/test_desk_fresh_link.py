import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Intake, IntakeLink, Patient, Status
from intake.services.invitations import cancel_appointment, find_link
from tests.intake.conftest import (
    make_appointment,
    make_submitted_intake,
    token_on,
    verify,
)

pytestmark = pytest.mark.django_db


def test_a_fresh_link_kills_the_old_one(desk_client):
    appointment, old_token = make_appointment()

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/link/", follow=True
    )

    assert response.status_code == 200
    new_token = token_on(response)
    assert new_token != old_token
    now = timezone.now()
    assert not find_link(old_token).is_usable(now=now)
    assert find_link(new_token).is_usable(now=now)
    assert find_link(new_token).appointment == appointment


def test_a_fresh_link_unlocks_a_patient_who_mistyped_their_birth_date(desk_client):
    appointment, old_token = make_appointment()
    IntakeLink.objects.update(locked_at=timezone.now(), failed_attempts=3)

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/link/", follow=True
    )

    assert find_link(token_on(response)).is_usable(now=timezone.now())


def test_a_fresh_link_keeps_what_the_patient_typed(desk_client):
    appointment, _ = make_appointment()
    draft = {"steps": {"about": {"phone": ["555-0199"]}}, "done": ["about"]}
    Intake.objects.filter(pk=appointment.intake.pk).update(
        draft=draft, status=Status.IN_PROGRESS
    )

    desk_client.post(f"/desk/appointments/{appointment.pk}/link/", follow=True)

    appointment.intake.refresh_from_db()
    assert appointment.intake.draft == draft
    assert appointment.intake.status == Status.IN_PROGRESS


def test_a_fresh_link_is_emailed_when_asked(
    desk_client, django_capture_on_commit_callbacks
):
    appointment, old_token = make_appointment()

    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            f"/desk/appointments/{appointment.pk}/link/",
            {"send_email": "on"},
            follow=True,
        )

    assert len(mail.outbox) == 1
    assert token_on(response) in mail.outbox[0].body
    assert old_token not in mail.outbox[0].body
    assert "The link is being emailed to m.lee@example.com" in response.content.decode()


def test_a_fresh_link_is_not_emailed_unless_asked(desk_client):
    appointment, _ = make_appointment()

    desk_client.post(f"/desk/appointments/{appointment.pk}/link/", follow=True)

    assert mail.outbox == []


def test_a_patient_without_an_email_is_not_offered_one(desk_client):
    appointment, _ = make_appointment(email="")
    Patient.objects.update(phone="555-0199")

    page = desk_client.get(f"/desk/appointments/{appointment.pk}/").content.decode()
    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/link/", {"send_email": "on"}, follow=True
    )

    assert 'name="send_email"' not in page
    assert response.status_code == 200
    assert mail.outbox == []


def test_a_fresh_link_is_audited(desk_client, front_desk):
    appointment, _ = make_appointment()

    desk_client.post(f"/desk/appointments/{appointment.pk}/link/", follow=True)

    assert AuditEvent.objects.filter(code="link.issued", actor=front_desk).count() == 1


def test_a_cancelled_appointment_gets_no_fresh_link(desk_client, front_desk):
    appointment, _ = make_appointment()
    cancel_appointment(appointment, actor=front_desk, now=timezone.now())

    response = desk_client.post(
        f"/desk/appointments/{appointment.pk}/link/", follow=True
    )

    assert response.redirect_chain == [(f"/desk/appointments/{appointment.pk}/", 302)]
    assert "This appointment is cancelled." in response.content.decode()
    assert appointment.links.count() == 1


def test_a_submitted_intake_can_get_a_fresh_link_to_see_the_outcome(desk_client):
    intake = make_submitted_intake()

    response = desk_client.post(
        f"/desk/appointments/{intake.appointment.pk}/link/", follow=True
    )

    token = response.context["link"].rsplit("/i/", 1)[1].strip("/")
    patient = Client()  # the patient's own browser: the desk stays signed in
    verify(patient, token)
    assert patient.get("/intake/")["Location"] == "/intake/outcome/"
    assert intake.appointment.links.count() == 2


def test_the_appointment_page_says_when_the_link_is_locked(desk_client):
    appointment, _ = make_appointment()
    IntakeLink.objects.update(locked_at=timezone.now())

    html = desk_client.get(f"/desk/appointments/{appointment.pk}/").content.decode()

    assert "Locked after too many wrong dates of birth" in html


def test_the_appointment_page_never_shows_the_old_token(desk_client):
    appointment, token = make_appointment()

    html = desk_client.get(f"/desk/appointments/{appointment.pk}/").content.decode()

    assert token not in html
    assert "Works until" in html
