"""GLP1_SEDATION, SGLT2_SEDATION, DIABETES_FASTING, SLEEP_APNEA_SEDATION, NO_ESCORT."""

import pytest

from .support import FACET, KNEE, SLUGS, VERTEBRO, only, run, severity

LOCAL_ONLY = [slug for slug in SLUGS if slug != VERTEBRO]


@pytest.mark.parametrize(
    "med",
    [
        "Ozempic 1 mg weekly",
        "Wegovy",
        "Rybelsus",
        "semaglutide",
        "Mounjaro",
        "Zepbound",
        "tirzepatide",
        "Trulicity",
        "Victoza",
        "Saxenda",
        "Byetta",
        "Bydureon",
        "exenatide",
        "Soliqua",
        "Xultophy",
    ],
)
def test_glp1_fires_before_sedation(med):
    assert severity(run(VERTEBRO, meds=[med]), "GLP1_SEDATION") == "moderate"


@pytest.mark.parametrize("procedure", LOCAL_ONLY)
def test_glp1_is_silent_for_local_only_procedures(procedure):
    assert severity(run(procedure, meds=["Ozempic"]), "GLP1_SEDATION") is None


@pytest.mark.parametrize(
    ("med", "days"),
    [
        ("Jardiance", "3 days"),
        ("Farxiga", "3 days"),
        ("Invokana", "3 days"),
        ("Steglatro", "4 days"),
        ("ertugliflozin", "4 days"),
        ("Synjardy", "3 days"),
        ("Xigduo XR", "3 days"),
        ("Glyxambi", "3 days"),
        ("Invokamet", "3 days"),
        ("Segluromet", "4 days"),
    ],
)
def test_sglt2_fires_before_sedation_with_the_label_interval(med, days):
    finding = only(run(VERTEBRO, meds=[med]), "SGLT2_SEDATION")
    assert str(finding.severity) == "moderate"
    assert days in str(finding.action)


@pytest.mark.parametrize("procedure", LOCAL_ONLY)
def test_sglt2_is_silent_for_local_only_procedures(procedure):
    assert severity(run(procedure, meds=["Jardiance"]), "SGLT2_SEDATION") is None


@pytest.mark.parametrize(
    ("med", "expected"),
    [
        ("Lantus 20 units at night", "moderate"),
        ("insulin", "moderate"),
        ("Humalog sliding scale", "moderate"),
        ("Novolog", "moderate"),
        ("Tresiba", "moderate"),
        ("glipizide 5 mg", "moderate"),
        ("Amaryl", "moderate"),
        ("glyburide", "moderate"),
        ("Glucovance", "moderate"),
        ("repaglinide", "moderate"),
        ("Starlix", "moderate"),
        ("metformin", None),
        ("Januvia", None),
    ],
)
def test_diabetes_fasting_before_sedation(med, expected):
    assert severity(run(VERTEBRO, meds=[med]), "DIABETES_FASTING") == expected


@pytest.mark.parametrize("procedure", LOCAL_ONLY)
def test_diabetes_fasting_is_silent_for_local_only_procedures(procedure):
    assert severity(run(procedure, meds=["Lantus"]), "DIABETES_FASTING") is None


@pytest.mark.parametrize(
    ("procedure", "apnea", "expected"),
    [
        (VERTEBRO, True, "moderate"),
        (VERTEBRO, False, None),
        (KNEE, True, None),
        (FACET, True, None),
    ],
)
def test_sleep_apnea_sedation(procedure, apnea, expected):
    findings = run(procedure, sleep_apnea=apnea)
    assert severity(findings, "SLEEP_APNEA_SEDATION") == expected


def test_sleep_apnea_asks_for_the_cpap():
    findings = run(VERTEBRO, sleep_apnea=True)
    assert "CPAP" in str(only(findings, "SLEEP_APNEA_SEDATION").action)


@pytest.mark.parametrize(
    ("procedure", "escort", "expected"),
    [
        (VERTEBRO, False, "high"),
        (VERTEBRO, True, None),
        (KNEE, False, "info"),
        (FACET, False, "info"),
        ("hip-joint-injection", True, None),
    ],
)
def test_no_escort(procedure, escort, expected):
    assert severity(run(procedure, has_escort=escort), "NO_ESCORT") == expected


def test_no_escort_after_sedation_says_a_taxi_alone_does_not_count():
    finding = only(run(VERTEBRO, has_escort=False), "NO_ESCORT")
    assert "taxi or bus alone does not count" in str(finding.action)
