"""Submitted intakes built without a database, for the export tests.

The answers go through the same forms, `build_answers` and screening engine as a real
submission; the rows are unsaved model instances with fixed ids and times, so the
bundle they give is the same on every run and every database.
"""

import copy
import datetime as dt
import json
from pathlib import Path

from django.contrib.auth import get_user_model

from intake.answers import build_answers
from intake.export.fhir import build_bundle, bundle_json
from intake.models import Appointment, Flag, Intake, Patient, Status
from intake.screening import default_knowledge_base, intake_from_dict, screen
from intake.services.submission import SCREENED_KEYS, flag_rows
from intake.steps import STEPS, StepForms
from procedures.models import Procedure
from tests.intake.conftest import NO_ALLERGY_QUESTIONS, VALID_STEPS, rows
from tests.screening.support import PROCEDURES

EXPECTED_BUNDLE = Path(__file__).parent / "data" / "expected_bundle.json"
BASE_URL = "https://intake.example.org"
SUBMITTED = dt.datetime(2026, 11, 20, 15, 4, tzinfo=dt.UTC)
DECIDED = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)
EXPORTED = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)

# A vertebroplasty patient on Eliquis and fish oil, allergic to CT dye and penicillin.
ALLERGIC_STEPS = {
    **VALID_STEPS,
    "medications": rows(
        {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day"},
        {"name": "Plavix, stopped 2021"},
        {"name": "water pill", "last_dose": "2026-11-19"},
    ),
    "allergies": {
        **NO_ALLERGY_QUESTIONS,
        "iodinated_contrast": "yes",
        "iodinated_contrast_substance": "CT dye",
        "iodinated_contrast_reaction": "hives all over",
        "iodinated_contrast_severity": "moderate",
        **rows(
            {"substance": "penicillin", "reaction": "throat swelling"},
            {"substance": "peanuts", "severity": "anaphylaxis"},
        ),
    },
}


def validated(steps):
    """Return every step's validated StepForms (fails loudly on invalid data)."""
    results = {}
    for step in STEPS:
        forms = StepForms(step, {k: _listed(v) for k, v in steps[step.slug].items()})
        assert forms.is_valid(), (step.slug, forms.error_items())
        results[step.slug] = forms
    return results


def _listed(value):
    return value if isinstance(value, list) else [str(value)]


def make_intake(
    steps=VALID_STEPS, *, procedure="vertebroplasty", pk=41, mrn="MRN-0042"
):
    """Return an unsaved submitted intake with its screened, unsaved flags."""
    patient = Patient(
        pk=pk + 1000,
        first_name="Margaret",
        last_name="Lee",
        date_of_birth=dt.date(1948, 3, 14),
        email="m.lee@example.com",
        medical_record_number=mrn,
    )
    appointment = Appointment(
        pk=pk,
        patient=patient,
        procedure=Procedure(slug=procedure, name=procedure.replace("-", " ").title()),
        scheduled_at=SUBMITTED + dt.timedelta(days=5),
    )
    draft = {
        "steps": {k: {f: _listed(v) for f, v in d.items()} for k, d in steps.items()}
    }
    answers = build_answers(validated(steps), appointment=appointment)
    findings = screen_answers(answers)
    answers["unrecognized"] = [
        f.evidence for f in findings if f.code == "UNRECOGNIZED_MEDICATION"
    ]
    intake = Intake(
        pk=pk,
        appointment=appointment,
        status=Status.SUBMITTED,
        draft=draft,
        answers=answers,
        signature="Margaret Lee",
        submitted_at=SUBMITTED,
        rules_version="2026.11.1",
        procedure_text_version="f" * 64,
    )
    flags = flag_rows(intake, findings)
    for position, flag in enumerate(flags):
        flag.pk = pk * 100 + position  # unique anchors on the chart PDF
    return intake, flags


def screen_answers(answers):
    contract = {key: copy.deepcopy(answers[key]) for key in SCREENED_KEYS}
    contract["spinal_level"] = answers.get("spinal_level") or None
    return screen(
        intake_from_dict(contract),
        PROCEDURES[answers["procedure"]],
        knowledge_base=default_knowledge_base(),
    )


def decide(intake, flags):
    """Resolve the first flag, acknowledge the rest and clear the patient."""
    radiologist = get_user_model()(
        pk=7, username="rad", first_name="Rita", last_name="Alvarez"
    )
    for index, flag in enumerate(flags):
        flag.acted_by, flag.acted_at = radiologist, DECIDED
        flag.status = Flag.State.RESOLVED if index == 0 else Flag.State.ACKNOWLEDGED
        if index == 0:
            flag.disposition, flag.hold_days = "hold_drug", 2
            flag.note = "Prescriber agreed by phone."
    intake.decision = "cleared_with_instructions"
    intake.instructions = "Last Eliquis dose on Saturday morning."
    intake.decided_by, intake.decided_at = radiologist, DECIDED
    intake.status = Status.REVIEWED
    return intake, flags


def bundle_of(intake, flags, now=EXPORTED):
    return build_bundle(
        intake,
        flags=flags,
        now=now,
        knowledge_base=default_knowledge_base(),
        base_url=BASE_URL,
    )


def fixed_example_json():
    """Return the JSON of the fixed example: decided, with allergies."""
    return bundle_json(bundle_of(*decide(*make_intake(ALLERGIC_STEPS))))


def write_expected():
    """Rewrite the checked-in bundle after a deliberate change (then review the diff).

    DJANGO_SETTINGS_MODULE=tests.settings .venv/bin/python -c "import django;
    django.setup(); from tests.intake.export_support import write_expected;
    write_expected()"
    """
    EXPECTED_BUNDLE.parent.mkdir(exist_ok=True)
    EXPECTED_BUNDLE.write_text(fixed_example_json() + "\n", encoding="utf-8")


def resources(bundle_text, kind):
    return [
        entry["resource"]
        for entry in json.loads(bundle_text)["entry"]
        if entry["resource"]["resourceType"] == kind
    ]
