import pytest

from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "path", ["/", "/procedures/", "/procedures/vertebroplasty/", "/accounts/login/"]
)
def test_page_has_no_wcag_violations(page, live_server, assert_accessible, path):
    response = page.goto(live_server.url + path)

    assert response.status == 200

    assert_accessible(page)


def test_404_page_has_no_wcag_violations(page, live_server, assert_accessible):
    response = page.goto(live_server.url + "/procedures/nothing-here/")

    assert response.status == 404
    assert_accessible(page)


def test_patient_reaches_a_procedure_from_the_home_page(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="See all procedures").click()
    page.get_by_role("link", name="Hip joint injection").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Hip joint injection"
    assert page.get_by_role("heading", name="Risks").is_visible()


def test_skip_link_moves_focus_to_the_main_content(page, live_server):
    page.goto(live_server.url + "/procedures/")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_detail_reads_well_on_a_375px_phone(page, live_server):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/procedures/vertebroplasty/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "vertebroplasty-375.png"), full_page=False)

    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_size >= 18


def test_print_style_hides_navigation(page, live_server):
    page.goto(live_server.url + "/procedures/vertebroplasty/")
    page.emulate_media(media="print")

    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert page.get_by_role("heading", name="Benefits").is_visible()
