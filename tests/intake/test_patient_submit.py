import pytest
from django.core import mail

from clinic.models import AuditEvent
from intake.models import Flag, Intake, Status
from tests.intake.conftest import (
    VALID_STEPS,
    fill_all_steps,
    make_appointment,
    rows,
    sign,
    verify,
)

pytestmark = pytest.mark.django_db

SIGNED = {"consent": "on", "signature": "Margaret Lee"}


def test_review_sends_an_unfinished_intake_back_to_the_missing_step(patient):
    client, _ = patient
    client.post("/intake/about/", VALID_STEPS["about"])

    response = client.get("/intake/review/")

    assert response["Location"] == "/intake/procedure/"


def test_review_shows_every_answer_with_change_links(patient):
    client, _ = patient
    fill_all_steps(client)

    html = client.get("/intake/review/").content.decode()

    assert "Eliquis, 5 mg, twice a day" in html
    assert "fish oil" in html
    assert "Tom Lee (555-0199) will take me home." in html
    assert 'href="/intake/medications/?return=review"' in html
    assert "less than 1 in 1,000" in html


def test_submitting_freezes_answers_screens_them_and_stores_flags(patient):
    client, appointment = patient
    fill_all_steps(client)

    response = sign(client)

    assert response["Location"] == "/intake/outcome/"
    intake = Intake.objects.get(appointment=appointment)
    assert intake.status == Status.SUBMITTED
    assert intake.signature == "Margaret Lee"
    assert intake.rules_version
    assert intake.answers["medications"][0]["name"] == "Eliquis"
    flags = {f.code: f for f in Flag.objects.filter(intake=intake)}
    assert flags["ANTICOAGULANT"].severity == "high"
    assert flags["ANTICOAGULANT"].evidence.startswith("Eliquis")
    assert flags["BLEEDING_SUPPLEMENT"].severity == "moderate"
    assert AuditEvent.objects.filter(code="intake.submitted").count() == 1


def test_flags_are_stored_worst_first(patient):
    client, appointment = patient
    fill_all_steps(client)
    sign(client)

    severities = list(
        Flag.objects.filter(intake__appointment=appointment).values_list(
            "severity", flat=True
        )
    )
    order = ["critical", "high", "moderate", "info"]
    assert severities == sorted(severities, key=order.index)


def test_submitting_twice_gives_one_submission_and_the_same_page(patient):
    client, appointment = patient
    fill_all_steps(client)

    page = client.get("/intake/review/")
    data = {
        **SIGNED,
        "answers_version": page.context["form"].initial["answers_version"],
    }
    first = client.post("/intake/review/", data)
    second = client.post("/intake/review/", data)

    assert first["Location"] == second["Location"] == "/intake/outcome/"
    assert (
        Flag.objects.filter(
            intake__appointment=appointment, code="ANTICOAGULANT"
        ).count()
        == 1
    )
    assert AuditEvent.objects.filter(code="intake.submitted").count() == 1


def test_submit_service_is_idempotent():
    from django.utils import timezone

    from intake.services.submission import submit_intake

    appointment, token = make_appointment()
    intake = appointment.intake
    intake.draft = {"steps": VALID_STEPS_AS_DRAFT, "done": list(VALID_STEPS)}
    intake.save()

    first = submit_intake(intake, signature="Margaret Lee", now=timezone.now())
    again = submit_intake(intake, signature="Someone Else", now=timezone.now())

    assert again.signature == first.signature == "Margaret Lee"
    assert Flag.objects.filter(intake=intake).count() == first.flags.count()


VALID_STEPS_AS_DRAFT = {
    slug: {
        key: value if isinstance(value, list) else [value]
        for key, value in data.items()
    }
    for slug, data in VALID_STEPS.items()
}


def test_a_signature_that_is_not_the_patients_name_is_refused(patient):
    client, appointment = patient
    fill_all_steps(client)

    response = sign(client, "X")

    assert response.status_code == 200
    assert "Type your full name, including Margaret Lee" in response.content.decode()
    assert Intake.objects.get(appointment=appointment).status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "typed", ["Margaret Lee", "margaret  lee", "Margaret Anne Lee"]
)
def test_the_signature_takes_the_name_with_a_middle_name(patient, typed):
    client, appointment = patient
    fill_all_steps(client)

    sign(client, typed)

    assert Intake.objects.get(appointment=appointment).status == Status.SUBMITTED


@pytest.mark.parametrize("typed", ["Lee Margaret", "Margaret", "Margaret Leeds"])
def test_the_signature_refuses_another_name(patient, typed):
    client, appointment = patient
    fill_all_steps(client)

    sign(client, typed)

    assert Intake.objects.get(appointment=appointment).status == Status.IN_PROGRESS


def test_a_blank_form_cannot_be_submitted(patient):
    client, appointment = patient

    response = sign(client)

    assert response["Location"] == "/intake/about/"
    assert Intake.objects.get(appointment=appointment).status == Status.IN_PROGRESS


def test_after_submission_the_steps_show_only_the_outcome(patient):
    client, _ = patient
    fill_all_steps(client)
    sign(client)

    assert client.get("/intake/medications/")["Location"] == "/intake/outcome/"
    assert client.post("/intake/medications/", {"none": "on"})["Location"] == (
        "/intake/outcome/"
    )


def test_the_link_after_submission_shows_the_outcome(client):
    appointment, token = make_appointment()
    verify(client, token)
    fill_all_steps(client)
    sign(client)

    verify(client, token)

    assert client.get("/intake/")["Location"] == "/intake/outcome/"


def test_the_outcome_page_never_tells_the_patient_to_stop_a_drug(patient):
    client, _ = patient
    fill_all_steps(client)
    sign(client)

    html = client.get("/intake/outcome/").content.decode()

    assert "Thank you: we have your answers" in html
    assert "Keep taking your medicines as usual unless the clinic tells you" in html
    assert "hold" not in html.lower()
    assert "555-0100" in html


def test_the_outcome_shows_the_radiologists_decision(patient):
    client, appointment = patient
    fill_all_steps(client)
    sign(client)
    Intake.objects.filter(appointment=appointment).update(
        status=Status.REVIEWED,
        decision="cleared_with_instructions",
        instructions="Your doctor will call about your Eliquis.",
    )

    html = client.get("/intake/outcome/").content.decode()

    assert "You are ready for your procedure" in html
    assert "Cleared with instructions" not in html
    assert "Your doctor will call about your Eliquis." in html


def test_a_critical_flag_emails_the_radiologists(
    client, radiologist, django_capture_on_commit_callbacks
):
    radiologist.email = "rad@example.com"
    radiologist.save()
    appointment, token = make_appointment()
    verify(client, token)
    fill_all_steps(client)
    client.post("/intake/day/", {**VALID_STEPS["day"], "has_escort": "no"})
    client.post(
        "/intake/health/", {**VALID_STEPS["health"], "fever_or_infection": "yes"}
    )

    with django_capture_on_commit_callbacks() as callbacks:
        sign(client)
        # Not sent inside the submission: only once it has committed.
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    intake = appointment.intake
    event = AuditEvent.objects.about(intake).get(code="intake.notified")
    assert event.data == {"recipients": 1}
    assert "Margaret" not in mail.outbox[0].body
    assert "Eliquis" not in mail.outbox[0].body


def test_a_tablet_session_ends_on_a_neutral_page_after_submission(tablet):
    client, appointment = tablet
    fill_all_steps(client)
    response = sign(client)

    assert response["Location"] == "/intake/sent/"
    sent = client.get("/intake/sent/").content.decode()
    assert "Thank you: your answers have been sent" in sent
    assert "Margaret" not in sent
    assert client.get("/intake/outcome/")["Location"] == "/intake/goodbye/"


def test_a_tablet_session_idles_out_sooner(tablet):
    client, _ = tablet

    assert client.session.get_expiry_age() == 15 * 60


def test_the_radiologist_can_read_every_kind_of_answer_the_form_takes(
    patient, radiologist
):
    from django.test import Client

    client, appointment = patient
    steps = {
        **VALID_STEPS,
        "allergies": {
            "local_anesthetic": "no",
            "general_anesthesia": "no",
            "iodinated_contrast": "yes",
            "iodinated_contrast_reaction": "hives",
            "iodinated_contrast_severity": "unknown",
            "latex": "no",
            **rows(
                {"substance": "penicillin", "reaction": "rash"},
                {"substance": "Betadine", "reaction": "itch", "severity": "mild"},
            ),
        },
    }
    fill_all_steps(client, steps)
    sign(client)
    intake = Intake.objects.get(appointment=appointment)
    staff = Client()
    staff.force_login(radiologist)

    page = staff.get(f"/review/{intake.pk}/")
    printed = staff.get(f"/review/{intake.pk}/print/")

    assert page.status_code == printed.status_code == 200
    assert "penicillin" in page.content.decode()
    assert "CONTRAST_ALLERGY" in page.content.decode()


def test_answers_changed_after_the_check_page_are_not_signed_unseen(patient):
    client, appointment = patient
    fill_all_steps(client)
    page = client.get("/intake/review/")
    version = page.context["form"].initial["answers_version"]
    client.post("/intake/medications/", {"none": "on", **rows()})  # another window

    response = client.post(
        "/intake/review/", {**SIGNED, "answers_version": version}, follow=True
    )

    assert (
        "Your answers changed since this page was opened" in response.content.decode()
    )
    assert "I take no medications." in response.content.decode()
    assert Intake.objects.get(appointment=appointment).status == Status.IN_PROGRESS


def test_a_step_broken_after_the_check_page_sends_the_patient_to_it(patient):
    client, appointment = patient
    fill_all_steps(client)
    page = client.get("/intake/review/")
    version = page.context["form"].initial["answers_version"]
    intake = Intake.objects.get(appointment=appointment)
    intake.draft["steps"]["day"] = {}
    intake.save()

    response = client.post("/intake/review/", {**SIGNED, "answers_version": version})

    assert response["Location"] == "/intake/day/"


def test_a_tablet_page_tells_the_browser_to_clear_itself_when_idle(tablet):
    client, appointment = tablet
    html = client.get("/intake/about/").content.decode()

    assert 'data-tablet-idle="900" data-idle-url="/intake/goodbye/"' in html
    client.get("/intake/goodbye/")
    assert client.get("/intake/about/")["Location"] == "/intake/goodbye/"


def test_a_patients_own_device_has_no_idle_clearing(patient):
    client, _ = patient

    assert "data-tablet-idle" not in client.get("/intake/about/").content.decode()
