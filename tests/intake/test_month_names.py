"""The month box of the date of birth takes what people type."""

import pytest

from intake.forms.patient import month_number
from tests.intake.conftest import DOB, make_appointment


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("6", 6),
        ("06", 6),
        (" 12 ", 12),
        ("June", 6),
        ("june", 6),
        ("JUN", 6),
        ("Jun.", 6),
        ("sept", 9),
        ("Sep", 9),
        ("mar", 3),
        ("may", 5),
        ("junio", 6),
        ("Ene", 1),
        ("agosto", 8),
        ("dic", 12),
        ("setiembre", 9),
        ("Marzo", 3),
    ],
)
def test_it_reads_month_numbers_and_names(typed, expected):
    assert month_number(typed) == expected


@pytest.mark.parametrize("typed", ["0", "13", "ju", "ma", "j", "juneau", "6a", ""])
def test_it_refuses_what_is_not_one_month(typed):
    assert month_number(typed) is None


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["March", "mar", "3", "marzo"])
def test_a_patient_can_type_the_month_name_on_the_link(client, typed):
    _, token = make_appointment()
    client.get(f"/i/{token}/")

    response = client.post(
        "/intake/verify/", {"month": typed, "day": DOB.day, "year": DOB.year}
    )

    assert response.status_code == 302
    assert response["Location"] == "/intake/"


@pytest.mark.django_db
def test_a_month_name_that_fits_no_month_keeps_what_was_typed(client):
    _, token = make_appointment()
    client.get(f"/i/{token}/")

    page = client.post(
        "/intake/verify/", {"month": "Marchh", "day": "14", "year": "1948"}
    ).content.decode()

    assert 'value="Marchh"' in page
    assert "or as its name, like June" in page
