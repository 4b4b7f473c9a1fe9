import pytest
from django.utils import timezone

from intake.models import Intake, IntakeLink, Status
from tests.intake.conftest import make_appointment, make_submitted_intake, verify

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_radiologists_decision_so_the_desk_can_rebook(desk_client):
    intake = make_submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(
        status=Status.REVIEWED, decision="postponed"
    )

    html = desk_client.get("/desk/").content.decode()

    assert "Reviewed: Postponed" in html


def test_the_list_shows_a_locked_link(desk_client):
    appointment, _ = make_appointment()
    IntakeLink.objects.filter(appointment=appointment).update(locked_at=timezone.now())

    assert "Link locked" in desk_client.get("/desk/").content.decode()


def test_a_postponed_patient_is_not_told_the_old_date(client):
    appointment, token = make_appointment()
    Intake.objects.filter(appointment=appointment).update(
        status=Status.REVIEWED, decision="postponed"
    )
    verify(client, token)

    html = client.get("/intake/outcome/").content.decode()

    assert "will not go ahead on this date" in html
    assert "is booked for" not in html


def test_an_unknown_intake_page_is_not_cached(client):
    appointment, token = make_appointment()
    verify(client, token)

    response = client.get("/intake/nothing/")

    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
