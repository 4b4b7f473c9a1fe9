"""Staff sessions end a fixed time after sign-in, however active they are."""

import time

import pytest

from clinic.models import AuditEvent
from clinic.staff_events import SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _signed_in_hours_ago(client, hours):
    session = client.session
    session[SIGNED_IN_AT] = time.time() - hours * 3600
    session.save()


def test_a_staff_session_ends_twelve_hours_after_sign_in(client, front_desk):
    client.force_login(front_desk)
    _signed_in_hours_ago(client, 12.1)

    response = client.get("/desk/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/desk/"
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(code="staff.session_expired").count() == 1


def test_an_active_session_younger_than_the_limit_goes_on(client, front_desk):
    client.force_login(front_desk)
    _signed_in_hours_ago(client, 11.9)

    assert client.get("/desk/").status_code == 200


def test_the_limit_is_a_setting(client, front_desk, settings):
    settings.STAFF_SESSION_MAX_SECONDS = 60
    client.force_login(front_desk)
    _signed_in_hours_ago(client, 0.02)

    assert client.get("/desk/").status_code == 302


def test_a_session_without_a_sign_in_time_is_ended(client, front_desk):
    client.force_login(front_desk)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()

    assert client.get("/desk/").status_code == 302


def test_signing_in_again_starts_a_new_period(client, front_desk):
    client.force_login(front_desk)
    _signed_in_hours_ago(client, 13)
    client.get("/desk/")

    client.post(
        "/accounts/login/", {"username": "desk", "password": "a-long-test-password-42"}
    )

    assert client.get("/desk/").status_code == 200


def test_an_expired_session_keeps_a_patient_token_out_of_the_redirect(
    client, front_desk
):
    client.force_login(front_desk)
    _signed_in_hours_ago(client, 13)

    response = client.get("/i/s3cr3t-t0ken/")

    assert "s3cr3t" not in response["Location"]
