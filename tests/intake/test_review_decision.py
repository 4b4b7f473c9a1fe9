"""The clearance decision: what it needs, when "cleared" is refused, what it sets."""

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Decision, Flag, Intake, Status
from intake.services.review import (
    ReviewRefused,
    StaleIntake,
    decision_refusal,
    offered_decisions,
    record_decision,
)
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db

C, CI = Decision.CLEARED, Decision.CLEARED_WITH_INSTRUCTIONS
FU, PP = Decision.NEEDS_FOLLOW_UP, Decision.POSTPONED
OPEN, ACK, DONE = Flag.State.OPEN, Flag.State.ACKNOWLEDGED, Flag.State.RESOLVED
SERIOUS = "serious_unresolved"
NOT_TODAY = "not_on_this_date"
HOLD = "hold_needs_instructions"
UNSEEN = "open_flags_unconfirmed"


def _flag(severity, status=OPEN, disposition="", code="ANTICOAGULANT"):
    return Flag(
        code=code,
        severity=severity,
        status=status,
        disposition=disposition,
        hold_days=2 if disposition in ("hold_drug", "bridging") else None,
        evidence="Eliquis 5 mg",
        message="Anticoagulant apixaban (Eliquis).",
    )


# Each row: the intake's flags, whether open flags were confirmed seen, and what each
# decision meets: None (allowed) or the refusal's code. Follow-up and postponed are
# always allowed: they never send a patient to a procedure.
RULES = [
    ("no flags", [], False, {C: None, CI: None, FU: None, PP: None}),
    ("critical open", [_flag("critical")], True, {C: SERIOUS, CI: SERIOUS}),
    (
        "critical acknowledged",
        [_flag("critical", ACK)],
        True,
        {C: SERIOUS, CI: SERIOUS},
    ),
    ("high open", [_flag("high")], True, {C: SERIOUS, CI: SERIOUS}),
    ("high acknowledged", [_flag("high", ACK)], True, {C: SERIOUS, CI: SERIOUS}),
    (
        "high resolved",
        [_flag("high", DONE, "continue_drug")],
        False,
        {C: None, CI: None},
    ),
    ("critical resolved", [_flag("critical", DONE, "premedicate")], False, {C: None}),
    ("high held", [_flag("high", DONE, "hold_drug")], False, {C: HOLD, CI: None}),
    ("bridged", [_flag("high", DONE, "bridging")], False, {C: HOLD, CI: None}),
    ("moderate held", [_flag("moderate", DONE, "hold_drug")], False, {C: HOLD}),
    ("moderate open, unseen", [_flag("moderate")], False, {C: UNSEEN, CI: UNSEEN}),
    ("moderate open, seen", [_flag("moderate")], True, {C: None, CI: None}),
    ("info acknowledged, unseen", [_flag("info", ACK)], False, {C: UNSEEN}),
    ("info open, seen", [_flag("info")], True, {C: None, CI: None}),
    (
        "rescheduled",
        [_flag("high", DONE, "reschedule")],
        True,
        {C: NOT_TODAY, CI: NOT_TODAY, FU: None, PP: None},
    ),
    (
        "allergist first",
        [_flag("moderate", DONE, "allergist_first")],
        True,
        {CI: NOT_TODAY},
    ),
    (
        "rescheduled beats everything else",
        [
            _flag("critical"),
            _flag("info", DONE, "reschedule"),
            _flag("high", DONE, "hold_drug"),
        ],
        False,
        {C: NOT_TODAY, CI: NOT_TODAY, FU: None, PP: None},
    ),
    (
        "a serious flag before a hold",
        [_flag("high"), _flag("high", DONE, "hold_drug")],
        False,
        {C: SERIOUS, CI: SERIOUS},
    ),
    (
        "a hold before the confirmation",
        [_flag("moderate"), _flag("high", DONE, "hold_drug")],
        False,
        {C: HOLD, CI: UNSEEN},
    ),
]


@pytest.mark.parametrize(
    "flags,seen,decision,expected",
    [
        pytest.param(flags, seen, decision, expected, id=f"{name}-{decision}")
        for name, flags, seen, outcomes in RULES
        for decision, expected in outcomes.items()
    ],
)
def test_the_decision_rules_table(flags, seen, decision, expected):
    refusal = decision_refusal(decision, flags, seen_open_flags=seen)

    assert (refusal.code if refusal else None) == expected


def test_a_refusal_names_the_flag():
    flags = [_flag("high", DONE, "reschedule")]

    refusal = decision_refusal(CI, flags)

    assert "Blood thinner: Eliquis (apixaban)" in refusal.messages[0]
    assert "Reschedule" in refusal.messages[0]


@pytest.mark.parametrize(
    "flags,offered",
    [
        ([], [C, CI, FU, PP]),
        ([_flag("high", DONE, "reschedule")], [FU, PP]),
        ([_flag("high")], [FU, PP]),
        ([_flag("high", DONE, "hold_drug")], [CI, FU, PP]),
        ([_flag("moderate")], [C, CI, FU, PP]),
    ],
)
def test_only_the_decisions_the_flags_allow_are_offered(flags, offered):
    assert offered_decisions(flags) == offered


def _decide(client, intake, decision, instructions="", version=0, seen=False):
    data = {
        "decision-decision": decision,
        "decision-instructions": instructions,
        "decision-version": version,
    }
    if seen:
        data["decision-seen_open_flags"] = "on"
    return client.post(f"/review/{intake.pk}/decision/", data)


def test_clearing_records_the_decision_the_patient_sees(rad_client, radiologist):
    intake = make_submitted_intake(severities=[])

    response = _decide(rad_client, intake, "cleared")

    assert response.status_code == 302
    assert response["Location"] == f"/review/{intake.pk}/#decision"
    intake.refresh_from_db()
    assert intake.status == Status.REVIEWED
    assert intake.decision == Decision.CLEARED
    assert intake.instructions == ""
    assert intake.decided_by == radiologist
    assert intake.decided_at is not None
    page = rad_client.get(response["Location"]).content.decode()
    decision_section = page.split('id="decision"')[1]
    assert "Decision recorded: Cleared." in decision_section
    queue = rad_client.get("/review/")
    assert list(queue.context["clear"].object_list) == []


def test_the_decision_is_an_audit_event(rad_client, radiologist):
    intake = make_submitted_intake(severities=[])

    _decide(rad_client, intake, "postponed", "We will call you to rebook.")

    event = AuditEvent.objects.about(intake).get(code="intake.decided")
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
    intake = make_submitted_intake(severities=["moderate"])

    _decide(
        rad_client,
        intake,
        "cleared_with_instructions",
        "Stop Eliquis two days before.",
        seen=True,
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

    response = _decide(rad_client, intake, decision, "Go ahead.", seen=True)

    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be cleared while a high or critical flag" in html
    # At the top of the page, before the patient's name, and focused.
    assert html.index('id="refusal"') < html.index("Margaret Lee</h1>")
    assert (
        'id="refusal" class="alert alert-danger" role="alert" tabindex="-1" autofocus'
        in html
    )
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert intake.decision == ""
    assert intake.version == 0
    assert not AuditEvent.objects.filter(code="intake.decided").exists()


def test_the_page_says_why_clearing_is_not_offered(rad_client):
    intake = make_submitted_intake(severities=["critical"])

    response = rad_client.get(f"/review/{intake.pk}/")

    html = response.content.decode()
    assert "Clearing is not offered:" in html
    assert 'value="cleared"' not in html
    assert 'value="needs_follow_up"' in html


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
    intake.flags.update(status=Flag.State.RESOLVED, disposition="proceed")

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
    intake = make_submitted_intake(severities=["info"])
    _decide(rad_client, intake, "needs_follow_up", "We will call you.")

    page = rad_client.get(f"/review/{intake.pk}/")
    assert page.status_code == 200
    assert "Change the decision" in page.content.decode()
    response = _decide(rad_client, intake, "cleared", version=1, seen=True)

    assert response.status_code == 302
    intake.refresh_from_db()
    assert intake.decision == Decision.CLEARED
    assert intake.instructions == ""
    decisions = AuditEvent.objects.about(intake).filter(code="intake.decided")
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

    assert refused.value.code == "serious_unresolved"
    assert not isinstance(refused.value, StaleIntake)
    assert Intake.objects.get(pk=intake.pk).version == 0


def test_a_posted_clearance_after_a_reschedule_is_refused_naming_the_flag(rad_client):
    intake = make_submitted_intake(
        flags=[("NO_ESCORT", "high", "No adult to take the patient home.", "")]
    )
    intake.flags.update(status=Flag.State.RESOLVED, disposition="reschedule")

    response = _decide(rad_client, intake, "cleared_with_instructions", "Come in.")

    assert response.status_code == 400
    html = response.content.decode()
    refusal = html.split('id="refusal"')[1].split("</div>")[0]
    assert "No adult to take the patient home" in refusal
    assert "Reschedule" in refusal
    assert Intake.objects.get(pk=intake.pk).decision == ""


def test_an_invalid_decision_form_says_so_at_the_top(rad_client):
    intake = make_submitted_intake(severities=[])

    response = _decide(rad_client, intake, "postponed", "")

    html = response.content.decode()
    assert html.index('id="refusal"') < html.index("Margaret Lee</h1>")
    assert "Correct the fields marked below" in html
