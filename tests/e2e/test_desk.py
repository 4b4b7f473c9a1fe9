import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from clinic.roles import Role
from intake.services.invitations import find_link
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk_page(page, live_server):
    """A browser signed in as front desk staff through the login page."""
    make_user("desk", Role.FRONT_DESK, is_staff=True)
    page.goto(live_server.url + "/accounts/login/?next=/desk/")
    page.get_by_label("Username").fill("desk")
    page.get_by_label("Password").fill("a-long-test-password-42")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/desk/")
    return page


def fill_registration(page, *, day):
    page.get_by_label("First name").fill("Ana")
    page.get_by_label("Last name").fill("Costa")
    page.get_by_label("Date of birth").fill("1950-03-27")
    page.get_by_label("Email", exact=True).fill("ana.costa@example.com")
    page.get_by_role("combobox", name="Procedure").select_option(
        "facet-joint-injection"
    )
    page.get_by_label("Procedure date").fill(day.isoformat())
    page.get_by_label("Procedure time").fill("09:30")


def test_front_desk_registers_a_patient_and_gets_the_link(
    desk_page, live_server, assert_accessible
):
    page = desk_page
    assert_accessible(page)
    page.get_by_role("link", name="Register a patient").click()

    fill_registration(page, day=timezone.localdate() - dt.timedelta(days=1))
    page.get_by_role("button", name="Register and get the link").click()

    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("cannot be in the past").first.is_visible()
    assert page.get_by_text("Choose the spinal level").first.is_visible()
    assert page.get_by_label("First name").input_value() == "Ana"
    assert_accessible(page)

    page.get_by_label("Procedure date").fill(
        (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    )
    page.get_by_label("Spinal level").select_option("lumbar")
    page.get_by_role("button", name="Register and get the link").click()

    assert page.get_by_role("heading", name="Patient registered").is_visible()
    link = page.get_by_label("Intake link for Ana Costa").input_value()
    assert find_link(link.split("/i/")[1].rstrip("/")).appointment.spinal_level == (
        "lumbar"
    )
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the front desk").click()
    row = page.get_by_role("row").filter(has_text="Costa, Ana")
    expect(row.get_by_role("cell", name="Not opened")).to_be_visible()
    assert_accessible(page)


def test_the_copy_button_copies_the_link(desk_page, live_server):
    page = desk_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server.url + "/desk/new/")
    fill_registration(page, day=timezone.localdate() + dt.timedelta(days=3))
    page.get_by_role("combobox", name="Procedure").select_option("vertebroplasty")
    page.get_by_role("button", name="Register and get the link").click()

    page.get_by_role("button", name="Copy link").click()

    expect(page.locator("#copy-status")).to_have_text("Link copied.")


def test_the_desk_list_reads_well_on_a_375px_phone(desk_page, live_server):
    from tests.intake.conftest import make_appointment

    make_appointment(procedure="upper-limb-joint-injection")
    page = desk_page
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/desk/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.get_by_text("Lee, Margaret").is_visible()
    expect(page.get_by_text("Intake: Not opened")).to_be_visible()


def test_tablet_mode_signs_the_desk_out_of_this_device(desk_page, live_server):
    from tests.intake.conftest import make_appointment

    appointment, _ = make_appointment()
    page = desk_page
    page.goto(live_server.url + f"/desk/appointments/{appointment.pk}/")

    page.get_by_role("button", name="Open the intake on this device").click()

    assert "/intake/" in page.url
    page.goto(live_server.url + "/desk/")
    assert page.url.startswith(live_server.url + "/accounts/login/")


def test_a_tablet_left_idle_clears_itself(desk_page, live_server):
    from tests.intake.conftest import make_appointment

    appointment, _ = make_appointment()
    page = desk_page
    page.clock.install()
    page.goto(live_server.url + f"/desk/appointments/{appointment.pk}/")
    page.get_by_role("button", name="Open the intake on this device").click()
    page.wait_for_url("**/intake/about/")
    assert page.get_by_text("Margaret Lee").is_visible()

    page.clock.run_for("15:01")

    page.wait_for_url("**/intake/goodbye/")
    page.go_back()
    assert "Margaret" not in page.content()
