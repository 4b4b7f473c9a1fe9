"""A retired procedure: gone for new appointments, still on the existing ones."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from intake.forms.desk import RegistrationForm
from procedures.models import Procedure
from tests.intake.conftest import make_appointment, verify
from tests.intake.test_desk_register import VALID
from tests.intake.test_invite_patient_command import argv

pytestmark = pytest.mark.django_db


@pytest.fixture
def retired_booking():
    """An appointment for vertebroplasty, booked before the clinic retired it."""
    appointment, token = make_appointment(procedure="vertebroplasty")
    Procedure.objects.filter(slug="vertebroplasty").update(retired=True)
    return appointment, token


def test_the_desk_form_no_longer_offers_it(desk_client, retired_booking):
    html = desk_client.get("/desk/new/").content.decode()

    assert 'value="vertebroplasty"' not in html
    assert 'value="hip-joint-injection"' in html


def test_the_desk_cannot_book_it_by_posting_its_slug(retired_booking):
    form = RegistrationForm(VALID, now=timezone.now())

    assert not form.is_valid()
    assert form.errors["procedure"] == ["Choose a procedure from the catalog."]


def test_the_command_line_cannot_book_it(retired_booking):
    with pytest.raises(CommandError, match="no bookable procedure 'vertebroplasty'"):
        call_command("invite_patient", *argv())


@pytest.mark.parametrize("url", ["/", "/procedures/"])
def test_the_public_pages_no_longer_list_it(client, retired_booking, url):
    html = client.get(url).content.decode()

    assert "/procedures/vertebroplasty/" not in html
    assert "/procedures/hip-joint-injection/" in html


def test_the_existing_appointment_still_shows_it_to_the_desk(
    desk_client, retired_booking
):
    appointment, _ = retired_booking

    response = desk_client.get(f"/desk/appointments/{appointment.pk}/")

    assert response.status_code == 200
    assert "Vertebroplasty" in response.content.decode()


def test_the_patient_still_reads_about_it_on_their_link(client, retired_booking):
    _, token = retired_booking
    verify(client, token)

    response = client.get("/intake/procedure/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vertebroplasty" in html
    assert "cement" in html


def test_its_page_still_answers_for_patients_who_kept_the_address(
    client, retired_booking
):
    response = client.get("/procedures/vertebroplasty/")

    assert response.status_code == 200
    assert "Vertebroplasty" in response.content.decode()
