"""A radiologist works an intake in the browser: queue, intake, flag, decision."""

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from tests.conftest import make_user
from tests.intake.conftest import make_submitted_intake

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"


def test_a_radiologist_resolves_a_flag_and_clears_the_intake(
    live_server, page, assert_accessible
):
    intake = make_submitted_intake(severities=("critical", "info"))
    make_submitted_intake(first_name="Nora", severities=())
    critical = intake.flags.get(severity="critical")
    _sign_in(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(
        page.get_by_role("heading", name="No findings: confirm and clear")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Lee, Margaret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Margaret Lee")
    expect(page.get_by_text("A critical finding.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Cleared", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("cannot be cleared while a critical flag")).to_be_visible()

    card = page.locator(f"#flag-{critical.pk}")
    card.get_by_label("Disposition").select_option("premedicate")
    card.get_by_label("Note", exact=True).fill("13-hour prednisone protocol.")
    card.get_by_role("button", name="Resolve").click()
    expect(page.get_by_text("Flag resolved.")).to_be_visible()
    expect(page.locator(f"#flag-{critical.pk}")).to_contain_text("Premedicate")

    page.get_by_label("Cleared with instructions").check()
    page.get_by_label("Instructions for the patient").fill(
        "Take the prednisone tablets as the clinic explained."
    )
    page.get_by_role("button", name="Record the decision").click()

    expect(
        page.get_by_text("Decision recorded: Cleared with instructions.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Lee, Margaret")).to_have_count(0)
    intake.refresh_from_db()
    assert intake.status == "reviewed"
    assert intake.instructions.startswith("Take the prednisone")


def test_the_print_view_shows_no_navigation(live_server, page):
    intake = make_submitted_intake(severities=("high",))
    _sign_in(page, live_server)

    page.goto(f"{live_server.url}/review/{intake.pk}/print/")

    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Margaret Lee")
    expect(page.get_by_role("button")).to_have_count(0)


def _sign_in(page, live_server):
    """Sign in through the login page as a radiologist; land on the queue."""
    make_user("rita", Role.RADIOLOGIST, is_staff=True, first_name="Rita")
    page.goto(f"{live_server.url}/accounts/login/?next=/review/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page
