"""The desk's worklist: search, filters and the needs-attention view."""

import datetime as dt

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Appointment, Intake, IntakeLink, Notification, Patient, Status
from intake.services.invitations import cancel_appointment
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db


def names(response):
    """The patients listed, as the links to their appointments show them."""
    return [
        f"{a.patient.last_name}, {a.patient.first_name}"
        for a in response.context["appointments"]
    ]


def set_status(appointment, status):
    Intake.objects.filter(appointment=appointment).update(status=status)


@pytest.mark.parametrize(
    "query", ["Costa", "costa", "Ana", "cos", "Costa, Ana", "MRN-0042", "1961-07-04"]
)
def test_search_finds_a_patient_by_name_record_number_or_birth_date(desk_client, query):
    ana, _ = make_appointment(first_name="Ana", last_name="Costa")
    Patient.objects.filter(pk=ana.patient_id).update(
        medical_record_number="MRN-0042", date_of_birth=dt.date(1961, 7, 4)
    )
    make_appointment(first_name="Bob", last_name="Brown")

    response = desk_client.post("/desk/", {"q": query})

    assert names(response) == ["Costa, Ana"]


def test_a_us_style_birth_date_is_understood(desk_client):
    make_appointment(first_name="Ana", last_name="Costa")
    make_appointment(
        first_name="Bob", last_name="Brown", date_of_birth=dt.date(1970, 1, 2)
    )

    response = desk_client.post("/desk/", {"q": "01/02/1970"})

    assert names(response) == ["Brown, Bob"]


def test_the_date_range_keeps_appointments_on_those_days(desk_client):
    now = timezone.now()
    for days, name in [(2, "Early"), (10, "Middle"), (20, "Late")]:
        make_appointment(first_name=name, days_ahead=days, now=now)
    start = timezone.localdate(now + dt.timedelta(days=5))
    end = timezone.localdate(now + dt.timedelta(days=10))

    response = desk_client.post("/desk/", {"start": start, "end": end})

    assert names(response) == ["Lee, Middle"]


def test_the_date_range_reaches_past_appointments(desk_client):
    now = timezone.now()
    make_appointment(first_name="Past", now=now - dt.timedelta(days=30), days_ahead=1)
    start = timezone.localdate(now - dt.timedelta(days=40))

    response = desk_client.post("/desk/", {"start": start})

    assert names(response) == ["Lee, Past"]


def test_a_reversed_range_is_explained_and_kept(desk_client):
    response = desk_client.post("/desk/", {"start": "2031-02-10", "end": "2031-02-01"})

    html = response.content.decode()
    assert "The end date is before the start date." in html
    assert 'value="2031-02-10"' in html


def test_the_procedure_filter(desk_client):
    make_appointment(first_name="Hip", procedure="hip-joint-injection")
    vertebro, _ = make_appointment(first_name="Spine")

    response = desk_client.post("/desk/", {"procedure": vertebro.procedure_id})

    assert names(response) == ["Lee, Spine"]


def test_the_status_filter(desk_client):
    started, _ = make_appointment(first_name="Started")
    set_status(started, Status.IN_PROGRESS)
    make_appointment(first_name="Waiting")

    response = desk_client.post("/desk/", {"status": "in_progress"})

    assert names(response) == ["Lee, Started"]


def test_cancelled_appointments_are_found_only_when_asked(desk_client, front_desk):
    gone, _ = make_appointment(first_name="Gone")
    cancel_appointment(gone, actor=front_desk, now=timezone.now())
    make_appointment(first_name="Here")

    assert names(desk_client.get("/desk/")) == ["Lee, Here"]
    assert names(desk_client.post("/desk/", {"status": "cancelled"})) == ["Lee, Gone"]


def test_needs_attention_lists_who_the_desk_must_act_on(desk_client):
    now = timezone.now()
    make_appointment(first_name="Soon", days_ahead=2)
    done, _ = make_appointment(first_name="SoonDone", days_ahead=2)
    set_status(done, Status.SUBMITTED)
    make_appointment(first_name="Later", days_ahead=10)
    locked, _ = make_appointment(first_name="Locked", days_ahead=10)
    IntakeLink.objects.filter(appointment=locked).update(locked_at=now)
    dead, _ = make_appointment(first_name="Expired", days_ahead=10)
    IntakeLink.objects.filter(appointment=dead).update(expires_at=now)
    failing, _ = make_appointment(first_name="Failing", days_ahead=10)
    Notification.objects.create(
        appointment=failing, kind="reminder_first", state="failed", created_at=now
    )

    response = desk_client.post("/desk/", {"attention": "on"})

    assert sorted(names(response)) == [
        "Lee, Expired",
        "Lee, Failing",
        "Lee, Locked",
        "Lee, Soon",
    ]
    html = response.content.decode()
    assert "Email failed" in html
    assert "No working link" in html


def test_the_procedure_three_days_away_is_the_boundary(desk_client):
    now = timezone.now()
    inside, _ = make_appointment(first_name="Inside", now=now, days_ahead=2.9)
    outside, _ = make_appointment(first_name="Outside", now=now, days_ahead=3.1)

    attention = Appointment.objects.needs_attention(now=now)

    assert list(attention) == [inside]


def test_a_search_is_posted_so_no_name_lands_in_a_url(desk_client):
    html = desk_client.get("/desk/").content.decode()

    assert 'method="post" action="/desk/" id="worklist-form"' in html
    make_appointment(first_name="Ana", last_name="Costa")
    make_appointment(first_name="Bob", last_name="Brown")
    assert len(desk_client.get("/desk/", {"q": "Costa"}).context["appointments"]) == 2


def test_the_list_pages_by_fifty(desk_client):
    now = timezone.now()
    for day in range(51):
        make_appointment(first_name=f"P{day:02d}", now=now, days_ahead=1 + day / 100)

    first = desk_client.post("/desk/", {"status": "not_opened"})
    second = desk_client.post("/desk/", {"status": "not_opened", "page": "2"})

    assert len(first.context["appointments"]) == 50
    assert first.context["next_page"] == 2
    assert names(second) == ["Lee, P50"]
    assert second.context["next_page"] is None


def test_the_audit_names_the_filters_but_never_the_search_words(desk_client):
    desk_client.post("/desk/", {"q": "Costa", "status": "submitted"})

    event = AuditEvent.objects.get(code="desk.list_viewed")
    assert event.data == {"filters": ["status"]}
    assert "Costa" not in str(event.data)


def test_filters_take_no_more_queries_than_the_plain_list(
    desk_client, django_assert_num_queries
):
    for _ in range(3):
        make_appointment()
    # session, user, roles, procedure choices, audit event (head lock, insert, head
    # move), appointments, session save (3 with savepoint): as the plain list.
    with django_assert_num_queries(11):
        desk_client.get(
            "/desk/", {"q": "Lee", "attention": "on", "status": "not_opened"}
        )


def test_the_appointment_page_takes_a_fixed_number_of_queries(
    desk_client, django_assert_num_queries
):
    appointment, _ = make_appointment()
    for _ in range(3):
        Notification.objects.create(
            appointment=appointment, kind="invitation", created_at=timezone.now()
        )
    # session, user, roles, appointment, latest link, emails, audit event (head lock,
    # insert, head move), session save (3)
    with django_assert_num_queries(12):
        desk_client.get(f"/desk/appointments/{appointment.pk}/")
