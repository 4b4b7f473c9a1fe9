"""The FHIR bundle of a submitted intake: what each answer becomes; it parses back."""

import json

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from intake.answers import build_answers
from intake.export.fhir import bundle_json
from intake.export.questionnaire import (
    build_questionnaire,
    questionnaire_version,
    step_data_from_response,
)
from intake.models import Intake, Status
from intake.services.export import export_fhir
from intake.steps import STEPS
from tests.intake.conftest import (
    VALID_STEPS,
    fill_all_steps,
    make_submitted_intake,
    sign,
)
from tests.intake.export_support import (
    ALLERGIC_STEPS,
    BASE_URL,
    EXPECTED_BUNDLE,
    bundle_of,
    decide,
    fixed_example_json,
    make_intake,
    resources,
    validated,
)
from tests.screening.support import CONTRACT_EXAMPLE


def parsed(text):
    """Parse a bundle back through the R4B models (raises on any invalid element)."""
    return Bundle.model_validate_json(text)


def round_trip(bundle_text, appointment):
    """Rebuild the frozen answers from the bundle's QuestionnaireResponse alone."""
    (response,) = resources(bundle_text, "QuestionnaireResponse")
    steps = step_data_from_response(QuestionnaireResponse.model_validate(response))
    return build_answers(validated(steps), appointment=appointment)


def without_screening(answers):
    return {key: value for key, value in answers.items() if key != "unrecognized"}


def test_the_fixed_example_matches_the_checked_in_bundle():
    expected = EXPECTED_BUNDLE.read_text(encoding="utf-8")

    assert fixed_example_json() + "\n" == expected, (
        "The bundle changed: if on purpose, run write_expected() (see "
        "tests/intake/export_support.py) and review the diff."
    )


def test_the_checked_in_bundle_parses_back_through_the_models():
    bundle = parsed(EXPECTED_BUNDLE.read_text(encoding="utf-8"))

    assert bundle.type == "collection"
    assert len({entry.fullUrl for entry in bundle.entry}) == len(bundle.entry)


@pytest.mark.parametrize(
    "steps", [VALID_STEPS, ALLERGIC_STEPS], ids=["plain", "allergic"]
)
def test_a_round_trip_through_the_response_keeps_every_answer(steps):
    intake, flags = make_intake(steps)
    text = bundle_json(bundle_of(intake, flags))

    rebuilt = round_trip(text, intake.appointment)

    assert rebuilt == without_screening(intake.answers)


def test_an_export_again_gives_the_same_ids():
    intake, flags = make_intake(ALLERGIC_STEPS)

    first = [e.fullUrl for e in bundle_of(intake, flags).entry]
    second = [e.fullUrl for e in bundle_of(intake, flags).entry]

    assert first == second


def test_the_questionnaire_has_one_item_per_question_with_its_options():
    questionnaire = build_questionnaire(base_url=BASE_URL, resource_id="q")
    items = {step.linkId: step for step in questionnaire.item}

    assert list(items) == [step.slug for step in STEPS]
    health = {item.linkId: item for item in items["health"].item}
    options = [o.valueCoding.code for o in health["health.pregnant"].answerOption]
    assert options == ["yes", "no", "unsure", "not_applicable"]
    allergies = {item.linkId: item for item in items["allergies"].item}
    severities = allergies["allergies.iodinated_contrast_severity"].answerOption
    assert [o.valueCoding.code for o in severities] == [
        "mild",
        "moderate",
        "severe",
        "anaphylaxis",
        "unknown",
    ]
    rows = allergies["allergies.rows"]
    assert rows.repeats is True
    assert [i.linkId for i in rows.item] == [
        "allergies.rows.substance",
        "allergies.rows.reaction",
        "allergies.rows.severity",
    ]


def test_the_response_names_the_questionnaire_version_it_answers():
    intake, flags = make_intake()
    text = bundle_json(bundle_of(intake, flags))

    (questionnaire,) = resources(text, "Questionnaire")
    (response,) = resources(text, "QuestionnaireResponse")

    version = questionnaire_version(BASE_URL)
    assert questionnaire["version"] == version
    assert response["questionnaire"] == f"{questionnaire['url']}|{version}"


def test_the_patient_carries_name_birth_date_record_number_and_contacts():
    intake, flags = make_intake()
    (patient,) = resources(bundle_json(bundle_of(intake, flags)), "Patient")

    assert patient["name"] == [{"family": "Lee", "given": ["Margaret"]}]
    assert patient["birthDate"] == "1948-03-14"
    mrn = patient["identifier"][0]
    assert (mrn["type"]["coding"][0]["code"], mrn["value"]) == ("MR", "MRN-0042")
    contacts = {c["name"]["text"]: c for c in patient["contact"]}
    assert contacts["Tom Lee"]["telecom"] == [{"system": "phone", "value": "555-0199"}]
    assert {"system": "phone", "value": "555-0142", "use": "home"} in patient["telecom"]


def test_a_patient_without_a_record_number_has_only_the_app_identifier():
    intake, flags = make_intake(mrn="")
    (patient,) = resources(bundle_json(bundle_of(intake, flags)), "Patient")

    assert [i["system"] for i in patient["identifier"]] == [
        f"{BASE_URL}/fhir/patient-id"
    ]


def test_medications_keep_the_typed_text_and_code_only_recognised_generics():
    intake, flags = make_intake(ALLERGIC_STEPS)
    statements = resources(bundle_json(bundle_of(intake, flags)), "MedicationStatement")
    by_text = {s["medicationCodeableConcept"]["text"]: s for s in statements}

    eliquis = by_text["Eliquis"]["medicationCodeableConcept"]
    assert eliquis["coding"] == [
        {
            "system": "https://go.drugbank.com/drugs",
            "code": "DB06605",
            "display": "apixaban",
        }
    ]
    assert "anticoagulant" in by_text["Eliquis"]["note"][0]["text"]
    assert "coding" not in by_text["water pill"]["medicationCodeableConcept"]
    assert by_text["Plavix, stopped 2021"]["status"] == "stopped"
    assert by_text["fish oil"]["note"][0]["text"].startswith(
        "Patient-reported supplement"
    )


def test_allergies_map_category_criticality_and_reaction_severity():
    intake, flags = make_intake(ALLERGIC_STEPS)
    allergies = resources(bundle_json(bundle_of(intake, flags)), "AllergyIntolerance")
    by_substance = {a["code"]["text"]: a for a in allergies}

    dye = by_substance["CT dye"]
    assert dye["category"] == ["medication"]
    assert dye["criticality"] == "low"
    assert dye["reaction"] == [
        {"manifestation": [{"text": "hives all over"}], "severity": "moderate"}
    ]
    assert by_substance["peanuts"]["criticality"] == "high"
    assert by_substance["peanuts"]["reaction"][0]["severity"] == "severe"
    assert by_substance["penicillin"]["criticality"] == "unable-to-assess"
    assert "category" not in by_substance["penicillin"]


def test_no_known_allergies_is_the_negated_statement():
    intake, flags = make_intake(VALID_STEPS)
    (allergy,) = resources(bundle_json(bundle_of(intake, flags)), "AllergyIntolerance")

    assert allergy["code"]["coding"] == [
        {
            "system": "http://snomed.info/sct",
            "code": "716186003",
            "display": "No known allergy",
        }
    ]
    assert "reaction" not in allergy


def test_each_flag_is_a_detected_issue_with_its_explanation():
    intake, flags = make_intake(ALLERGIC_STEPS)
    text = bundle_json(bundle_of(intake, flags))
    issues = resources(text, "DetectedIssue")

    assert [i["code"]["text"] for i in issues] == [flag.code for flag in flags]
    first, flag = issues[0], flags[0]
    assert first["detail"] == flag.message
    eliquis = resources(text, "MedicationStatement")[0]
    assert first["evidence"] == [
        {
            "code": [{"text": "Eliquis, 5 mg, twice a day"}],
            "detail": [{"reference": f"urn:uuid:{eliquis['id']}"}],
        }
    ]
    extensions = {e["url"].rsplit("/", 1)[1]: e for e in first["extension"]}
    assert extensions["flag-severity"]["valueCode"] == flag.severity
    assert extensions["flag-guideline"]["valueString"] == flag.source
    assert extensions["flag-recommended-action"]["valueString"] == flag.action
    assert "mitigation" not in first


def test_the_radiologists_actions_and_decision_are_in_the_bundle():
    intake, flags = decide(*make_intake(ALLERGIC_STEPS))
    text = bundle_json(bundle_of(intake, flags))

    issues = resources(text, "DetectedIssue")
    mitigation = issues[0]["mitigation"][0]
    assert mitigation["action"]["coding"][0]["code"] == "hold_drug"
    assert mitigation["action"]["text"] == (
        "Hold per protocol; hold 2 days; Prescriber agreed by phone."
    )
    assert issues[1]["mitigation"][0]["action"]["coding"][0]["code"] == "acknowledged"
    (practitioner,) = resources(text, "Practitioner")
    assert mitigation["author"]["reference"] == f"urn:uuid:{practitioner['id']}"
    (decision,) = resources(text, "ClinicalImpression")
    assert decision["summary"].startswith("Cleared with instructions. Instructions")
    assert decision["assessor"]["reference"] == f"urn:uuid:{practitioner['id']}"


def test_an_intake_awaiting_a_decision_has_no_clinical_impression():
    intake, flags = make_intake()

    assert resources(bundle_json(bundle_of(intake, flags)), "ClinicalImpression") == []


@pytest.mark.django_db
def test_an_intake_submitted_through_the_pages_exports_and_round_trips(patient):
    client, appointment = patient
    fill_all_steps(client, ALLERGIC_STEPS)
    sign(client)
    intake = Intake.objects.get(appointment=appointment)

    text = export_fhir(intake, now=timezone.now(), via="test")

    parsed(text)
    assert round_trip(text, appointment) == without_screening(intake.answers)
    statements = resources(text, "MedicationStatement")
    assert len(statements) == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [CONTRACT_EXAMPLE, {}, {"medications": "not a list", "allergies": [None, 3]}],
    ids=["contract-example", "empty", "malformed"],
)
def test_intakes_built_without_the_patient_pages_still_export(answers):
    intake = make_submitted_intake(severities=("critical", "info"))
    Intake.objects.filter(pk=intake.pk).update(answers=answers)
    intake.refresh_from_db()

    text = export_fhir(intake, now=timezone.now(), via="test")

    bundle = parsed(text)
    assert len(resources(text, "DetectedIssue")) == 2
    assert json.loads(text)["entry"][0]["resource"]["resourceType"] == "Patient"
    assert bundle.entry[0].resource.birthDate.isoformat() == "1948-03-14"


@pytest.mark.django_db
def test_the_review_factory_intake_exports_its_medications():
    intake = make_submitted_intake()
    assert intake.status == Status.SUBMITTED

    text = export_fhir(intake, now=timezone.now(), via="test")

    texts = [
        s["medicationCodeableConcept"]["text"]
        for s in resources(text, "MedicationStatement")
    ]
    assert texts == ["Eliquis 5 mg twice a day", "fish oil"]
