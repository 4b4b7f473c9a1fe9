import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Intake, Status
from intake.services.invitations import cancel_appointment
from tests.intake.conftest import make_appointment, make_submitted_intake

pytestmark = pytest.mark.django_db


def test_the_list_shows_who_what_when_and_the_intake_status(desk_client):
    appointment, _ = make_appointment(first_name="Ana", last_name="Costa")

    html = desk_client.get("/desk/").content.decode()

    assert "Costa, Ana" in html
    assert "Vertebroplasty" in html
    when = timezone.localtime(appointment.scheduled_at)
    assert when.strftime("%H:%M") in html
    assert "Not opened" in html
    assert f'href="/desk/appointments/{appointment.pk}/"' in html


@pytest.mark.parametrize(
    "status, label",
    [
        (Status.NOT_OPENED, "Not opened"),
        (Status.IN_PROGRESS, "In progress"),
        (Status.SUBMITTED, "Submitted"),
        (Status.REVIEWED, "Reviewed"),
    ],
)
def test_each_intake_status_has_its_label(desk_client, status, label):
    appointment, _ = make_appointment()
    Intake.objects.filter(appointment=appointment).update(status=status)

    assert label in desk_client.get("/desk/").content.decode()


def test_the_list_never_shows_clinical_answers_or_flags(desk_client):
    make_submitted_intake(severities=("critical", "high"))

    html = desk_client.get("/desk/").content.decode()

    assert "Submitted" in html
    for clinical in ("Eliquis", "fish oil", "TEST_CRITICAL", "finding", "recommended"):
        assert clinical not in html


def test_the_list_does_not_even_load_the_answers(desk_client):
    make_submitted_intake()

    with CaptureQueriesContext(connection) as queries:
        desk_client.get("/desk/")

    sql = " ".join(query["sql"] for query in queries)
    assert '"answers"' not in sql
    assert '"draft"' not in sql
    assert "intake_flag" not in sql


def test_cancelled_and_past_appointments_are_not_listed(desk_client, front_desk):
    make_appointment(first_name="Future")
    cancelled, _ = make_appointment(first_name="Withdrawn")
    cancel_appointment(cancelled, actor=front_desk, now=timezone.now())
    make_appointment(first_name="Past", now=timezone.now() - dt.timedelta(days=30))

    html = desk_client.get("/desk/").content.decode()

    assert "Future" in html
    assert "Withdrawn" not in html
    assert "Past" not in html


def test_the_list_takes_the_same_number_of_queries_for_any_length(
    desk_client, django_assert_num_queries
):
    # session, user, roles, procedure choices, audit event (head lock, insert, head
    # move), appointments, session save (3 with savepoint)
    make_appointment()
    with django_assert_num_queries(11):
        desk_client.get("/desk/")

    for _ in range(3):
        make_appointment()
    with django_assert_num_queries(11):
        desk_client.get("/desk/")


def test_viewing_the_list_is_audited_without_patient_data(desk_client, front_desk):
    make_appointment(first_name="Ana")

    desk_client.get("/desk/")

    event = AuditEvent.objects.get(code="desk.list_viewed")
    assert event.actor == front_desk
    assert event.data == {}
    assert event.target_id == ""


def test_an_empty_day_says_so(desk_client):
    html = desk_client.get("/desk/").content.decode()

    assert "No procedures are booked from today on." in html
    assert 'href="/desk/new/"' in html
