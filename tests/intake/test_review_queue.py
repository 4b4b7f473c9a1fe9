"""The review queue at /review/: what it lists, in which order, and its filters."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import Appointment, Decision, Flag, Intake, Status
from tests.intake.conftest import (
    EIGHT_FLAGS,
    fill_all_steps,
    make_submitted_intake,
    sign,
)

pytestmark = pytest.mark.django_db


def _flagged(response):
    return [intake.pk for intake in response.context["flagged"].object_list]


def _clear(response):
    return [intake.pk for intake in response.context["clear"].object_list]


def _counts(response):
    return {row["value"]: row["count"] for row in response.context["counts"]}


def test_it_orders_by_procedure_date_then_worst_flag(rad_client):
    later_high = make_submitted_intake(
        first_name="A", days_ahead=5, severities=["high"]
    )
    later_critical = make_submitted_intake(
        first_name="B", days_ahead=5, severities=["info", "critical"]
    )
    sooner_info = make_submitted_intake(
        first_name="C", days_ahead=2, severities=["info"]
    )
    same_time = timezone.now() + dt.timedelta(days=5)
    Appointment.objects.filter(intake__in=[later_high, later_critical]).update(
        scheduled_at=same_time
    )
    Intake.objects.refresh_queue_fields()

    response = rad_client.get("/review/")

    assert _flagged(response) == [sooner_info.pk, later_critical.pk, later_high.pk]


def test_an_acknowledged_flag_still_ranks_but_a_resolved_one_does_not(rad_client):
    acknowledged = make_submitted_intake(first_name="A", severities=["critical"])
    resolved = make_submitted_intake(first_name="B", severities=["critical", "info"])
    acknowledged.flags.update(status=Flag.State.ACKNOWLEDGED)
    resolved.flags.filter(severity="critical").update(status=Flag.State.RESOLVED)
    Appointment.objects.filter(intake__in=[acknowledged, resolved]).update(
        scheduled_at=timezone.now() + dt.timedelta(days=3)
    )
    Intake.objects.refresh_queue_fields()

    response = rad_client.get("/review/")

    assert _flagged(response) == [acknowledged.pk, resolved.pk]
    assert _counts(response)["critical"] == 1
    assert _counts(response)["info"] == 1


def test_it_lists_only_submitted_intakes_awaiting_a_decision(rad_client):
    waiting = make_submitted_intake(first_name="Wait")
    decided = make_submitted_intake(first_name="Done")
    Intake.objects.filter(pk=decided.pk).update(
        status=Status.REVIEWED, decision=Decision.CLEARED
    )
    cancelled = make_submitted_intake(first_name="Gone")
    Appointment.objects.filter(intake=cancelled).update(cancelled_at=timezone.now())
    Intake.objects.refresh_queue_fields()
    draft = make_submitted_intake(first_name="Draft")
    Intake.objects.filter(pk=draft.pk).update(status=Status.IN_PROGRESS)

    response = rad_client.get("/review/")

    assert _flagged(response) == [waiting.pk]
    assert "Done" not in response.content.decode()


def test_intakes_without_flags_have_their_own_section(rad_client):
    flagged = make_submitted_intake(first_name="Flagged", severities=["moderate"])
    nothing = make_submitted_intake(first_name="Nothing", severities=[])

    response = rad_client.get("/review/")
    html = response.content.decode()

    assert _flagged(response) == [flagged.pk]
    assert _clear(response) == [nothing.pk]
    assert "No findings: confirm and clear" in html
    section = html.split("No findings: confirm and clear")[1]
    assert "Lee, Nothing" in section
    assert "Lee, Flagged" not in section


def test_intakes_with_every_flag_resolved_stay_with_the_flagged_ones(rad_client):
    intake = make_submitted_intake(severities=["high"])
    intake.flags.update(status=Flag.State.RESOLVED)
    Intake.objects.refresh_queue_fields()

    response = rad_client.get("/review/")

    assert _flagged(response) == [intake.pk]
    assert _counts(response)["none"] == 1
    assert "All flags resolved" in response.content.decode()


def test_it_counts_intakes_by_worst_unresolved_flag(rad_client):
    for severities in (["critical", "info"], ["critical"], ["high"], ["info"], []):
        make_submitted_intake(severities=severities)

    response = rad_client.get("/review/")

    assert _counts(response) == {
        "critical": 2,
        "high": 1,
        "moderate": 0,
        "info": 1,
        "none": 0,
    }
    assert response.context["no_findings_count"] == 1


def test_it_filters_by_worst_severity(rad_client):
    critical = make_submitted_intake(first_name="A", severities=["critical", "info"])
    make_submitted_intake(first_name="B", severities=["info"])
    make_submitted_intake(first_name="C", severities=[])

    response = rad_client.get("/review/", {"severity": "critical"})

    assert _flagged(response) == [critical.pk]
    assert _clear(response) == []
    assert _counts(response)["info"] == 1  # the counts ignore the severity filter


def test_the_no_unresolved_flag_filter_shows_both_kinds(rad_client):
    resolved = make_submitted_intake(first_name="A", severities=["high"])
    resolved.flags.update(status=Flag.State.RESOLVED)
    Intake.objects.refresh_queue_fields()
    nothing = make_submitted_intake(first_name="B", severities=[])
    make_submitted_intake(first_name="C", severities=["high"])

    response = rad_client.get("/review/", {"severity": "none"})

    assert _flagged(response) == [resolved.pk]
    assert _clear(response) == [nothing.pk]


def test_it_filters_by_procedure(rad_client):
    hip = make_submitted_intake(procedure="hip-joint-injection")
    make_submitted_intake(procedure="vertebroplasty")

    response = rad_client.get("/review/", {"procedure": "hip-joint-injection"})

    assert _flagged(response) == [hip.pk]


def test_it_filters_by_procedure_date_range(rad_client):
    make_submitted_intake(first_name="A", days_ahead=1)
    inside = make_submitted_intake(first_name="B", days_ahead=4)
    make_submitted_intake(first_name="C", days_ahead=9)
    day = timezone.localtime(inside.appointment.scheduled_at).date()

    response = rad_client.get(
        "/review/",
        {"date_from": day.isoformat(), "date_to": day.isoformat()},
    )

    assert _flagged(response) == [inside.pk]


def test_it_filters_by_decision_status(rad_client):
    follow_up = make_submitted_intake(first_name="A")
    Intake.objects.filter(pk=follow_up.pk).update(
        status=Status.REVIEWED, decision=Decision.NEEDS_FOLLOW_UP
    )
    make_submitted_intake(first_name="B")

    response = rad_client.get("/review/", {"status": "needs_follow_up"})

    assert _flagged(response) == [follow_up.pk]
    assert "Needs follow-up" in response.content.decode()


def test_a_reversed_date_range_is_explained(rad_client):
    make_submitted_intake()

    response = rad_client.get(
        "/review/", {"date_from": "2030-05-02", "date_to": "2030-05-01"}
    )

    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


def test_a_bad_filter_value_is_ignored_not_an_error(rad_client):
    intake = make_submitted_intake()

    response = rad_client.get(
        "/review/", {"severity": "catastrophic", "date_from": "not-a-date"}
    )

    assert response.status_code == 200
    assert _flagged(response) == [intake.pk]


def test_it_pages_long_queues_and_keeps_the_filters(rad_client, monkeypatch):
    from intake.views import review

    for n in range(3):
        make_submitted_intake(first_name=f"P{n}", days_ahead=n + 1)
    monkeypatch.setattr(review, "PER_PAGE", 2)

    first = rad_client.get("/review/", {"procedure": "vertebroplasty"})
    second = rad_client.get("/review/", {"procedure": "vertebroplasty", "page": 2})

    assert len(_flagged(first)) == 2
    assert len(_flagged(second)) == 1
    assert "procedure=vertebroplasty&amp;page=2" in first.content.decode()


def test_its_links_carry_ids_never_patient_details(rad_client):
    intake = make_submitted_intake(severities=["critical"])

    html = rad_client.get("/review/").content.decode()

    urls = re.findall(r'(?:href|action)="([^"]*)"', html)
    assert f"/review/{intake.pk}/" in urls
    for url in urls:
        assert "Lee" not in url and "Margaret" not in url and "1948" not in url


def test_the_queue_runs_a_fixed_number_of_queries(
    rad_client, django_assert_num_queries
):
    make_submitted_intake(severities=["high"])
    make_submitted_intake(severities=[])
    rad_client.get("/review/")  # a session's first page stamps its idle refresh
    with django_assert_num_queries(QUEUE_QUERIES):
        rad_client.get("/review/")

    for n in range(12):
        make_submitted_intake(
            first_name=f"N{n}", severities=["critical", "high", "moderate", "info"]
        )
        make_submitted_intake(first_name=f"E{n}", severities=[])

    with django_assert_num_queries(QUEUE_QUERIES):
        response = rad_client.get("/review/")
    assert len(_flagged(response)) == 13


# session, user, groups, procedures, counts, flagged page, their flags, no-findings
# page, whether any radiologist can be alerted and the audit event (head lock, insert,
# head move); the session is saved at most once a minute
# (clinic.middleware.refresh_idle_session), not on this request.
QUEUE_QUERIES = 12


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_an_out_of_range_date_filter_is_refused_not_a_crash(rad_client, date):
    response = rad_client.get(f"/review/?date_to={date}&date_from={date}")

    assert response.status_code == 200
    assert "Ensure this value is" in response.content.decode()


def test_an_intake_needing_follow_up_stays_in_the_default_queue(rad_client):
    intake = make_submitted_intake()
    Intake.objects.filter(pk=intake.pk).update(
        status="reviewed", decision="needs_follow_up"
    )
    cleared = make_submitted_intake(first_name="Cleo")
    Intake.objects.filter(pk=cleared.pk).update(status="reviewed", decision="cleared")

    html = rad_client.get("/review/").content.decode()

    assert f'href="/review/{intake.pk}/"' in html
    assert f'href="/review/{cleared.pk}/"' not in html


def test_the_queue_shows_flags_by_title_with_the_code_beside(rad_client):
    make_submitted_intake(flags=EIGHT_FLAGS[:1])

    html = rad_client.get("/review/").content.decode()

    assert "Blood thinner: Eliquis (apixaban)" in html
    assert '<code class="small text-body-secondary">ANTICOAGULANT</code>' in html


def test_resolving_the_worst_flag_moves_the_intake_to_its_next_severity(rad_client):
    intake = make_submitted_intake(severities=["critical", "moderate"])
    critical = intake.flags.get(severity="critical")

    prefix = f"resolve-{critical.pk}"
    response = rad_client.post(
        f"/review/{intake.pk}/flags/{critical.pk}/resolve/",
        {f"{prefix}-version": intake.version, f"{prefix}-disposition": "proceed"},
    )

    assert response.status_code == 302
    assert _counts(rad_client.get("/review/"))["moderate"] == 1


def test_a_submitted_intake_is_counted_by_its_worst_flag(patient, radiologist):
    client, appointment = patient
    fill_all_steps(client)
    sign(client)
    staff = Client()
    staff.force_login(radiologist)

    counts = _counts(staff.get("/review/"))

    assert counts["high"] == 1
    assert Intake.objects.get(appointment=appointment).has_flags
