"""Acknowledging and resolving flags: the rules, the audit events, stale pages."""

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Flag, Intake
from intake.services.review import (
    ReviewRefused,
    StaleIntake,
    acknowledge_flag,
    resolve_flag,
)
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake():
    return make_submitted_intake(severities=["critical", "info"])


@pytest.fixture
def flag(intake):
    return intake.flags.get(severity="critical")


def _ack(client, flag, version=0, **fields):
    data = {f"ack-{flag.pk}-{key}": value for key, value in fields.items()}
    data[f"ack-{flag.pk}-version"] = version
    url = f"/review/{flag.intake_id}/flags/{flag.pk}/acknowledge/"
    return client.post(url, data)


def _resolve(client, flag, version=0, **fields):
    data = {f"resolve-{flag.pk}-{key}": value for key, value in fields.items()}
    data[f"resolve-{flag.pk}-version"] = version
    return client.post(f"/review/{flag.intake_id}/flags/{flag.pk}/resolve/", data)


def test_acknowledging_marks_the_flag_seen_and_records_who(
    rad_client, radiologist, flag
):
    response = _ack(rad_client, flag, note="Spoke to the GP.")

    assert response.status_code == 302
    assert response["Location"] == f"/review/{flag.intake_id}/#flag-{flag.pk}"
    flag.refresh_from_db()
    assert flag.status == Flag.State.ACKNOWLEDGED
    assert flag.note == "Spoke to the GP."
    assert flag.acted_by == radiologist
    assert flag.acted_at is not None


def test_acknowledging_writes_an_audit_event(rad_client, radiologist, flag):
    _ack(rad_client, flag, REMOTE_ADDR="10.9.8.7")

    event = AuditEvent.objects.about(flag).get()
    assert event.code == "flag.acknowledged"
    assert event.actor == radiologist
    assert event.data == {
        "intake": flag.intake_id,
        "code": "TEST_CRITICAL",
        "severity": "critical",
    }


def test_a_flag_is_acknowledged_only_once(rad_client, flag):
    _ack(rad_client, flag)

    response = _ack(rad_client, flag, version=1)

    assert response.status_code == 400
    assert "already been acknowledged" in response.content.decode()
    assert AuditEvent.objects.filter(code="flag.acknowledged").count() == 1


def test_resolving_records_the_disposition_and_note(rad_client, radiologist, flag):
    response = _resolve(
        rad_client, flag, disposition="premedicate", note="Prednisone protocol."
    )

    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == Flag.State.RESOLVED
    assert flag.disposition == "premedicate"
    assert flag.hold_days is None
    assert flag.note == "Prednisone protocol."
    assert flag.acted_by == radiologist
    event = AuditEvent.objects.about(flag).get()
    assert event.code == "flag.resolved"
    assert event.data["disposition"] == "premedicate"
    assert "Prednisone" not in str(event.data)  # notes stay on the flag


def test_holding_a_drug_needs_the_number_of_days(rad_client, flag):
    response = _resolve(rad_client, flag, disposition="hold_drug")

    assert response.status_code == 400
    assert "Say for how many days the drug is held." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == Flag.State.OPEN
    assert not AuditEvent.objects.filter(code="flag.resolved").exists()


def test_holding_a_drug_keeps_the_days(rad_client, flag):
    _resolve(rad_client, flag, disposition="hold_drug", hold_days="3")

    flag.refresh_from_db()
    assert flag.hold_days == 3
    assert AuditEvent.objects.about(flag).get().data["hold_days"] == 3
    html = rad_client.get(f"/review/{flag.intake_id}/").content.decode()
    assert "Hold per protocol" in html
    assert "hold 3 days" in html


def test_days_are_dropped_for_other_dispositions(rad_client, flag):
    _resolve(rad_client, flag, disposition="proceed", hold_days="3")

    flag.refresh_from_db()
    assert flag.hold_days is None


def test_other_needs_a_note(rad_client, flag):
    response = _resolve(rad_client, flag, disposition="other")

    assert response.status_code == 400
    assert "Explain the disposition in the note." in response.content.decode()


def test_an_unknown_disposition_is_refused(rad_client, flag):
    response = _resolve(rad_client, flag, disposition="shrug")

    assert response.status_code == 400
    flag.refresh_from_db()
    assert flag.status == Flag.State.OPEN


def test_an_acknowledged_flag_can_then_be_resolved(rad_client, flag):
    _ack(rad_client, flag, note="Call booked.")

    page = rad_client.get(f"/review/{flag.intake_id}/")
    resolve_form = next(f for f in page.context["flags"] if f.pk == flag.pk)
    assert resolve_form.resolve_form.initial["note"] == "Call booked."
    response = _resolve(rad_client, flag, version=1, disposition="proceed")

    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == Flag.State.RESOLVED


def test_a_resolved_flag_offers_no_more_actions_and_refuses_them(rad_client, flag):
    _resolve(rad_client, flag, disposition="proceed")

    html = rad_client.get(f"/review/{flag.intake_id}/").content.decode()
    assert f"/flags/{flag.pk}/resolve/" not in html
    assert f"/flags/{flag.pk}/acknowledge/" not in html
    again = _resolve(rad_client, flag, version=1, disposition="reschedule")
    assert again.status_code == 400
    assert "already been resolved" in again.content.decode()
    flag.refresh_from_db()
    assert flag.disposition == "proceed"


def test_a_stale_page_is_refused_with_a_clear_message(rad_client, intake, flag):
    other = intake.flags.get(severity="info")
    _ack(rad_client, other, version=0)  # someone else's action bumps the version

    response = _resolve(rad_client, flag, version=0, disposition="proceed")

    assert response.status_code == 409
    html = response.content.decode()
    assert "Another radiologist changed this intake" in html
    assert "Nothing was saved" in html
    flag.refresh_from_db()
    assert flag.status == Flag.State.OPEN
    assert not AuditEvent.objects.filter(code="flag.resolved").exists()
    bound = next(f for f in response.context["flags"] if f.pk == flag.pk)
    assert bound.resolve_form.data[f"resolve-{flag.pk}-version"] == "1"


def test_a_missing_version_is_refused(rad_client, flag):
    url = f"/review/{flag.intake_id}/flags/{flag.pk}/resolve/"
    response = rad_client.post(url, {f"resolve-{flag.pk}-disposition": "proceed"})

    assert response.status_code == 400
    assert "This form is out of date" in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == Flag.State.OPEN


def test_every_write_bumps_the_version(radiologist, intake, flag):
    now = timezone.now()
    acknowledge_flag(flag, expected_version=0, actor=radiologist, now=now)
    resolve_flag(
        flag, expected_version=1, disposition="proceed", actor=radiologist, now=now
    )

    assert Intake.objects.get(pk=intake.pk).version == 2
    with pytest.raises(StaleIntake):
        acknowledge_flag(
            intake.flags.get(severity="info"),
            expected_version=1,
            actor=radiologist,
            now=now,
        )


def test_a_refused_write_changes_nothing(radiologist, intake, flag):
    now = timezone.now()
    resolve_flag(
        flag, expected_version=0, disposition="proceed", actor=radiologist, now=now
    )

    with pytest.raises(ReviewRefused):
        acknowledge_flag(flag, expected_version=1, actor=radiologist, now=now)

    assert Intake.objects.get(pk=intake.pk).version == 1  # rolled back
    assert AuditEvent.objects.filter(code="flag.acknowledged").count() == 0
