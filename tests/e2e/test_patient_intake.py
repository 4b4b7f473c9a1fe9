"""A patient goes from the link to a signed submission in Chromium."""

import pytest

from intake.models import Flag, Intake, Status
from tests.e2e.conftest import SCREENSHOTS
from tests.intake.conftest import make_appointment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _enter_dob(page, day="14", month="3", year="1948"):
    page.get_by_label("Month").fill(month)
    page.get_by_label("Day").fill(day)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Continue").click()


def _continue(page):
    page.get_by_role("button", name="Save and continue").click()


def _fill_first_steps(page):
    page.get_by_role("group", name="Are your name and date of birth").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Your phone number").fill("555-0142")
    page.get_by_label("Emergency contact: name").fill("Tom Lee")
    page.get_by_label("Emergency contact: phone number").fill("555-0199")
    _continue(page)
    page.get_by_label("I have read about my procedure and how to prepare").check()
    _continue(page)
    page.get_by_label("Medication name").first.fill("Eliquis")
    page.get_by_label("Dose (for example 5 mg)").first.fill("5 mg")
    page.get_by_label("How often (for example twice a day)").first.fill("twice a day")
    page.get_by_label("Medication name").nth(1).fill("warfrin")
    _continue(page)


def _fill_remaining_steps(page):
    page.get_by_label("Fish oil or omega-3").check()
    _continue(page)
    for question in page.get_by_role("group").all():
        no = question.get_by_label("No", exact=True)
        if no.count():
            no.check()
    page.get_by_label("I have no other allergies").check()
    _continue(page)
    page.get_by_label("This does not apply to me").check()
    for question in page.get_by_role("group").all():
        no = question.get_by_label("No", exact=True)
        if no.count():
            no.check()
    _continue(page)
    page.get_by_role("group", name="Will an adult take you home").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Their name").fill("Tom Lee")
    page.get_by_label("Their phone number").fill("555-0199")
    page.get_by_label("I have read the instructions above").check()
    _continue(page)


def test_a_patient_fills_and_signs_the_intake(
    page, live_server, browser, assert_accessible
):
    appointment, token = make_appointment()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/i/{token}/")
    assert token not in page.url

    _enter_dob(page, year="1950")
    assert page.get_by_text("You have 2 tries left").is_visible()
    assert_accessible(page)
    _enter_dob(page)

    page.get_by_label("Your phone number").fill("555-0142")
    _continue(page)  # missing answers: errors shown, typed value kept
    assert page.get_by_text("Please check your answers").is_visible()
    assert page.get_by_label("Your phone number").input_value() == "555-0142"
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "intake-errors-375.png"), full_page=True)

    _fill_first_steps(page)

    # Leave, and carry on from a fresh browser context (another device).
    page.context.close()
    other = browser.new_page()
    other.goto(f"{live_server.url}/i/{token}/")
    _enter_dob(other)
    assert "/intake/supplements/" in other.url
    assert_accessible(other)
    _fill_remaining_steps(other)

    assert "/intake/review/" in other.url
    assert other.get_by_text("Eliquis, 5 mg, twice a day").is_visible()
    assert_accessible(other)
    other.get_by_label("I have read the benefits and risks above").check()
    other.get_by_label("Type your full name to sign").fill("margaret lee")
    other.get_by_role("button", name="Sign and send my answers").click()

    assert other.get_by_role(
        "heading", name="Thank you: we have your answers"
    ).is_visible()
    assert_accessible(other)
    intake = Intake.objects.get(appointment=appointment)
    assert intake.status == Status.SUBMITTED
    codes = set(Flag.objects.filter(intake=intake).values_list("code", flat=True))
    assert {"ANTICOAGULANT", "BLEEDING_SUPPLEMENT", "MULTIPLE_ANTITHROMBOTICS"} <= codes

    # The back button and a second submit land on the same confirmation.
    other.go_back()
    other.reload()
    assert "/intake/outcome/" in other.url
    assert Intake.objects.filter(status=Status.SUBMITTED).count() == 1


def _tab_to(page, name):
    """Press Tab until the control with this name has focus (keyboard only)."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"Tab never reached {name}")


def _key_type(page, name, text):
    _tab_to(page, name)
    page.keyboard.type(text)


def _key_choose(page, name, downs=0):
    """Tab into a radio group or onto a checkbox, then pick with Space or arrows."""
    _tab_to(page, name)
    if downs:
        for _ in range(downs):
            page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Space")


def test_the_whole_intake_works_with_the_keyboard_alone(page, live_server):
    appointment, token = make_appointment()
    page.goto(f"{live_server.url}/i/{token}/")
    _key_type(page, "month", "3")
    page.keyboard.press("Tab")
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("1948")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/about/")

    _key_choose(page, "details_correct")
    _key_type(page, "phone", "555-0142")
    _key_type(page, "emergency_name", "Tom Lee")
    _key_type(page, "emergency_phone", "555-0199")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/procedure/")

    _key_choose(page, "has_read")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/medications/")

    _key_type(page, "rows-0-name", "Plavix")
    page.keyboard.press("Enter")  # saves and continues, never "Add another"
    page.wait_for_url("**/intake/supplements/")

    _key_choose(page, "none")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/allergies/")

    for question in ("local_anesthetic", "general_anesthesia", "iodinated_contrast"):
        _key_choose(page, question, downs=1)
    _key_choose(page, "latex", downs=1)
    _key_choose(page, "none")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/health/")

    _key_choose(page, "pregnant", downs=3)
    for question in (
        "bleeding_disorder",
        "kidney_disease",
        "diabetes",
        "fever_or_infection",
        "sleep_apnea",
        "malignant_hyperthermia",
    ):
        _key_choose(page, question, downs=1)
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/day/")

    _key_choose(page, "has_escort")
    _key_type(page, "escort_name", "Tom Lee")
    _key_type(page, "escort_phone", "555-0199")
    _key_choose(page, "understood")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/review/")

    _key_choose(page, "consent")
    _key_type(page, "signature", "Margaret Lee")
    page.keyboard.press("Enter")
    page.wait_for_url("**/intake/outcome/")

    intake = Intake.objects.get(appointment=appointment)
    assert intake.status == Status.SUBMITTED
    assert intake.answers["medications"] == [
        {"name": "Plavix", "dose": "", "frequency": "", "last_dose": ""}
    ]


def test_typing_is_saved_without_pressing_save(page, live_server):
    appointment, token = make_appointment()
    page.goto(f"{live_server.url}/i/{token}/")
    _enter_dob(page)
    page.goto(f"{live_server.url}/intake/medications/")

    page.get_by_label("Medication name").first.fill("Plavix 75 mg")
    page.get_by_text("Your answers so far are saved.").wait_for()

    draft = Intake.objects.get(appointment=appointment).draft
    assert draft["steps"]["medications"]["rows-0-name"] == ["Plavix 75 mg"]
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_a_step_reflows_at_200_percent_zoom(page, live_server):
    """A 1280 x 900 window at 200% zoom lays out like a 640 x 450 viewport."""
    appointment, token = make_appointment()
    page.set_viewport_size({"width": 640, "height": 450})
    page.goto(f"{live_server.url}/i/{token}/")
    _enter_dob(page)
    page.goto(f"{live_server.url}/intake/allergies/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    page.get_by_role("button", name="Save and continue").scroll_into_view_if_needed()
    assert page.get_by_role("button", name="Save and continue").is_visible()


@pytest.mark.parametrize(
    "slug",
    ["about", "procedure", "medications", "supplements", "allergies", "health", "day"],
)
def test_each_step_and_its_error_state_pass_axe(
    page, live_server, assert_accessible, slug
):
    appointment, token = make_appointment()
    page.goto(f"{live_server.url}/i/{token}/")
    _enter_dob(page)
    page.goto(f"{live_server.url}/intake/{slug}/")
    assert_accessible(page)

    _continue(page)  # nothing answered: every error shown

    assert page.get_by_text("Please check your answers").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page)


def test_the_link_problem_and_goodbye_pages_pass_axe(
    page, live_server, assert_accessible
):
    page.goto(f"{live_server.url}/i/unknown-token/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/intake/goodbye/")
    assert_accessible(page)
