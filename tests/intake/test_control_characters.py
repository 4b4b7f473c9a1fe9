"""Control characters in posted text: removed before any draft or row stores them.

PostgreSQL refuses NUL in text and JSON, so before this rule a NUL in any answer was
a server error that lost the step and wrote part of the answers into the error log;
run these with DATABASE_URL pointing at PostgreSQL to see that case.
"""

import logging
from urllib.parse import urlencode

import pytest
from django import forms

from clinic.cleaning import SafeForm, cleaned_data_dict, remove_control_characters
from intake.models import Flag, Intake, Patient
from tests.intake.conftest import VALID_STEPS
from tests.intake.test_desk_register import VALID as REGISTRATION

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
CONTROLS = "\x00\x01\x08\x0b\x1b\x7f\x85\x9f"


@pytest.mark.parametrize(
    "typed,kept",
    [
        ("Eliquis\x00 5 mg", "Eliquis 5 mg"),
        ("line one\r\nline two\tand a tab", "line one\r\nline two\tand a tab"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("café, 아스피린, أسبرين", "café, 아스피린, أسبرين"),
        (CONTROLS, ""),
    ],
)
def test_only_control_characters_are_removed(typed, kept):
    assert remove_control_characters(typed) == kept


class _Login(SafeForm):
    name = forms.CharField()
    password = forms.CharField()


class _KeepsPassword(_Login):
    keep_control_characters = ("password",)


def test_data_cleaned_once_is_shared_by_the_forms_that_want_the_same():
    data = cleaned_data_dict({"name": ["a\x00b"], "password": ["p\x00w"]})

    form = _Login(data)

    assert form.data is data
    assert form.data["password"] == "pw"


def test_data_that_kept_a_field_is_cleaned_again_for_a_form_that_does_not():
    data = cleaned_data_dict(
        {"name": ["a\x00b"], "password": ["p\x00w"]}, keep=("password",)
    )

    assert _KeepsPassword(data).data["password"] == "p\x00w"
    assert _Login(data).data["password"] == "pw"


def _with_controls(data):
    """Slip a NUL and other controls into every value of a step's valid answers."""
    salted = {}
    for key, value in data.items():
        values = value if isinstance(value, list) else [value]
        salted[key] = [f"{v[:1]}{CONTROLS}{v[1:]}" for v in values]
    return salted


def _answer(appointment, slug, key):
    return Intake.objects.get(appointment=appointment).draft["steps"][slug][key]


@pytest.mark.parametrize("slug", list(VALID_STEPS))
def test_every_step_saves_answers_with_control_characters_removed(
    patient, slug, caplog
):
    client, appointment = patient

    with caplog.at_level(logging.ERROR):
        response = client.post(f"/intake/{slug}/", _with_controls(VALID_STEPS[slug]))

    assert response.status_code == 302
    for key, value in VALID_STEPS[slug].items():
        if not key.endswith("_FORMS"):
            expected = value if isinstance(value, list) else [value]
            assert _answer(appointment, slug, key) == expected
    assert not caplog.records


def test_an_autosave_with_a_nul_keeps_the_rest_of_what_was_typed(patient):
    client, appointment = patient
    data = {**VALID_STEPS["about"], "emergency_name": "Tom\x00 Lee"}

    response = client.post(
        "/intake/about/", data, headers={"X-Autosave": "1", "X-Draft-Rev": "0"}
    )

    assert response.status_code == 204
    assert _answer(appointment, "about", "emergency_name") == ["Tom Lee"]
    assert _answer(appointment, "about", "phone") == ["555-0142"]


def test_a_nul_in_the_date_of_birth_does_not_break_the_check(client):
    from tests.intake.conftest import make_appointment

    _, token = make_appointment()
    client.get(f"/i/{token}/")

    response = client.post(
        "/intake/verify/", {"day": "1\x004", "month": "3", "year": "19\x0048"}
    )

    assert response["Location"] == "/intake/"


def test_a_nul_in_the_signature_is_removed_before_it_is_checked(patient):
    from tests.intake.conftest import fill_all_steps, sign

    client, appointment = patient
    fill_all_steps(client)

    assert sign(client, signature="Margaret\x00 Lee").status_code == 302
    assert Intake.objects.get(appointment=appointment).signature == "Margaret Lee"


def test_the_desk_registers_a_patient_typed_with_control_characters(desk_client):
    data = {
        **REGISTRATION,
        "first_name": "A\x00na",
        "medical_record_number": "MRN-\x1b0042",
        "procedure": "vertebro\x00plasty",
    }

    response = desk_client.post("/desk/new/", data)

    assert response.status_code == 200
    assert "/i/" in response.content.decode()
    patient = Patient.objects.get()
    assert (patient.first_name, patient.medical_record_number) == ("Ana", "MRN-0042")


def test_a_review_note_is_stored_without_control_characters(rad_client):
    from tests.intake.conftest import make_submitted_intake

    flag = make_submitted_intake(severities=["high"]).flags.get()
    data = {f"ack-{flag.pk}-note": "Checked\x00 with\x07 the patient"}
    data[f"ack-{flag.pk}-version"] = "0"

    rad_client.post(f"/review/{flag.intake_id}/flags/{flag.pk}/acknowledge/", data)

    assert Flag.objects.get(pk=flag.pk).note == "Checked with the patient"


def test_a_nul_in_the_login_form_is_not_a_server_error(client, front_desk):
    wrong = client.post(
        "/accounts/login/", {"username": "desk", "password": "a-long\x00-password"}
    )
    typed = client.post(
        "/accounts/login/",
        {"username": "de\x00sk", "password": "a-long-test-password-42"},
    )

    assert wrong.status_code == 200
    assert "Null characters are not allowed." in wrong.content.decode()
    assert typed.status_code == 302


def test_a_row_index_of_thousands_of_digits_is_ignored(patient):
    client, appointment = patient
    huge = "9" * 5000
    data = {**VALID_STEPS["medications"], f"rows-{huge}-name": "warfarin"}

    body = urlencode(data, doseq=True)

    response = client.post("/intake/medications/", body, content_type=FORM)
    autosave = client.post(
        "/intake/medications/",
        body,
        content_type=FORM,
        headers={"X-Autosave": "1", "X-Draft-Rev": "1"},
    )

    assert response.status_code == 302
    assert autosave.status_code == 204
    saved = Intake.objects.get(appointment=appointment).draft["steps"]["medications"]
    assert saved["rows-0-name"] == ["Eliquis"]
    assert not any(huge in key for key in saved)


def test_a_row_count_of_thousands_of_digits_is_not_a_server_error(patient):
    client, appointment = patient
    data = {**VALID_STEPS["medications"], "rows-TOTAL_FORMS": "9" * 5000}

    response = client.post("/intake/medications/", {**data, "add_row": "1"})

    assert response.status_code == 200
    saved = Intake.objects.get(appointment=appointment).draft["steps"]["medications"]
    assert saved["rows-1-name"] == ["metoprolol"]
