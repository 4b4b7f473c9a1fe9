"""The review's audit trail: append-only, listed for superusers, never editable."""

import pytest

from clinic.models import AuditEvent
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(client, radiologist):
    """Walk one intake through a review; return it with its events as they were."""
    intake = make_submitted_intake(severities=["critical"])
    flag = intake.flags.get()
    client.force_login(radiologist)
    client.get(f"/review/{intake.pk}/")
    client.post(
        f"/review/{intake.pk}/flags/{flag.pk}/acknowledge/",
        {f"ack-{flag.pk}-version": 0},
    )
    client.post(
        f"/review/{intake.pk}/flags/{flag.pk}/resolve/",
        {f"resolve-{flag.pk}-version": 1, f"resolve-{flag.pk}-disposition": "proceed"},
    )
    client.post(
        f"/review/{intake.pk}/decision/",
        {"decision-decision": "cleared", "decision-version": 2},
    )
    client.logout()
    return intake, list(AuditEvent.objects.order_by("pk").values())


def test_a_review_appends_one_event_per_action(reviewed):
    _, events = reviewed

    assert [event["code"] for event in events] == [
        "appointment.registered",
        "link.issued",
        "staff.login",
        "intake.viewed",
        "flag.acknowledged",
        "flag.resolved",
        "intake.decided",
        "staff.logout",
    ]


def test_later_actions_never_change_earlier_events(reviewed, client, radiologist):
    intake, before = reviewed
    client.force_login(radiologist)

    client.get(f"/review/{intake.pk}/")
    client.post(
        f"/review/{intake.pk}/decision/",
        {
            "decision-decision": "postponed",
            "decision-instructions": "We will call you.",
            "decision-version": 3,
        },
    )

    after = list(AuditEvent.objects.order_by("pk").values())
    assert after[: len(before)] == before
    assert [event["code"] for event in after[len(before) :]] == [
        "staff.login",
        "intake.viewed",
        "intake.decided",
    ]


def test_a_superuser_lists_review_events_but_cannot_change_them(
    reviewed, client, superuser
):
    _, events = reviewed
    decided = next(event for event in events if event["code"] == "intake.decided")
    client.force_login(superuser)

    listing = client.get("/admin/clinic/auditevent/?code=intake.decided")
    change = client.post(
        f"/admin/clinic/auditevent/{decided['id']}/change/", {"code": "x.rewritten"}
    )
    delete = client.post(
        f"/admin/clinic/auditevent/{decided['id']}/delete/", {"post": "yes"}
    )

    assert listing.status_code == 200
    assert "intake.decided" in listing.content.decode()
    assert change.status_code == 403
    assert delete.status_code == 403
    assert AuditEvent.objects.get(pk=decided["id"]).code == "intake.decided"


def test_a_radiologist_cannot_reach_the_audit_admin(client, radiologist):
    client.force_login(radiologist)

    assert client.get("/admin/clinic/auditevent/").status_code in (302, 403)


def test_a_refused_action_that_shows_the_answers_again_is_audited(client, radiologist):
    intake = make_submitted_intake(severities=("critical",))
    client.force_login(radiologist)

    response = client.post(
        f"/review/{intake.pk}/decision/",
        {"decision-decision": "cleared", "decision-version": intake.version},
    )

    assert response.status_code == 400
    assert AuditEvent.objects.filter(code="intake.viewed").count() == 1
