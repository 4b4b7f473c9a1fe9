"""The outcome page in the patient's words, with holds as dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from intake.models import Appointment, Flag, Intake, Status
from tests.intake.conftest import fill_all_steps, sign

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def submitted(patient, settings):
    settings.TIME_ZONE = "America/New_York"
    client, appointment = patient
    fill_all_steps(client)
    sign(client)
    when = dt.datetime(2026, 12, 3, 8, 0, tzinfo=NEW_YORK)  # a Thursday morning
    Appointment.objects.filter(pk=appointment.pk).update(scheduled_at=when)
    return client, appointment.intake


def _decide(intake, decision, instructions=""):
    Intake.objects.filter(pk=intake.pk).update(
        status=Status.REVIEWED, decision=decision, instructions=instructions
    )


def _hold(intake, days):
    flag = intake.flags.get(code="ANTICOAGULANT")
    Flag.objects.filter(pk=flag.pk).update(
        status=Flag.State.RESOLVED, disposition="hold_drug", hold_days=days
    )


def test_while_waiting_it_says_when_the_clinic_reviews(submitted):
    client, _ = submitted

    html = client.get("/intake/outcome/").content.decode()

    assert "review intakes on weekdays, Monday to Friday" in html
    assert "We will email you when your answer is ready" in html


def test_a_hold_reads_as_the_date_of_the_last_dose(submitted):
    client, intake = submitted
    _hold(intake, 2)
    _decide(intake, "cleared_with_instructions", "Bring your CPAP.")

    html = client.get("/intake/outcome/").content.decode()

    assert "You are ready for your procedure" in html
    assert "Take your last dose of Eliquis on Monday, November 30." in html
    assert "restart it when the radiologist tells you" in html
    assert "Bring your CPAP." in html
    assert "Cleared with instructions" not in html


@pytest.mark.parametrize(
    "decision,heading",
    [
        ("needs_follow_up", "Please call us before Thursday, December 3"),
        ("postponed", "Your procedure will not go ahead on this date"),
    ],
)
def test_other_decisions_read_in_patient_words_and_give_no_hold(
    submitted, decision, heading
):
    client, intake = submitted
    _hold(intake, 2)
    _decide(intake, decision, "We will call you.")

    html = client.get("/intake/outcome/").content.decode()

    assert heading in html
    assert "Take your last dose" not in html
    assert "Needs follow-up" not in html and "Postponed" not in html


def test_the_print_view_shows_holds_as_dates(submitted, radiologist, client):
    _, intake = submitted
    _hold(intake, 2)
    client.force_login(radiologist)

    html = client.get(f"/review/{intake.pk}/print/").content.decode()

    assert "Take your last dose of Eliquis on Monday, November 30." in html
