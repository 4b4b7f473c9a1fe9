"""A radiologist turns on the second factor and signs in with it, in Chromium."""

import base64

import pytest
from django.test import Client
from django_otp.oath import totp
from playwright.sync_api import expect

from clinic.roles import Role
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.SECOND_FACTOR_REQUIRED = True


def _sign_in(page, live_server, password="a-long-test-password-42"):
    page.goto(live_server.url + "/accounts/login/?next=/review/")
    page.get_by_label("Username").fill("rad")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_radiologist_enrolls_then_signs_in_with_a_recovery_code(
    page, live_server, assert_accessible
):
    make_user("rad", Role.RADIOLOGIST, is_staff=True)
    _sign_in(page, live_server)

    expect(
        page.get_by_role("heading", name="Set up your second factor")
    ).to_be_visible()
    expect(page.get_by_alt_text("QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    key = page.locator("code").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(f"{totp(base64.b32decode(key)):06d}")
    page.get_by_role("button", name="Turn on the second factor").click()

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page)
    codes = page.locator("main li").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.wait_for_url(live_server.url + "/review/")

    page.get_by_role("button", name="Sign out").click()
    _sign_in(page, live_server)
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/review/")


def test_the_lockout_page_is_clear_and_accessible(page, live_server, assert_accessible):
    make_user("rad", Role.RADIOLOGIST, is_staff=True)
    guesser = Client(REMOTE_ADDR="127.0.0.1")  # the browser's address
    for _ in range(5):
        guesser.post("/accounts/login/", {"username": "rad", "password": "wrong"})

    _sign_in(page, live_server)

    expect(page.get_by_role("heading", name="Sign-in paused")).to_be_visible()
    expect(page.get_by_text("Please wait 15 minutes")).to_be_visible()
    assert_accessible(page)
