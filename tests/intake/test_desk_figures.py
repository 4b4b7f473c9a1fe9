"""Completion figures for a period: counts, the median, reminders, and the chart."""

import datetime as dt

import pytest
from django.utils import timezone

from intake.models import Appointment, Intake, Notification, Status
from intake.services.invitations import cancel_appointment
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db


def submitted(appointment, *, hours_after_invite):
    link = appointment.links.get()
    Intake.objects.filter(appointment=appointment).update(
        status=Status.SUBMITTED,
        submitted_at=link.issued_at + dt.timedelta(hours=hours_after_invite),
    )


@pytest.fixture
def period():
    """Four live procedures (one submitted late) and one cancelled, all next week."""
    now = timezone.now()
    early, _ = make_appointment(now=now, days_ahead=6)
    submitted(early, hours_after_invite=10)
    late, _ = make_appointment(now=now, days_ahead=6)
    submitted(late, hours_after_invite=6 * 24 - 2)  # two hours before
    opened, _ = make_appointment(now=now, days_ahead=6)
    Intake.objects.filter(appointment=opened).update(status=Status.IN_PROGRESS)
    Notification.objects.create(
        appointment=opened, kind="reminder_first", state="sent", created_at=now
    )
    Notification.objects.create(
        appointment=opened, kind="invitation", state="sent", created_at=now
    )
    make_appointment(now=now, days_ahead=6)
    gone, _ = make_appointment(now=now, days_ahead=6)
    cancel_appointment(gone, actor=None, now=now)
    make_appointment(now=now, days_ahead=40)  # outside the period
    today = timezone.localdate(now)
    return today, today + dt.timedelta(days=7)


def test_the_figures_count_each_stage_for_live_procedures_in_the_period(period):
    figures = Appointment.objects.scheduled_between(*period).completion_figures()

    assert figures == {
        "invited": 4,
        "opened": 3,
        "submitted": 2,
        "submitted_early": 1,
        "reminders": 1,
        "median_hours": pytest.approx((10 + 6 * 24 - 2) / 2),
    }


def test_nobody_submitted_gives_no_median(db):
    make_appointment()

    assert Appointment.objects.completion_figures()["median_hours"] is None


def test_the_page_draws_the_chart_on_the_server(desk_client, period):
    start, end = period

    html = desk_client.get(
        "/desk/figures/", {"start": start.isoformat(), "end": end.isoformat()}
    ).content.decode()

    assert "<svg" in html
    assert 'width="150"' in html  # submitted: 2 of 4 invited, half of 300
    assert "2 (50%)" in html
    assert "76.0 hours" in html
    assert "<script" not in html.split("<svg")[1].split("</svg>")[0]


def test_a_reversed_period_is_explained(desk_client):
    response = desk_client.get(
        "/desk/figures/", {"start": "2031-02-10", "end": "2031-02-01"}
    )

    assert "The end date is before the start date." in response.content.decode()


def test_the_figures_take_a_fixed_number_of_queries(
    desk_client, period, django_assert_num_queries
):
    start, end = period
    # session, user, roles, three figure queries, audit event (head lock, insert,
    # head move), session save (3)
    with django_assert_num_queries(12):
        desk_client.get("/desk/figures/", {"start": start, "end": end})


def test_only_the_front_desk_sees_the_figures(client, radiologist):
    client.force_login(radiologist)

    assert client.get("/desk/figures/").status_code == 403
