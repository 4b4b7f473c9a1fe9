"""One intake for the radiologist: patient, flags worst first, answers, audit trail."""

import re

import pytest

from clinic.models import AuditEvent
from clinic.roles import Role
from intake.models import Flag, Intake
from tests.conftest import make_user
from tests.intake.conftest import make_submitted_intake, sign

pytestmark = pytest.mark.django_db

ANSWERS = {
    "procedure": "vertebroplasty",
    "spinal_level": "",
    "about": {"phone": "555-0101", "emergency_name": "John Lee", "corrections": ""},
    "medications": [
        {
            "name": "Eliquis",
            "dose": "5 mg",
            "frequency": "twice a day",
            "last_dose": "2026-11-20",
        },
        {"name": "heart pill", "dose": "", "frequency": "daily", "last_dose": ""},
    ],
    "no_medications": False,
    "supplements": [{"name": "fish oil"}, {"name": "Mystery Tea"}],
    "allergies": [
        {
            "substance": "CT dye",
            "category": "iodinated_contrast",
            "reaction": "throat swelling",
            "severity": "anaphylaxis",
        }
    ],
    "no_known_allergies": False,
    "answers": {"pregnant": "unsure", "kidney_disease": True, "has_escort": False},
    "escort": {"name": "", "phone": ""},
    "unrecognized": ["mystery tea"],
    "favourite_colour": "blue",
}


@pytest.fixture
def intake():
    intake = make_submitted_intake(severities=["info", "critical", "moderate"])
    Intake.objects.filter(pk=intake.pk).update(answers=ANSWERS)
    Flag.objects.create(
        intake=intake,
        position=9,
        code="UNRECOGNIZED_MEDICATION",
        severity="moderate",
        message="We could not identify this entry.",
        action="Ask the patient what it is.",
        source="Clinic practice",
        evidence="heart pill",
    )
    intake.refresh_from_db()
    return intake


def test_it_shows_the_patient_and_procedure(rad_client, intake):
    html = rad_client.get(f"/review/{intake.pk}/").content.decode()

    assert ">Margaret Lee</h1>" in html
    assert "years" in html and "born 14 Mar 1948" in html
    assert "Vertebroplasty" in html


def test_it_lists_flags_worst_first_with_their_explanation(rad_client, intake):
    response = rad_client.get(f"/review/{intake.pk}/")
    html = response.content.decode()

    severities = [flag.severity for flag in response.context["flags"]]
    assert severities == ["critical", "moderate", "moderate", "info"]
    assert "A critical finding." in html
    assert "Do the recommended thing." in html
    assert "Test guideline, section 1" in html
    assert "<q>Eliquis 5 mg twice a day</q>" in html


def test_it_shows_every_answer_grouped_as_entered(rad_client, intake):
    html = rad_client.get(f"/review/{intake.pk}/").content.decode()

    for text in (
        "555-0101",
        "John Lee",
        "Eliquis",
        "twice a day",
        "2026-11-20",
        "fish oil",
        "CT dye",
        "Iodinated contrast",
        "throat swelling",
        "Anaphylaxis",
        "Kidney disease or dialysis",
        "Unsure",
        "No adult to take them home yet.",
        "Favourite colour",
        "blue",
    ):
        assert text in html, text
    assert html.index("Medications") < html.index("Allergies")


def test_it_marks_unrecognised_medications(rad_client, intake):
    response = rad_client.get(f"/review/{intake.pk}/")
    answers = response.context["answers"]

    marked = {row["name"]: row["unrecognized"] for row in answers["medications"]}
    assert marked == {"Eliquis": False, "heart pill": True}
    supplements = {row["name"]: row["unrecognized"] for row in answers["supplements"]}
    assert supplements == {"fish oil": False, "Mystery Tea": True}
    assert response.content.decode().count("Not recognised") == 2


@pytest.mark.parametrize(
    "answers",
    [
        {},
        {"medications": "aspirin", "allergies": None, "answers": []},
        {"medications": [None, {"dose": "5 mg"}], "about": "x", "escort": 3},
    ],
)
def test_it_renders_incomplete_or_odd_answers(rad_client, answers):
    intake = make_submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(answers=answers)

    response = rad_client.get(f"/review/{intake.pk}/")

    assert response.status_code == 200
    assert "What the patient answered" in response.content.decode()


def test_every_view_is_an_audit_event(rad_client, radiologist, intake):
    rad_client.get(f"/review/{intake.pk}/", REMOTE_ADDR="10.0.0.7")
    rad_client.get(f"/review/{intake.pk}/")

    events = AuditEvent.objects.about(intake).filter(code="intake.viewed")
    assert events.count() == 2
    first = events.last()
    assert first.actor == radiologist
    assert first.ip_address == "10.0.0.7"
    assert first.data == {}


def test_the_audit_trail_is_shown_on_the_page(rad_client, intake, radiologist):
    from clinic.services import record_event

    flag = intake.flags.get(severity="critical")
    record_event("intake.submitted", target=intake)
    record_event("flag.resolved", actor=radiologist, target=flag, data={})

    html = rad_client.get(f"/review/{intake.pk}/", REMOTE_ADDR="10.0.0.8").content
    trail = html.decode().split('id="audit-heading"')[1]

    assert "Submitted by the patient" in trail
    assert "Flag resolved" in trail
    assert flag.title in trail
    assert "Opened" in trail
    assert "Rita" in trail
    assert "10.0.0.8" in trail


def test_the_print_view_has_no_navigation_or_forms(rad_client, intake):
    response = rad_client.get(f"/review/{intake.pk}/print/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "review-print.css" in html
    assert "A critical finding." in html
    assert "Eliquis" in html
    assert 'action="/review/' not in html
    assert "Audit trail" not in html
    event = AuditEvent.objects.about(intake).get(code="intake.viewed")
    assert event.data == {"format": "print"}


def test_its_links_carry_ids_never_patient_details(rad_client, intake):
    html = rad_client.get(f"/review/{intake.pk}/").content.decode()

    urls = re.findall(r'(?:href|action)="([^"]*)"', html)
    assert any(url.startswith(f"/review/{intake.pk}/flags/") for url in urls)
    for url in urls:
        for detail in ("Lee", "Margaret", "1948", "Eliquis", "CT dye"):
            assert detail not in url


def test_audit_events_do_not_hold_patient_details(rad_client, intake):
    rad_client.get(f"/review/{intake.pk}/")

    for event in AuditEvent.objects.all():
        text = str(event.data)
        assert "Lee" not in text and "Eliquis" not in text


@pytest.mark.parametrize("path", ["/review/{pk}/", "/review/{pk}/print/"])
def test_the_page_runs_a_fixed_number_of_queries(
    rad_client, django_assert_num_queries, path
):
    small = make_submitted_intake(first_name="Small", severities=["high"])
    big = make_submitted_intake(
        first_name="Big", severities=["critical", "high", "moderate", "info"] * 5
    )
    Intake.objects.filter(pk=big.pk).update(
        answers={**ANSWERS, "medications": ANSWERS["medications"] * 20}
    )
    big.flags.filter(severity="high").update(status="resolved")
    queries = PAGE_QUERIES if path == "/review/{pk}/" else PRINT_QUERIES
    rad_client.get("/review/")  # a session's first page stamps its idle refresh

    for intake in (small, big, big):  # the second view of big has events to show
        with django_assert_num_queries(queries):
            rad_client.get(path.format(pk=intake.pk))


# session, user, groups, intake with patient and procedure, the view event (head
# lock, insert, head move), flags, audit events (page only); the session is saved at
# most once a minute.
PAGE_QUERIES = 9
PRINT_QUERIES = 8


def test_a_submission_from_the_patient_flow_reads_in_full(client, radiologist):
    from django.test import Client

    from tests.intake.conftest import (
        VALID_STEPS,
        fill_all_steps,
        make_appointment,
        rows,
        verify,
    )

    appointment, token = make_appointment()
    verify(client, token)
    steps = {**VALID_STEPS}
    steps["medications"] = rows(
        {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day"},
        {"name": "metoprolol", "dose": "25 mg", "frequency": "daily"},
        {"name": "my water pill", "frequency": "daily"},
    )
    fill_all_steps(client, steps)
    sign(client)
    intake = Intake.objects.get(appointment=appointment)
    assert intake.status == "submitted"
    staff = Client()
    staff.force_login(radiologist)

    response = staff.get(f"/review/{intake.pk}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "ANTICOAGULANT" in html
    assert "Tom Lee" in html and "555-0142" in html
    assert "metoprolol" in html and "fish oil" in html
    marked = {
        row["name"]: row["unrecognized"]
        for row in response.context["answers"]["medications"]
    }
    assert marked.get("my water pill") is True
    assert marked["Eliquis"] is False
    assert response.context["answers"]["unlisted_unrecognized"] == []
    assert html.count("Not recognised") == 1


def test_an_unrecognised_entry_missing_from_the_lists_is_still_shown(rad_client):
    intake = make_submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(
        answers={
            "medications": [{"name": "aspirin"}],
            "unrecognized": ["blood thinner"],
        }
    )

    html = rad_client.get(f"/review/{intake.pk}/").content.decode()

    assert "Other entries the screening did not recognise" in html
    assert "blood thinner" in html


def test_the_audit_trail_groups_openings_by_person_and_day(
    rad_client, intake, radiologist
):
    for _ in range(4):
        rad_client.get(f"/review/{intake.pk}/")
    other = make_user("rad2", Role.RADIOLOGIST, first_name="Omar")
    rad_client.force_login(other)
    rad_client.get(f"/review/{intake.pk}/")

    html = rad_client.get(f"/review/{intake.pk}/").content.decode()
    trail = html.split('id="audit-heading"')[1]

    assert trail.count("<td>Opened") == 2
    assert "Opened (4 times)" in trail
    assert "Opened (2 times)" in trail
