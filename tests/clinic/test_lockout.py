"""Staff sign-in lockout (django-axes): per account and address, account, address."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command

from clinic.models import AuditEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
LOGIN = "/accounts/login/"


def _sign_in(
    client, username, password, *, address="10.0.0.1", path="/accounts/login/"
):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _fail(client, username, times, *, address="10.0.0.1", path="/accounts/login/"):
    for _ in range(times):
        _sign_in(client, username, "wrong-password", address=address, path=path)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, radiologist):
    _fail(client, "rad", 5)

    response = _sign_in(client, "rad", PASSWORD)

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_still_let_the_right_one_in(client, radiologist):
    _fail(client, "rad", 4)

    assert _sign_in(client, "rad", PASSWORD).status_code == 302


def test_the_lockout_page_says_how_long_to_wait_and_who_can_unlock(client, radiologist):
    _fail(client, "rad", 5)

    html = _sign_in(client, "rad", PASSWORD).content.decode()

    assert "Please wait 15 minutes" in html
    assert "administrator to unlock" in html
    assert "no-store" in _sign_in(client, "rad", PASSWORD)["Cache-Control"]


def test_the_admin_login_locks_out_too(client, superuser):
    _fail(client, "boss", 5, path="/admin/login/")

    response = _sign_in(client, "boss", PASSWORD, path="/admin/login/")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_colleague_at_the_same_address_is_not_locked_out(
    client, radiologist, front_desk
):
    _fail(client, "rad", 5)

    assert _sign_in(client, "desk", PASSWORD).status_code == 302


def test_the_account_locks_after_ten_failures_spread_over_addresses(
    client, radiologist
):
    for host in range(10):
        _fail(client, "rad", 1, address=f"10.0.1.{host}")

    assert _sign_in(client, "rad", PASSWORD, address="10.0.2.1").status_code == 429


def test_nine_failures_spread_over_addresses_leave_the_account_open(
    client, radiologist
):
    for host in range(9):
        _fail(client, "rad", 1, address=f"10.0.1.{host}")

    assert _sign_in(client, "rad", PASSWORD, address="10.0.2.1").status_code == 302


def test_an_address_guessing_many_accounts_is_locked_after_thirty(client, front_desk):
    for number in range(30):
        _fail(client, f"guess{number}", 1, address="10.9.9.9")

    assert _sign_in(client, "desk", PASSWORD, address="10.9.9.9").status_code == 429
    assert _sign_in(client, "desk", PASSWORD, address="10.9.9.8").status_code == 302


def test_the_lockout_ends_after_the_cool_off_period(client, radiologist):
    _fail(client, "rad", 5)
    AccessAttempt.objects.update(
        attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    )

    assert _sign_in(client, "rad", PASSWORD).status_code == 302


def test_a_superuser_unlocks_an_account_in_the_admin(client, radiologist, superuser):
    _fail(client, "rad", 5)
    admin_client = type(client)()
    admin_client.force_login(superuser)
    attempt = AccessAttempt.objects.get()

    admin_client.post(
        f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}
    )

    assert _sign_in(client, "rad", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(code="admin.deleted")
    assert event.actor == superuser
    assert event.target_type == "axes.accessattempt"


def test_a_superuser_unlocks_an_account_from_the_command_line(client, radiologist):
    _fail(client, "rad", 5)

    call_command("axes_reset_username", "rad")

    assert _sign_in(client, "rad", PASSWORD).status_code == 302


def test_a_lockout_is_audited_against_the_account(client, radiologist):
    _fail(client, "rad", 5)

    event = AuditEvent.objects.get(code="staff.locked_out")

    assert event.target_id == str(radiologist.pk)
    assert event.ip_address == "10.0.0.1"


def test_a_lockout_for_an_unknown_name_keeps_no_trace_of_the_name(client):
    _fail(client, "Margaret Lee", 5)

    events = AuditEvent.objects.filter(code__startswith="staff.")
    assert {event.code for event in events} == {
        "staff.login_failed",
        "staff.locked_out",
    }
    for event in events:
        assert "Margaret" not in str(event.data)
        assert event.target_id == ""
        assert event.data == {"known_account": False}


def test_lockout_counts_only_failures(client):
    make_user("nurse", is_staff=True)

    for _ in range(6):
        assert _sign_in(client, "nurse", PASSWORD).status_code == 302
        client.logout()


def test_the_unlock_command_lifts_the_lockout_and_is_audited(client, radiologist):
    _fail(client, "rad", 5)

    call_command("unlock_staff", "--username", "rad")

    assert _sign_in(client, "rad", PASSWORD).status_code == 302
    event = AuditEvent.objects.get(code="staff.unlocked")
    assert event.target_id == str(radiologist.pk)
    assert event.data == {"address": "", "attempts_cleared": 1}


def test_the_unlock_command_lifts_an_address_lockout(client, front_desk):
    for number in range(30):
        _fail(client, f"guess{number}", 1, address="10.9.9.9")

    call_command("unlock_staff", "--address", "10.9.9.9")

    assert _sign_in(client, "desk", PASSWORD, address="10.9.9.9").status_code == 302


def test_the_unlock_command_refuses_an_unknown_account(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("unlock_staff", "--username", "nobody")


def test_behind_the_proxy_each_client_address_is_counted_apart(
    client, radiologist, settings
):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "rad", "password": "wrong"},
            REMOTE_ADDR="10.0.0.254",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7",
        )

    elsewhere = client.post(
        LOGIN,
        {"username": "rad", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.254",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )

    assert elsewhere.status_code == 302
    assert AuditEvent.objects.filter(ip_address="203.0.113.7").count() >= 5


def test_a_forwarded_address_is_ignored_without_a_proxy(client, radiologist):
    client.post(
        LOGIN,
        {"username": "rad", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )

    assert AuditEvent.objects.get(code="staff.login_failed").ip_address == "10.0.0.1"


@pytest.mark.parametrize("path", [LOGIN, "/admin/login/"])
def test_a_user_name_longer_than_any_account_is_counted_not_a_server_error(
    client, path
):
    typed = "0" * 256  # axes keeps 255 characters: PostgreSQL refused this one

    response = _sign_in(client, typed, "wrong-password", path=path)

    assert response.status_code == 200
    [attempt] = AccessAttempt.objects.all()
    assert attempt.username == "0" * 150


def test_a_long_user_name_still_locks_out_after_five_failures(client):
    _fail(client, "x" * 300, 5)

    assert _sign_in(client, "x" * 300, "wrong-password").status_code == 429
