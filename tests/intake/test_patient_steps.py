import pytest

from intake.models import Intake
from tests.intake.conftest import VALID_STEPS, make_appointment, rows, verify

pytestmark = pytest.mark.django_db


def _draft(appointment):
    return Intake.objects.get(appointment=appointment).draft


@pytest.mark.parametrize(
    "slug,number",
    [
        ("about", 1),
        ("procedure", 2),
        ("medications", 3),
        ("supplements", 4),
        ("allergies", 5),
        ("health", 6),
        ("day", 7),
    ],
)
def test_each_step_shows_its_place_in_the_form(patient, slug, number):
    client, _ = patient

    response = client.get(f"/intake/{slug}/")

    assert response.status_code == 200
    assert f"Step {number} of 8" in response.content.decode()


def test_an_unknown_step_is_a_404(patient):
    client, _ = patient

    assert client.get("/intake/nonsense/").status_code == 404


def test_a_valid_step_is_saved_and_leads_to_the_next(patient):
    client, appointment = patient

    response = client.post("/intake/about/", VALID_STEPS["about"])

    assert response["Location"] == "/intake/procedure/"
    draft = _draft(appointment)
    assert draft["done"] == ["about"]
    assert draft["steps"]["about"]["phone"] == ["555-0142"]


def test_an_invalid_step_keeps_what_was_typed_and_says_what_to_fix(patient):
    client, appointment = patient
    data = {**VALID_STEPS["about"], "emergency_phone": ""}

    response = client.post("/intake/about/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fill in this box." in html
    assert 'value="Tom Lee"' in html
    assert _draft(appointment)["steps"]["about"]["emergency_name"] == ["Tom Lee"]
    assert "about" not in _draft(appointment)["done"]


def test_coming_back_resumes_with_the_typed_values_and_no_errors(patient):
    client, _ = patient
    client.post("/intake/about/", {"phone": "555-0142"})

    html = client.get("/intake/about/").content.decode()

    assert 'value="555-0142"' in html
    assert "Fill in this box." not in html


def test_resume_goes_to_the_first_unfinished_step(patient):
    client, _ = patient
    client.post("/intake/about/", VALID_STEPS["about"])

    assert client.get("/intake/")["Location"] == "/intake/procedure/"


def test_a_new_device_resumes_where_the_patient_stopped(client, django_user_model):
    from django.test import Client

    appointment, token = make_appointment()
    verify(client, token)
    client.post("/intake/about/", VALID_STEPS["about"])
    client.post("/intake/medications/", {"none": ""})  # unfinished

    other = Client()
    verify(other, token)

    assert other.get("/intake/")["Location"] == "/intake/procedure/"


def test_back_saves_without_checking_and_goes_back(patient):
    client, appointment = patient

    response = client.post(
        "/intake/medications/", {**rows({"name": "Plavix"}), "back": "1"}
    )

    assert response["Location"] == "/intake/procedure/"
    assert _draft(appointment)["steps"]["medications"]["rows-0-name"] == ["Plavix"]


def test_autosave_keeps_a_half_typed_step(patient):
    client, appointment = patient

    response = client.post(
        "/intake/medications/",
        rows({"name": "Eliq"}),
        HTTP_X_AUTOSAVE="1",
        HTTP_X_DRAFT_REV="0",
    )

    assert response.status_code == 204
    assert response["X-Draft-Rev"] == "1"
    assert _draft(appointment)["steps"]["medications"]["rows-0-name"] == ["Eliq"]


def test_a_late_autosave_never_overwrites_a_newer_save(patient):
    client, appointment = patient
    client.post("/intake/medications/", rows({"name": "Eliquis 5 mg"}))  # rev 0 -> 1

    late = client.post(
        "/intake/medications/",
        rows({"name": "Eliq"}),
        HTTP_X_AUTOSAVE="1",
        HTTP_X_DRAFT_REV="0",
    )

    assert late.status_code == 409
    assert _draft(appointment)["steps"]["medications"]["rows-0-name"] == [
        "Eliquis 5 mg"
    ]


def test_an_autosave_without_a_revision_is_refused(patient):
    client, _ = patient

    response = client.post(
        "/intake/medications/", rows({"name": "x"}), HTTP_X_AUTOSAVE="1"
    )

    assert response.status_code == 409


def test_a_list_step_needs_entries_or_an_explicit_none(patient):
    client, _ = patient

    response = client.post("/intake/medications/", rows({"name": ""}))

    assert "List your medications, or tick" in response.content.decode()


def test_none_and_entries_together_are_refused(patient):
    client, _ = patient

    response = client.post(
        "/intake/medications/", {"none": "on", **rows({"name": "Advil"})}
    )

    assert "but also listed some" in response.content.decode()


def test_none_alone_is_a_valid_answer(patient):
    client, appointment = patient

    response = client.post("/intake/medications/", {"none": "on", **rows()})

    assert response.status_code == 302
    assert "medications" in _draft(appointment)["done"]


def test_a_last_dose_in_the_future_is_refused(patient):
    client, _ = patient

    response = client.post(
        "/intake/medications/", rows({"name": "Eliquis", "last_dose": "2999-01-01"})
    )

    assert "The last dose cannot be in the future." in response.content.decode()


def test_a_dose_without_a_name_is_refused(patient):
    client, _ = patient

    response = client.post("/intake/medications/", rows({"dose": "5 mg"}))

    assert "Enter the name." in response.content.decode()


def test_over_long_text_is_refused_and_kept_short_in_the_draft(patient):
    client, appointment = patient

    response = client.post("/intake/medications/", rows({"name": "x" * 5000}))

    assert response.status_code == 200
    assert "at most 120 characters" in response.content.decode()
    assert len(_draft(appointment)["steps"]["medications"]["rows-0-name"][0]) <= 2000


def test_add_another_row_works_without_javascript(patient):
    client, _ = patient

    response = client.post(
        "/intake/medications/", {**rows({"name": "Eliquis"}), "add_row": "1"}
    )

    html = response.content.decode()
    assert 'name="rows-1-name"' in html
    assert 'value="Eliquis"' in html
    assert "List your medications" not in html


@pytest.mark.parametrize(
    "data",
    [
        {"rows-TOTAL_FORMS": "1000", "rows-INITIAL_FORMS": "0"},
        {"rows-0-name": "Advil"},  # no management form
        {"rows-TOTAL_FORMS": "banana", "rows-INITIAL_FORMS": "0"},
        {"phone": "555", "rows-7-name": "x", "rows-99-name": "y"},
    ],
)
def test_tampered_row_counts_never_break_the_step(patient, data):
    client, appointment = patient

    response = client.post("/intake/medications/", data)

    assert response.status_code in (200, 302)
    html = client.get("/intake/medications/").content.decode()
    assert "ManagementForm" not in html
    assert "at most" not in html
    again = client.post("/intake/medications/", {"none": "on", **rows()})
    assert again.status_code == 302


def test_a_missing_row_count_is_rebuilt_from_the_rows_sent(patient):
    client, appointment = patient

    client.post("/intake/medications/", {"rows-0-name": "Advil"})

    saved = _draft(appointment)["steps"]["medications"]
    assert saved["rows-TOTAL_FORMS"] == ["1"]
    assert "medications" in _draft(appointment)["done"]


def test_stop_for_now_saves_the_page_being_filled(patient):
    client, appointment = patient

    response = client.post(
        "/intake/medications/", {**rows({"name": "warfarin 5 mg"}), "leave": "1"}
    )

    assert response["Location"] == "/intake/goodbye/"
    assert _draft(appointment)["steps"]["medications"]["rows-0-name"] == [
        "warfarin 5 mg"
    ]
    assert client.get("/intake/")["Location"] == "/intake/goodbye/"


def test_a_change_from_the_check_page_returns_to_it(patient):
    from tests.intake.conftest import fill_all_steps

    client, _ = patient
    fill_all_steps(client)

    page = client.get("/intake/medications/?return=review").content.decode()
    response = client.post(
        "/intake/medications/", {"none": "on", **rows(), "return": "review"}
    )

    assert 'name="return" value="review"' in page
    assert response["Location"] == "/intake/review/"


def test_the_error_summary_links_to_each_wrong_answer(patient):
    client, _ = patient

    response = client.post(
        "/intake/medications/",
        rows({"name": "Eliquis"}, {"name": "Plavix", "last_dose": "2999-01-01"}),
    )

    html = response.content.decode()
    assert (
        '<a href="#id_rows-1-last_dose">Medication 2: Blood thinners only: date of '
        "your last dose: The last dose cannot be in the future.</a>"
    ) in html


def test_adding_a_row_puts_the_cursor_in_it(patient):
    import re

    client, _ = patient

    response = client.post(
        "/intake/medications/", {**rows({"name": "Eliquis"}), "add_row": "1"}
    )

    new_input = re.search(
        r"<input[^>]*name=\"rows-1-name\"[^>]*>", response.content.decode()
    )
    assert "autofocus" in new_input.group(0)


def test_unknown_fields_never_reach_the_draft(patient):
    client, appointment = patient

    client.post("/intake/about/", {**VALID_STEPS["about"], "is_staff": "1"})

    assert "is_staff" not in _draft(appointment)["steps"]["about"]


def test_a_tampered_choice_is_refused(patient):
    client, _ = patient
    data = {**VALID_STEPS["health"], "pregnant": "maybe-later"}

    response = client.post("/intake/health/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_allergy_yes_needs_what_happened(patient):
    client, _ = patient
    data = {**VALID_STEPS["allergies"], "iodinated_contrast": "yes"}

    response = client.post("/intake/allergies/", data)

    assert "Tell us what happened" in response.content.decode()


def test_an_escort_needs_a_name_and_phone(patient):
    client, _ = patient
    data = {**VALID_STEPS["day"], "escort_name": "", "escort_phone": ""}

    response = client.post("/intake/day/", data)

    assert "Tell us who will take you home." in response.content.decode()


def test_reading_the_procedure_records_the_text_version(patient):
    client, appointment = patient

    client.post("/intake/procedure/", VALID_STEPS["procedure"])

    assert len(Intake.objects.get(appointment=appointment).procedure_text_version) == 64


def test_the_medication_field_suggests_known_names(patient):
    client, _ = patient

    html = client.get("/intake/medications/").content.decode()

    assert 'list="medication-names"' in html
    assert '<option value="Eliquis">' in html


def test_add_row_on_a_step_without_rows_is_ignored(patient):
    client, _ = patient

    response = client.post("/intake/about/", {"add_row": "1"})

    assert response.status_code == 200
    assert "Fill in this box." in response.content.decode()
