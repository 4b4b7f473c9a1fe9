"""A radiologist works an intake in the browser: queue, intake, flags, decision."""

import pytest
from playwright.sync_api import expect

from clinic.roles import Role
from tests.conftest import make_user
from tests.intake.conftest import EIGHT_FLAGS, make_submitted_intake

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"
# The review page of EIGHT_FLAGS at 1280 px before issue 8 (commit 2d0f25b), as
# measured by this test's own height measurement; the page must stay within half.
HEIGHT_BEFORE = 6716
WIDTH = 1280


def test_a_radiologist_clears_an_eight_flag_intake_in_two_submissions(
    live_server, page, assert_accessible, record_property
):
    intake = make_submitted_intake(flags=EIGHT_FLAGS)
    page.set_viewport_size({"width": WIDTH, "height": 900})
    _sign_in(page, live_server)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    page.get_by_role("link", name="Lee, Margaret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Margaret Lee")
    height = page.evaluate("document.documentElement.scrollHeight")
    record_property("page_height_px", height)
    print(f"\nreview page height at {WIDTH}px: {height} (before: {HEIGHT_BEFORE})")
    assert height <= HEIGHT_BEFORE / 2
    expect(
        page.get_by_role("heading", name="High Blood thinner: Eliquis (apixaban)")
    ).to_be_visible()
    assert_accessible(page)

    _choose(page, intake, "ANTICOAGULANT", "Hold per protocol", days=2)
    _choose(page, intake, "ANTIPLATELET", "Continue: no hold")
    _choose(page, intake, "NO_ESCORT", "Escort arranged", note="Her son drives.")
    page.get_by_role("button", name="Save the dispositions chosen above").click()

    expect(page.get_by_text("3 flags resolved.")).to_be_visible()
    assert page.evaluate("location.hash") == "#flags"
    assert_accessible(page)
    expect(page.get_by_label("Cleared", exact=True)).to_have_count(0)
    page.get_by_label("Cleared with instructions").check()
    expect(page.get_by_label("Instructions for the patient")).to_have_value(
        _starts_with("Take your last dose of Eliquis on ")
    )
    page.get_by_label("I have seen these open flags").check()
    page.get_by_role("button", name="Record the decision").click()

    expect(
        page.get_by_text("Decision recorded: Cleared with instructions.")
    ).to_be_visible()
    assert page.evaluate("location.hash") == "#decision"
    submissions = len([url for url in posts if "/accounts/" not in url])
    record_property("form_submissions_to_clear", submissions)
    print(f"form submissions to clear: {submissions}")
    assert submissions <= 3
    intake.refresh_from_db()
    assert intake.decision == "cleared_with_instructions"


def test_a_refused_decision_is_shown_at_the_top_with_focus(
    live_server, page, assert_accessible
):
    make_submitted_intake(severities=("moderate",))
    _sign_in(page, live_server)
    page.get_by_role("link", name="Lee, Margaret").click()

    page.get_by_label("Cleared", exact=True).check()
    page.get_by_role("button", name="Record the decision").click()

    refusal = page.locator("#refusal")
    expect(refusal).to_contain_text("Confirm that you have seen the open flags")
    expect(refusal).to_be_focused()
    assert (
        page.evaluate("document.getElementById('refusal').getBoundingClientRect().top")
        < 300
    )
    assert_accessible(page)


def test_the_print_view_shows_no_navigation(live_server, page):
    intake = make_submitted_intake(severities=("high",))
    _sign_in(page, live_server)

    page.goto(f"{live_server.url}/review/{intake.pk}/print/")

    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_have_text("Margaret Lee")
    expect(page.get_by_role("button")).to_have_count(0)


def _choose(page, intake, code, disposition, days=None, note=None):
    """Fill a flag's row of the resolve-all form."""
    title = intake.flags.get(code=code).title
    page.get_by_label(f"Disposition for {title}").select_option(label=disposition)
    if days is not None:
        page.get_by_label(f"Days for {title}").fill(str(days))
    if note is not None:
        page.get_by_label(f"Note for {title}").fill(note)


def _starts_with(text):
    import re

    return re.compile("^" + re.escape(text))


def _sign_in(page, live_server):
    """Sign in through the login page as a radiologist; land on the queue."""
    make_user("rita", Role.RADIOLOGIST, is_staff=True, first_name="Rita")
    page.goto(f"{live_server.url}/accounts/login/?next=/review/")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page
