"""Property-based sweep: any valid intake exports, parses back, keeps every answer."""

import datetime as dt

from fhir.resources.R4B.bundle import Bundle
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.export.fhir import bundle_json
from intake.forms.patient import ALLERGY_QUESTIONS, COMMON_SUPPLEMENTS, HEALTH_QUESTIONS
from tests.intake.conftest import rows
from tests.intake.export_support import bundle_of, make_intake
from tests.intake.test_export_fhir import round_trip, without_screening
from tests.screening.support import SLUGS

KNOWN_NAMES = ["Eliquis", "warfarin", "Plavix", "aspirin 81", "metformin", "Ozempic"]
SEVERITIES = ["", "mild", "moderate", "severe", "anaphylaxis", "unknown"]


def words(max_size):
    """Text a patient could type: any printable characters, not only spaces."""
    alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    return st.text(alphabet, min_size=1, max_size=max_size).filter(str.strip)


def maybe(strategy):
    return st.one_of(st.just(""), strategy)


yes_no = st.sampled_from(["yes", "no"])
past_dates = st.dates(dt.date(2000, 1, 1), dt.date(2026, 11, 30)).map(str)


@st.composite
def about(draw):
    correct = draw(yes_no)
    return {
        "details_correct": correct,
        "corrections": draw(words(200) if correct == "no" else maybe(words(200))),
        "phone": draw(words(30)),
        "emergency_name": draw(words(120)),
        "emergency_phone": draw(words(30)),
    }


medication_rows = st.lists(
    st.fixed_dictionaries(
        {"name": st.one_of(st.sampled_from(KNOWN_NAMES), words(120))},
        optional={
            "dose": words(60),
            "frequency": words(60),
            "last_dose": past_dates,
        },
    ),
    max_size=6,
)


@st.composite
def supplements(draw):
    common = draw(
        st.lists(st.sampled_from([c for c, _ in COMMON_SUPPLEMENTS]), unique=True)
    )
    others = draw(st.lists(st.fixed_dictionaries({"name": words(120)}), max_size=3))
    step = {"common": common, **rows(*others)}
    if not common and not others:
        step["none"] = "on"
    return step


@st.composite
def allergies(draw):
    step = {}
    for key in ALLERGY_QUESTIONS:
        step[key] = draw(yes_no)
        if step[key] == "yes":
            step[f"{key}_substance"] = draw(maybe(words(120)))
            step[f"{key}_reaction"] = draw(words(300))
            step[f"{key}_severity"] = draw(st.sampled_from(SEVERITIES))
    others = draw(
        st.lists(
            st.fixed_dictionaries(
                {"substance": words(120)},
                optional={
                    "reaction": words(300),
                    "severity": st.sampled_from(SEVERITIES),
                },
            ),
            max_size=3,
        )
    )
    step.update(rows(*others))
    if not others:
        step["none"] = "on"
    return step


@st.composite
def health(draw):
    step = {
        "pregnant": draw(st.sampled_from(["yes", "no", "unsure", "not_applicable"])),
        **{key: draw(yes_no) for key in HEALTH_QUESTIONS},
        "details": draw(maybe(words(1000))),
    }
    if step["diabetes"] == "yes":
        step["diabetes_poorly_controlled"] = draw(
            st.sampled_from(["", "yes", "no", "unsure"])
        )
    return step


@st.composite
def day(draw):
    escort = draw(yes_no)
    optional = (lambda s: s) if escort == "yes" else maybe
    return {
        "has_escort": escort,
        "escort_name": draw(optional(words(120))),
        "escort_phone": draw(optional(words(30))),
        "understood": "on",
    }


@st.composite
def valid_intakes(draw):
    meds = draw(medication_rows)
    return draw(st.sampled_from(SLUGS)), {
        "about": draw(about()),
        "procedure": {"has_read": "on"},
        "medications": {**rows(*meds), **({} if meds else {"none": "on"})},
        "supplements": draw(supplements()),
        "allergies": draw(allergies()),
        "health": draw(health()),
        "day": draw(day()),
    }


@settings(max_examples=60, deadline=None)
@given(valid_intakes())
def test_any_valid_intake_exports_parses_back_and_keeps_every_answer(example):
    procedure, steps = example
    intake, flags = make_intake(steps, procedure=procedure)

    text = bundle_json(bundle_of(intake, flags))

    bundle = Bundle.model_validate_json(text)
    assert bundle.type == "collection"
    assert round_trip(text, intake.appointment) == without_screening(intake.answers)
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("DetectedIssue") == len(flags)
    listed = len(intake.answers["medications"]) + len(intake.answers["supplements"])
    assert kinds.count("MedicationStatement") == listed
