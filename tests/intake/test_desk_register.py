import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Appointment, Intake, IntakeLink, Patient, Status
from intake.services.invitations import find_link
from procedures.models import Procedure
from tests.intake.conftest import token_on

pytestmark = pytest.mark.django_db

NEXT_WEEK = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
VALID = {
    "first_name": "Ana",
    "last_name": "Costa",
    "date_of_birth": "1950-03-27",
    "email": "ana.costa@example.com",
    "phone": "",
    "medical_record_number": "MRN-0042",
    "procedure": "vertebroplasty",
    "spinal_level": "",
    "scheduled_date": NEXT_WEEK,
    "scheduled_time": "09:30",
}


def test_the_form_offers_only_published_procedures(desk_client):
    Procedure.objects.filter(slug="hip-joint-injection").update(published=False)

    html = desk_client.get("/desk/new/").content.decode()

    assert 'value="vertebroplasty"' in html
    assert 'value="hip-joint-injection"' not in html


def test_registering_shows_the_link_once(desk_client, front_desk):
    response = desk_client.post("/desk/new/", VALID, follow=True)

    assert response.status_code == 200
    assert "shown only this once" in response.content.decode()
    link = find_link(token_on(response))
    appointment = Appointment.objects.get()
    assert link.appointment == appointment
    assert link.is_usable(now=timezone.now())
    assert appointment.created_by == front_desk
    assert appointment.intake.status == Status.NOT_OPENED


def test_registering_saves_the_patient_as_typed(desk_client):
    desk_client.post("/desk/new/", VALID, follow=True)

    patient = Patient.objects.get()
    assert patient.full_name == "Ana Costa"
    assert patient.date_of_birth == dt.date(1950, 3, 27)
    assert patient.email == "ana.costa@example.com"
    assert patient.medical_record_number == "MRN-0042"


def test_the_time_typed_is_the_clinics_local_time(desk_client, settings):
    desk_client.post("/desk/new/", VALID, follow=True)

    clinic_zone = ZoneInfo(settings.TIME_ZONE)
    day = dt.date.fromisoformat(NEXT_WEEK)
    expected = dt.datetime.combine(day, dt.time(9, 30), tzinfo=clinic_zone)
    assert Appointment.objects.get().scheduled_at == expected


def test_a_phone_number_alone_is_enough(desk_client):
    response = desk_client.post(
        "/desk/new/", {**VALID, "email": "", "phone": "555-0199"}, follow=True
    )

    assert response.status_code == 200
    assert Patient.objects.get().phone == "555-0199"


def test_a_facet_injection_keeps_its_spinal_level(desk_client):
    data = {**VALID, "procedure": "facet-joint-injection", "spinal_level": "cervical"}

    desk_client.post("/desk/new/", data, follow=True)

    assert Appointment.objects.get().spinal_level == "cervical"


def test_a_spinal_level_is_ignored_for_other_procedures(desk_client):
    desk_client.post("/desk/new/", {**VALID, "spinal_level": "lumbar"}, follow=True)

    assert Appointment.objects.get().spinal_level == ""


def test_the_link_is_emailed_when_asked(
    desk_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk_client.post(
            "/desk/new/", {**VALID, "send_email": "on"}, follow=True
        )

    html = response.content.decode()
    assert "The link is being emailed to ana.costa@example.com" in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana.costa@example.com"]
    assert token_on(response) in mail.outbox[0].body


def test_the_link_is_not_emailed_unless_asked(desk_client):
    response = desk_client.post("/desk/new/", VALID, follow=True)

    assert "The link was not emailed" in response.content.decode()
    assert mail.outbox == []


def test_registering_is_audited(
    desk_client, front_desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        desk_client.post("/desk/new/", {**VALID, "send_email": "on"}, follow=True)

    codes = set(
        AuditEvent.objects.filter(actor=front_desk).values_list("code", flat=True)
    )
    assert {"appointment.registered", "link.issued"} <= codes
    # The email goes out from a task, after the desk's request.
    assert AuditEvent.objects.filter(code="link.emailed", actor=None).exists()


def test_the_page_with_the_link_is_never_cached(desk_client):
    response = desk_client.post("/desk/new/", VALID, follow=True)

    assert "no-store" in response["Cache-Control"]


def test_the_link_page_has_a_labelled_box_and_a_copy_button(desk_client):
    html = desk_client.post("/desk/new/", VALID, follow=True).content.decode()

    assert '<label class="form-label" for="intake-link">' in html
    assert 'data-copy-target="intake-link"' in html
    assert "js/copy-link.js" in html


def past_moment():
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    return {"scheduled_date": yesterday.isoformat()}


BAD_INPUTS = [
    pytest.param(past_moment(), "cannot be in the past", id="past date"),
    pytest.param(
        {"scheduled_date": "9999-12-31"},
        "Book at most two years ahead.",
        id="far future",
    ),
    pytest.param(
        {"email": "", "phone": ""},
        "Enter an email address or a phone number.",
        id="no contact",
    ),
    pytest.param(
        {"procedure": "facet-joint-injection"},
        "Choose the spinal level for this procedure.",
        id="facet without spinal level",
    ),
    pytest.param(
        {"email": "ana.costa@example"}, "Enter a valid email address.", id="bad email"
    ),
    pytest.param(
        {"procedure": "brain-surgery"},
        "Choose a procedure from the catalog.",
        id="unknown procedure",
    ),
    pytest.param(
        {"email": "", "phone": "555-0199", "send_email": "on"},
        "Enter an email address to email the link.",
        id="email asked without an address",
    ),
    pytest.param(
        {"date_of_birth": "2999-01-01"}, "cannot be in the future", id="unborn"
    ),
    pytest.param({"date_of_birth": "27/03/1950x"}, "Enter a valid date.", id="bad dob"),
    pytest.param({"scheduled_time": "25:61"}, "Enter a valid time.", id="bad time"),
    pytest.param({"first_name": ""}, "This field is required.", id="no first name"),
    pytest.param({"last_name": "x" * 81}, "at most 80 characters", id="long name"),
]


@pytest.mark.parametrize("changes, message", BAD_INPUTS)
def test_a_bad_input_is_explained_and_nothing_is_saved(desk_client, changes, message):
    response = desk_client.post("/desk/new/", {**VALID, **changes}, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Patient.objects.count() == 0
    assert Appointment.objects.count() == 0
    assert Intake.objects.count() == 0
    assert IntakeLink.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("changes, message", BAD_INPUTS)
def test_a_bad_input_keeps_what_was_typed(desk_client, changes, message):
    data = {**VALID, **changes}

    html = desk_client.post("/desk/new/", data, follow=True).content.decode()

    for field in ("first_name", "date_of_birth", "email", "medical_record_number"):
        if data[field]:
            assert f'name="{field}" value="{data[field]}"' in html
    assert f'<option value="{data["procedure"]}" selected>' in html or (
        data["procedure"] == "brain-surgery"
    )


def test_the_error_is_shown_next_to_its_field(desk_client):
    html = desk_client.post(
        "/desk/new/", {**VALID, **past_moment()}, follow=True
    ).content.decode()

    field = html.split('id="div_id_scheduled_date"')[1].split('id="div_id_')[0]
    assert "cannot be in the past" in field
    assert 'aria-invalid="true"' in field
    assert '<a href="#id_scheduled_date">' in html


def test_an_unpublished_procedure_cannot_be_booked(desk_client):
    Procedure.objects.filter(slug="hip-joint-injection").update(published=False)

    response = desk_client.post(
        "/desk/new/", {**VALID, "procedure": "hip-joint-injection"}, follow=True
    )

    assert "Choose a procedure from the catalog." in response.content.decode()
    assert Appointment.objects.count() == 0


def test_an_empty_form_is_refused(desk_client):
    response = desk_client.post("/desk/new/", {}, follow=True)

    assert "This field is required." in response.content.decode()
    assert Patient.objects.count() == 0


def test_posting_the_same_form_twice_registers_nobody_twice(desk_client):
    data = {**VALID, "request_id": "a1b2c3"}

    first = desk_client.post("/desk/new/", data)
    again = desk_client.post("/desk/new/", data, follow=True)

    assert "/i/" in first.context["link"]
    assert Patient.objects.count() == 1
    assert "already registered" in again.content.decode()
    assert "/i/" not in again.content.decode()


def test_the_register_form_carries_a_fresh_request_id(desk_client):
    first = desk_client.get("/desk/new/").context["request_id"]
    second = desk_client.get("/desk/new/").context["request_id"]

    assert first != second
