"""The entry point: input validation, ordering, translation and coverage."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils.functional import Promise
from django.utils.translation import override

from intake.screening import (
    CODES,
    RULES_VERSION,
    Finding,
    InvalidIntake,
    ProcedureProfile,
    Severity,
    intake_from_dict,
    load_knowledge_base,
    screen,
)
from intake.screening.rules import RULES

from .support import (
    ATTRIBUTES,
    CONTRACT_EXAMPLE,
    FACET,
    KNEE,
    PROCEDURES,
    VERTEBRO,
    codes,
    run,
)

EVERYTHING = {
    "meds": [
        "Eliquis",
        "Plavix",
        "ibuprofen",
        "Janumet",
        "Jardiance",
        "Ozempic",
        "Lantus",
        "blood thinner",
    ],
    "supplements": ["fish oil"],
    "allergies": [
        "CT dye",
        "lidocaine",
        "propofol",
        "latex",
        "chlorhexidine",
        "bone cement",
    ],
    "pregnant": "yes",
    "bleeding_disorder": True,
    "kidney_disease": True,
    "diabetes": True,
    "fever_or_infection": True,
    "sleep_apnea": True,
    "malignant_hyperthermia": True,
    "has_escort": False,
}


def test_every_design_code_has_a_rule_and_fires():
    assert len(RULES) == len(CODES)
    assert set(codes(run(VERTEBRO, **EVERYTHING))) | set(
        codes(run(KNEE, **EVERYTHING))
    ) == set(CODES)


def test_findings_are_ordered_worst_first_then_by_code():
    findings = run(VERTEBRO, **EVERYTHING)
    keys = [(finding.severity.rank, finding.code) for finding in findings]
    assert keys == sorted(keys)
    assert findings[0].severity == Severity.CRITICAL


def test_findings_are_deterministic():
    first = [f.as_dict() for f in run(VERTEBRO, **EVERYTHING)]
    assert all(
        [f.as_dict() for f in run(VERTEBRO, **EVERYTHING)] == first for _ in range(3)
    )


def test_findings_of_one_code_keep_the_patients_order():
    findings = run(VERTEBRO, meds=["Xarelto", "Eliquis"])
    evidence = [f.evidence for f in findings if f.code == "ANTICOAGULANT"]
    assert evidence == ["Xarelto", "Eliquis"]


def test_findings_are_frozen():
    finding = run(VERTEBRO, meds=["Eliquis"])[0]
    with pytest.raises(AttributeError):
        finding.code = "X"


def test_messages_and_actions_are_translatable_lazy_strings():
    for finding in run(VERTEBRO, **EVERYTHING):
        assert isinstance(finding.message, Promise), finding.code
        assert isinstance(finding.action, Promise | str), finding.code
        assert str(finding.message) and str(finding.action) and finding.source


def test_messages_render_in_the_language_active_when_shown():
    finding = run(VERTEBRO, meds=["Eliquis"])[0]
    with override("en"):
        assert "Anticoagulant" in str(finding.message)


def test_as_dict_gives_the_contract_keys_as_plain_strings():
    flag = run(VERTEBRO, meds=["Eliquis 5 mg twice a day"])[0].as_dict()
    assert list(flag) == ["code", "severity", "message", "action", "source", "evidence"]
    assert all(type(value) is str for value in flag.values())
    assert flag["evidence"] == "Eliquis 5 mg twice a day"


def test_no_action_tells_the_patient_to_stop_a_drug():
    for finding in run(VERTEBRO, **EVERYTHING):
        action = str(finding.action).lower()
        assert "stop taking" not in action
        assert "you should stop" not in action


def test_rules_have_a_version():
    assert isinstance(RULES_VERSION, str) and RULES_VERSION


def test_missing_answers_count_as_the_harmless_ones():
    for slug in PROCEDURES:
        assert screen(intake_from_dict({"procedure": slug}), PROCEDURES[slug]) == ()


def test_screen_accepts_a_knowledge_base_without_the_broad_names():
    narrow = load_knowledge_base(broad_names=False)
    intake = intake_from_dict({"procedure": KNEE, "medications": [{"name": "Iscover"}]})
    found = screen(intake, PROCEDURES[KNEE], knowledge_base=narrow)
    assert codes(found) == ["UNRECOGNIZED_MEDICATION"]


def test_the_contract_example_gives_the_expected_flags():
    data = CONTRACT_EXAMPLE
    findings = screen(intake_from_dict(data), PROCEDURES[VERTEBRO])
    assert [(f.code, str(f.severity)) for f in findings] == [
        ("ANTICOAGULANT", "high"),
        ("CONTRAST_ALLERGY", "high"),
        ("BLEEDING_SUPPLEMENT", "moderate"),
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ([], "must be a JSON object"),
        ("vertebroplasty", "must be a JSON object"),
        ({}, "procedure must be"),
        ({"procedure": 3}, "procedure must be"),
        ({"procedure": ""}, "procedure must be"),
        ({"procedure": FACET, "spinal_level": "neck"}, "spinal_level"),
        ({"procedure": KNEE, "medications": "Eliquis"}, "medications must be a list"),
        ({"procedure": KNEE, "medications": ["Eliquis"]}, "medications[0] must be"),
        ({"procedure": KNEE, "medications": [{"dose": "5 mg"}]}, "medications[0].name"),
        ({"procedure": KNEE, "medications": [{"name": 5}]}, "medications[0].name"),
        ({"procedure": KNEE, "supplements": [{"name": "x", "dose": 5}]}, "dose"),
        (
            {"procedure": KNEE, "allergies": [{"substance": "x", "category": "dust"}]},
            "category",
        ),
        (
            {"procedure": KNEE, "allergies": [{"substance": "x", "severity": "bad"}]},
            "severity",
        ),
        ({"procedure": KNEE, "allergies": [{"reaction": "hives"}]}, "substance"),
        ({"procedure": KNEE, "answers": []}, "answers must be an object"),
        ({"procedure": KNEE, "answers": {"pregnant": True}}, "pregnant"),
        ({"procedure": KNEE, "answers": {"kidney_disease": "yes"}}, "kidney_disease"),
        ({"procedure": KNEE, "answers": {"has_escort": 1}}, "has_escort"),
        ({"procedure": KNEE, "answers": {"bleding_disorder": True}}, "unknown field"),
        ({"procedure": KNEE, "medicines": []}, "unknown field"),
    ],
)
def test_intake_from_dict_rejects_wrong_shapes(data, error):
    with pytest.raises(InvalidIntake) as raised:
        intake_from_dict(data)
    assert error in str(raised.value)
    assert "\n" not in str(raised.value)


def test_intake_from_dict_accepts_nulls_for_optional_fields():
    intake = intake_from_dict(
        {
            "procedure": KNEE,
            "spinal_level": None,
            "medications": None,
            "allergies": [{"substance": "latex", "category": None, "reaction": None}],
            "answers": {"pregnant": "no", "has_escort": None},
        }
    )
    assert intake.answers.has_escort is True
    assert intake.allergies[0].reaction == ""


def test_procedure_profile_is_built_from_exactly_the_clinical_attributes():
    profile = ProcedureProfile.from_attributes({"slug": KNEE, **ATTRIBUTES[KNEE]})
    assert profile.bleeding_tier() == "low"
    with pytest.raises(ValueError):
        ProcedureProfile.from_attributes({"slug": KNEE})
    with pytest.raises(ValueError):
        ProcedureProfile.from_attributes({"slug": KNEE, **ATTRIBUTES[KNEE], "x": 1})
    with pytest.raises(ValueError):
        ProcedureProfile.from_attributes(
            {"slug": KNEE, **ATTRIBUTES[KNEE], "sedation": "general"}
        )


@pytest.mark.parametrize(
    ("level", "tier", "beam_on_trunk"),
    [
        (None, "high", True),
        ("cervical", "high", False),
        ("thoracic", "low", True),
        ("lumbar", "low", True),
        ("sacral", "low", True),
    ],
)
def test_a_facet_injection_depends_on_the_spinal_level(level, tier, beam_on_trunk):
    facet = PROCEDURES[FACET]
    assert facet.bleeding_tier(level) == tier
    assert facet.beam_on_trunk_at(level) is beam_on_trunk


def test_the_level_does_not_change_other_procedures():
    assert PROCEDURES[KNEE].bleeding_tier("cervical") == "low"
    assert PROCEDURES[VERTEBRO].beam_on_trunk_at("cervical") is True


def test_finding_is_a_plain_frozen_dataclass():
    finding = Finding("NSAID", Severity.INFO, "m", "a", "s", "e")
    assert finding.as_dict()["severity"] == "info"


def test_the_engine_runs_without_django_settings():
    script = (
        "from intake.screening import *\n"
        "kb = load_knowledge_base(broad_names=False)\n"
        "attributes = dict(slug='x', bleeding_risk='high', sedation='iv',\n"
        "    depends_on_spinal_level=False, uses_contrast=True, uses_steroid=False,\n"
        "    uses_cement=True, uses_fluoroscopy=True, beam_on_trunk=True)\n"
        "meds = [{'name': 'Eliquis'}]\n"
        "intake = intake_from_dict({'procedure': 'x', 'medications': meds})\n"
        "finding, = screen(intake, ProcedureProfile.from_attributes(attributes),\n"
        "    knowledge_base=kb)\n"
        "print(finding.as_dict()['message'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert completed.stdout.startswith("Anticoagulant apixaban (Eliquis)")
