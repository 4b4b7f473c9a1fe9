"""A patient link opened where staff are signed in leaves the staff session alone."""

import pytest
from django.test import Client

from intake.patient_session import SESSION_KEY
from tests.intake.conftest import VALID_STEPS, make_appointment, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(db):
    _, token = make_appointment()
    return f"/i/{token}/"


def test_opening_a_patient_link_keeps_the_desk_signed_in(desk_client, link):
    response = desk_client.get(link)

    assert response.status_code == 409
    assert "You are signed in as staff" in response.content.decode()
    assert desk_client.get("/desk/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/intake/",
        "/intake/verify/",
        "/intake/about/",
        "/intake/review/",
        "/intake/outcome/",
        "/intake/goodbye/",
        "/intake/sent/",
    ],
)
def test_no_patient_page_signs_staff_out(rad_client, path):
    rad_client.get(path)

    assert rad_client.get("/review/").status_code == 200


def test_leaving_an_intake_does_not_sign_staff_out(rad_client):
    rad_client.post("/intake/leave/")

    assert rad_client.get("/review/").status_code == 200


def test_the_link_still_works_in_the_patients_own_browser(desk_client, link):
    desk_client.get(link)
    patient = Client()

    patient.get(link)
    response = patient.post(
        "/intake/verify/", {"day": "14", "month": "3", "year": "1948"}
    )

    assert response["Location"] == "/intake/"
    assert patient.post("/intake/about/", VALID_STEPS["about"]).status_code == 302


def test_staff_signing_in_on_a_patients_device_do_not_see_the_intake(
    client, front_desk
):
    _, token = make_appointment()
    verify(client, token)
    assert client.get("/intake/about/").status_code == 200

    client.force_login(front_desk)
    response = client.get("/intake/about/")

    assert response.status_code == 409
    assert "Margaret" not in response.content.decode()


def test_a_patient_session_is_untouched_by_a_staff_session_elsewhere(
    client, front_desk, link
):
    desk = Client()
    desk.force_login(front_desk)
    client.get(link)
    client.post("/intake/verify/", {"day": "14", "month": "3", "year": "1948"})

    desk.get(link)

    assert SESSION_KEY in client.session
    assert client.get("/intake/about/").status_code == 200
