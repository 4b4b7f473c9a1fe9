"""The clearance decision: what it needs, when "cleared" is refused, what it sets."""

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Decision, Flag, Intake, Status
from intake.services.review import ReviewRefused, StaleIntake, record_decision
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db


def _decide(client, intake, decision, instructions="", version=0):
    return client.post(
        f"/review/{intake.pk}/decision/",
        {
            "decision-decision": decision,
            "decision-instructions": instructions,
            "decision-version": version,
        },
    )


def test_clearing_records_the_decision_the_patient_sees(rad_client, radiologist):
    intake = make_submitted_intake(severities=[])

    response = _decide(rad_client, intake, "cleared")

    assert response.status_code == 302
    assert response["Location"] == "/review/"
    intake.refresh_from_db()
    assert intake.status == Status.REVIEWED
    assert intake.decision == Decision.CLEARED
    assert intake.instructions == ""
    assert intake.decided_by == radiologist
    assert intake.decided_at is not None
    queue = rad_client.get("/review/")
    assert "Decision recorded: Cleared." in queue.content.decode()
    assert list(queue.context["clear"].object_list) == []


def test_the_decision_is_an_audit_event(rad_client, radiologist):
    intake = make_submitted_intake(severities=[])

    _decide(rad_client, intake, "postponed", "We will call you to rebook.")

    event = AuditEvent.objects.for_target(intake).get(code="intake.decided")
    assert event.actor == radiologist
    assert event.data == {"decision": "postponed"}


@pytest.mark.parametrize(
    "decision", ["cleared_with_instructions", "needs_follow_up", "postponed"]
)
def test_every_decision_but_cleared_needs_instructions(rad_client, decision):
    intake = make_submitted_intake(severities=[])

    response = _decide(rad_client, intake, decision)

    assert response.status_code == 400
    assert "Write the instructions the patient will read." in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert intake.decision == ""


def test_instructions_are_kept_for_the_patient(rad_client):
    intake = make_submitted_intake(severities=["high"])

    _decide(
        rad_client,
        intake,
        "cleared_with_instructions",
        "Stop Eliquis two days before.",
    )

    intake.refresh_from_db()
    assert intake.decision == Decision.CLEARED_WITH_INSTRUCTIONS
    assert intake.instructions == "Stop Eliquis two days before."


@pytest.mark.parametrize("state", [Flag.State.OPEN, Flag.State.ACKNOWLEDGED])
@pytest.mark.parametrize("decision", ["cleared", "cleared_with_instructions"])
def test_clearing_is_refused_while_a_critical_flag_is_unresolved(
    rad_client, state, decision
):
    intake = make_submitted_intake(severities=["critical", "info"])
    intake.flags.filter(severity="critical").update(status=state)

    response = _decide(rad_client, intake, decision, "Go ahead.")

    assert response.status_code == 400
    assert "cannot be cleared while a critical flag" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert intake.decision == ""
    assert intake.version == 0
    assert not AuditEvent.objects.filter(code="intake.decided").exists()


def test_the_page_warns_before_the_refusal(rad_client):
    intake = make_submitted_intake(severities=["critical"])

    html = rad_client.get(f"/review/{intake.pk}/").content.decode()

    assert "1 critical flag is not resolved" in html


@pytest.mark.parametrize("decision", ["needs_follow_up", "postponed"])
def test_other_decisions_are_allowed_with_an_unresolved_critical(rad_client, decision):
    intake = make_submitted_intake(severities=["critical"])

    response = _decide(rad_client, intake, decision, "The clinic will call you.")

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.decision == decision
    assert intake.status == Status.REVIEWED


def test_clearing_is_allowed_once_the_critical_flag_is_resolved(rad_client):
    intake = make_submitted_intake(severities=["critical", "high"])
    intake.flags.filter(severity="critical").update(status=Flag.State.RESOLVED)

    response = _decide(rad_client, intake, "cleared")

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.decision == Decision.CLEARED


def test_a_stale_decision_is_refused(rad_client, radiologist):
    intake = make_submitted_intake(severities=["high"])
    record_decision(
        intake,
        expected_version=0,
        decision="needs_follow_up",
        instructions="We will call you.",
        actor=radiologist,
        now=timezone.now(),
    )

    response = _decide(rad_client, intake, "cleared", version=0)

    assert response.status_code == 409
    assert "Another radiologist changed this intake" in response.content.decode()
    intake.refresh_from_db()
    assert intake.decision == Decision.NEEDS_FOLLOW_UP
    assert intake.instructions == "We will call you."


def test_a_decision_can_be_changed_after_follow_up(rad_client):
    intake = make_submitted_intake(severities=["high"])
    _decide(rad_client, intake, "needs_follow_up", "We will call you.")

    page = rad_client.get(f"/review/{intake.pk}/")
    assert page.status_code == 200
    assert "Change the decision" in page.content.decode()
    response = _decide(rad_client, intake, "cleared", version=1)

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.decision == Decision.CLEARED
    assert intake.instructions == ""
    decisions = AuditEvent.objects.for_target(intake).filter(code="intake.decided")
    assert [event.data["decision"] for event in decisions] == [
        "cleared",
        "needs_follow_up",
    ]


def test_the_service_refuses_an_unsafe_clearance(radiologist):
    intake = make_submitted_intake(severities=["critical"])

    with pytest.raises(ReviewRefused) as refused:
        record_decision(
            intake,
            expected_version=0,
            decision="cleared",
            actor=radiologist,
            now=timezone.now(),
        )

    assert refused.value.code == "critical_unresolved"
    assert not isinstance(refused.value, StaleIntake)
    assert Intake.objects.get(pk=intake.pk).version == 0
