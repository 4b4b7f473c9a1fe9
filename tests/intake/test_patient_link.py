import datetime as dt

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import IntakeLink, Status
from intake.services.invitations import cancel_appointment, issue_link
from tests.intake.conftest import DOB, make_appointment, verify

pytestmark = pytest.mark.django_db


def test_an_unknown_link_gets_a_friendly_page_with_the_clinic_phone(client):
    response = client.get("/i/not-a-real-token/")

    assert response.status_code == 404
    assert "We could not find this link" in response.content.decode()
    assert "555-0100" in response.content.decode()


def test_opening_a_link_takes_the_token_out_of_the_address(client):
    appointment, token = make_appointment()

    response = client.get(f"/i/{token}/")

    assert response.status_code == 302
    assert response["Location"] == "/intake/verify/"
    assert token not in response["Location"]


def test_the_link_is_stored_only_as_a_hash():
    appointment, token = make_appointment()

    link = appointment.links.get()
    assert token not in link.token_hash
    assert len(token) >= 43  # 256 random bits, base64


def test_the_date_of_birth_page_shows_no_patient_data(client):
    appointment, token = make_appointment()
    client.get(f"/i/{token}/")

    html = client.get("/intake/verify/").content.decode()

    assert "Margaret" not in html
    assert "Lee" not in html


def test_the_right_date_of_birth_opens_the_intake(client):
    appointment, token = make_appointment()

    response = verify(client, token)

    assert response.status_code == 302
    assert response["Location"] == "/intake/"
    appointment.intake.refresh_from_db()
    assert appointment.intake.status == Status.IN_PROGRESS
    assert AuditEvent.objects.filter(code="link.verified").count() == 1


def test_a_wrong_date_of_birth_says_how_many_tries_are_left(client):
    appointment, token = make_appointment()

    response = verify(client, token, DOB.replace(year=1950))

    html = response.content.decode()
    assert response.status_code == 200
    assert "does not match our records. You have 2 tries left." in html
    assert 'value="1950"' in html


def test_three_wrong_dates_lock_the_link(client):
    appointment, token = make_appointment()
    for year in (1950, 1951):
        verify(client, token, DOB.replace(year=year))

    response = verify(client, token, DOB.replace(year=1952))

    assert response.status_code == 403
    assert "This link is locked" in response.content.decode()
    assert appointment.links.get().locked_at is not None


def test_a_locked_link_stays_locked_even_with_the_right_date(client):
    appointment, token = make_appointment()
    for year in (1950, 1951, 1952):
        verify(client, token, DOB.replace(year=year))

    response = client.get(f"/i/{token}/")
    verify(client, token)

    assert response.status_code == 403
    assert client.get("/intake/about/")["Location"] == "/intake/goodbye/"


def test_an_impossible_date_is_explained(client):
    appointment, token = make_appointment()
    client.get(f"/i/{token}/")

    response = client.post("/intake/verify/", {"day": 31, "month": 2, "year": 1948})

    assert "That date does not exist" in response.content.decode()
    assert appointment.links.get().failed_attempts == 0


@pytest.mark.parametrize(
    "data,message",
    [
        ({"day": "", "month": "3", "year": "1948"}, "Enter the day."),
        ({"day": "x", "month": "3", "year": "1948"}, "Enter a number."),
        ({"day": "14", "month": "13", "year": "1948"}, "a number from 1 to 12"),
        ({"day": "14", "month": "ma", "year": "1948"}, "or as its name, like June"),
    ],
)
def test_bad_date_input_gets_a_message_next_to_the_field(client, data, message):
    appointment, token = make_appointment()
    client.get(f"/i/{token}/")

    response = client.post("/intake/verify/", data)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_link_expires_after_14_days_for_a_late_appointment():
    now = timezone.now()
    appointment, _ = make_appointment(days_ahead=30, now=now)

    assert appointment.links.get().expires_at == now + dt.timedelta(days=14)


def test_the_link_expires_at_the_end_of_the_procedure_day():
    now = timezone.now()
    appointment, _ = make_appointment(days_ahead=2, now=now)

    expires = timezone.localtime(appointment.links.get().expires_at)
    assert expires.date() == timezone.localtime(appointment.scheduled_at).date()
    assert (expires.hour, expires.minute) == (23, 59)


def test_an_expired_link_gets_a_friendly_page(client):
    appointment, token = make_appointment()
    IntakeLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    response = client.get(f"/i/{token}/")

    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_a_fresh_link_kills_the_old_one(client):
    appointment, old_token = make_appointment()
    issue_link(appointment, now=timezone.now())

    response = client.get(f"/i/{old_token}/")

    assert response.status_code == 410
    assert "no longer in use" in response.content.decode()


def test_cancelling_ends_a_patient_session_in_progress(client):
    appointment, token = make_appointment()
    verify(client, token)

    cancel_appointment(appointment, actor=None, now=timezone.now())

    response = client.get("/intake/about/")
    assert response["Location"] == "/intake/goodbye/"


def test_patient_pages_without_a_session_go_to_the_neutral_page(client, db):
    response = client.get("/intake/medications/")

    assert response.status_code == 302
    assert response["Location"] == "/intake/goodbye/"


def test_patient_sessions_end_after_30_idle_minutes(settings, client):
    appointment, token = make_appointment()
    verify(client, token)

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert client.session.get_expiry_age() == 30 * 60


def _expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_view_within_the_minute_does_not_rewrite_the_session(client):
    appointment, token = make_appointment()
    verify(client, token)
    client.get("/intake/about/")
    before = _expiry(client)

    client.get("/intake/about/")

    assert _expiry(client) == before


def test_a_page_view_after_the_minute_pushes_the_idle_expiry_forward(client):
    from clinic.middleware import REFRESHED_AT

    appointment, token = make_appointment()
    verify(client, token)
    session = client.session
    session[REFRESHED_AT] -= 61
    session.save()
    before = _expiry(client)

    client.get("/intake/about/")

    assert _expiry(client) > before


@pytest.mark.parametrize("path", ["/intake/verify/", "/intake/about/"])
def test_patient_pages_are_never_cached(client, path):
    appointment, token = make_appointment()
    verify(client, token)

    response = client.get(path)

    assert "no-store" in response["Cache-Control"]


def test_cancelling_twice_writes_one_event():
    appointment, _ = make_appointment()

    cancel_appointment(appointment, actor=None, now=timezone.now())
    cancel_appointment(appointment, actor=None, now=timezone.now())

    assert AuditEvent.objects.filter(code="appointment.cancelled").count() == 1


def test_a_cancelled_appointment_gets_no_new_link():
    from intake.services.invitations import AppointmentCancelled

    appointment, _ = make_appointment()
    cancel_appointment(appointment, actor=None, now=timezone.now())

    with pytest.raises(AppointmentCancelled):
        issue_link(appointment, now=timezone.now())
