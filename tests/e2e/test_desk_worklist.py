"""The desk walks its worklist in a real browser: search, needs attention, an email."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import IntakeLink
from tests.e2e.test_desk import desk_page  # noqa: F401 (a fixture)
from tests.intake.conftest import make_appointment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_desk_searches_and_finds_who_needs_attention(
    desk_page,  # noqa: F811
    live_server,
    assert_accessible,
):
    page = desk_page
    make_appointment(first_name="Ana", last_name="Costa", days_ahead=2)
    locked, _ = make_appointment(first_name="Bob", last_name="Brown", days_ahead=10)
    IntakeLink.objects.filter(appointment=locked).update(locked_at=timezone.now())
    make_appointment(first_name="Cy", last_name="Young", days_ahead=10)
    page.goto(live_server.url + "/desk/")
    assert_accessible(page)

    page.get_by_label("Name, date of birth or record number").fill("costa")
    page.get_by_role("button", name="Search").click()

    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Costa, Ana")).to_be_visible()
    expect(table.get_by_role("link", name="Young, Cy")).to_have_count(0)
    assert "costa" not in page.url.lower()
    assert page.get_by_label("Name, date of birth or record number").input_value() == (
        "costa"
    )

    page.get_by_role("link", name="Needs attention").click()

    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    expect(table.get_by_role("link", name="Costa, Ana")).to_be_visible()
    expect(table.get_by_role("link", name="Brown, Bob")).to_be_visible()
    expect(table.get_by_role("link", name="Young, Cy")).to_have_count(0)
    assert_accessible(page)

    table.get_by_role("link", name="Costa, Ana").click()
    expect(page.get_by_role("heading", name="Emails")).to_be_visible()
    assert_accessible(page)
