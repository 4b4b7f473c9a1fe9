"""Second factor for Radiologists, Content admins and superusers (django-otp)."""

import base64
import re
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.models import AuditEvent
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    """What production runs with (tests/settings.py turns it off for force_login)."""
    settings.SECOND_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def _sign_in(client, username, path="/accounts/login/"):
    return client.post(path, {"username": username, "password": PASSWORD})


def _code(key):
    return f"{totp(key):06d}"


@pytest.fixture
def enrolled_radiologist(radiologist):
    """A radiologist with a confirmed app and two recovery codes."""
    app = TOTPDevice.objects.create(user=radiologist, name="Authenticator app")
    recovery = StaticDevice.objects.create(user=radiologist, name="Recovery codes")
    for code in ("abcd2345", "efgh6789"):
        StaticToken.objects.create(device=recovery, token=code)
    return radiologist, app


def test_a_radiologist_without_an_app_is_sent_to_set_one_up(client, radiologist):
    _sign_in(client, "rad")

    response = client.get("/review/")

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Freview%2F"


def test_the_set_up_page_draws_the_qr_code_itself(client, radiologist):
    _sign_in(client, "rad")

    html = client.get(SETUP).content.decode()

    assert 'src="data:image/svg+xml;base64,' in html
    svg = base64.b64decode(re.search(r"base64,([^\"]+)", html)[1]).decode()
    assert "<svg" in svg and "<path" in svg
    assert "http" not in html.split("data:image/svg+xml")[1].split('"')[0]


def test_enrolling_with_the_apps_first_code_shows_recovery_codes_once(
    client, radiologist
):
    _sign_in(client, "rad")
    html = client.get(f"{SETUP}?next=/review/").content.decode()
    key = base64.b32decode(
        re.search(r"<code>([A-Z2-7 ]+)</code>", html)[1].replace(" ", "")
    )

    response = client.post(SETUP, {"token": _code(key), "next": "/review/"})

    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=radiologist).confirmed
    assert client.get("/review/").status_code == 200
    assert AuditEvent.objects.filter(code="staff.second_factor_enrolled").count() == 1
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_first_code_does_not_turn_the_app_on(client, radiologist):
    _sign_in(client, "rad")
    client.get(SETUP)

    response = client.post(SETUP, {"token": "000000"})

    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=radiologist, confirmed=True).exists()
    assert client.get("/review/").status_code == 302


def test_a_second_app_cannot_be_added_with_the_password_alone(
    client, enrolled_radiologist
):
    radiologist, _ = enrolled_radiologist
    _sign_in(client, "rad")

    response = client.get(SETUP)

    assert "already has an authenticator app" in response.content.decode()
    assert TOTPDevice.objects.filter(user=radiologist).count() == 1


def test_signing_in_with_the_code_reaches_the_queue(client, enrolled_radiologist):
    radiologist, app = enrolled_radiologist
    _sign_in(client, "rad")
    assert client.get("/review/")["Location"] == f"{VERIFY}?next=%2Freview%2F"

    response = client.post(VERIFY, {"token": _code(app.bin_key), "next": "/review/"})

    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200
    event = AuditEvent.objects.get(code="staff.second_factor_verified")
    assert event.actor == radiologist


def test_the_password_alone_never_reaches_the_queue(client, enrolled_radiologist):
    _sign_in(client, "rad")

    assert client.get("/review/").status_code == 302
    assert client.get("/review/", follow=True).redirect_chain[-1][0].startswith(VERIFY)


def test_a_wrong_code_is_refused_and_audited(client, enrolled_radiologist):
    _sign_in(client, "rad")

    response = client.post(VERIFY, {"token": "123456"})

    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/review/").status_code == 302
    assert AuditEvent.objects.filter(code="staff.second_factor_failed").count() == 1


def test_a_recovery_code_works_once(client, enrolled_radiologist):
    radiologist, _ = enrolled_radiologist
    _sign_in(client, "rad")

    client.post(VERIFY, {"token": "ABCD 2345"})

    assert client.get("/review/").status_code == 200
    event = AuditEvent.objects.get(code="staff.recovery_code_used")
    assert event.data == {"method": "recovery_code", "codes_left": 1}
    client.post("/accounts/logout/")
    _sign_in(client, "rad")
    client.post(VERIFY, {"token": "abcd2345"})
    assert client.get("/review/").status_code == 302


def test_the_code_step_follows_the_admin_login_too(client, superuser):
    TOTPDevice.objects.create(user=superuser, name="Authenticator app")
    _sign_in(client, "boss", path="/admin/login/")

    response = client.get("/admin/")

    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_a_content_admin_needs_the_code_for_the_admin(client, content_admin):
    _sign_in(client, "content")

    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_front_desk_needs_no_second_factor(client, front_desk):
    _sign_in(client, "desk")

    assert client.get("/desk/").status_code == 200


def test_demo_mode_may_skip_the_second_factor(client, radiologist, settings):
    settings.SECOND_FACTOR_REQUIRED = False
    _sign_in(client, "rad")

    assert client.get("/review/").status_code == 200


def test_the_next_address_cannot_leave_the_site(client, enrolled_radiologist):
    _, app = enrolled_radiologist
    _sign_in(client, "rad")

    response = client.post(
        VERIFY, {"token": _code(app.bin_key), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/staff/"


def _route_paths(resolver, prefix=""):
    """Every path of the project's own URL patterns, with a 1 for each parameter."""
    for entry in resolver.url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue  # the admin's regex patterns are walked through its registry
        route = re.sub(r"<(?:\w+:)?\w+>", "1", str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _route_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + route


def _admin_paths():
    yield reverse("admin:index")
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        yield reverse("admin:app_list", args=(info[0],))
        yield reverse("admin:{}_{}_changelist".format(*info))
        yield reverse("admin:{}_{}_add".format(*info))
        for view in ("change", "delete", "history"):
            yield reverse("admin:{}_{}_{}".format(*(*info, view)), args=(1,))


def test_a_half_signed_in_user_reaches_no_other_page(client, enrolled_radiologist):
    make_submitted_intake()  # so /review/1/ and /desk/appointments/1/ exist
    _sign_in(client, "rad")
    open_paths = {VERIFY, SETUP, "/accounts/logout/"}
    paths = set(_route_paths(get_resolver())) | set(_admin_paths())
    assert {"/staff/", "/review/1/", "/desk/", "/admin/"} <= paths

    for path in sorted(paths - open_paths):
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (method, path)
            assert urlsplit(response["Location"]).path == VERIFY, path


def test_a_superuser_resets_a_lost_app_and_the_user_sets_up_a_new_one(
    client, enrolled_radiologist, superuser
):
    radiologist, app = enrolled_radiologist
    admin_client = type(client)()
    admin_client.force_login(superuser)  # second factor done, as force_login skips it
    session = admin_client.session
    session["otp_device_id"] = TOTPDevice.objects.create(user=superuser).persistent_id
    session.save()

    admin_client.post(f"/admin/otp_totp/totpdevice/{app.pk}/delete/", {"post": "yes"})
    _sign_in(client, "rad")

    assert not TOTPDevice.objects.filter(user=radiologist).exists()
    assert client.get("/review/")["Location"].startswith(SETUP)


def test_a_patient_link_opened_half_signed_in_keeps_its_token_out_of_the_redirect(
    client, enrolled_radiologist
):
    _sign_in(client, "rad")

    response = client.get("/i/s3cr3t-t0ken/")

    assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2F"
