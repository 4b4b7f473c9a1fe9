"""ACTIVE_INFECTION, PREGNANCY, DIABETES_STEROID and UNRECOGNIZED_MEDICATION."""

import pytest

from .support import (
    FACET,
    KNEE,
    SLUGS,
    VERTEBRO,
    codes,
    only,
    profile_with,
    run,
    severity,
)

INJECTIONS = [slug for slug in SLUGS if slug != VERTEBRO]


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [(VERTEBRO, "critical"), *((slug, "high") for slug in INJECTIONS)],
)
def test_active_infection_severity_by_procedure(procedure, expected):
    findings = run(procedure, fever_or_infection=True)
    assert severity(findings, "ACTIVE_INFECTION") == expected


def test_active_infection_does_not_fire_when_answered_no():
    assert codes(run(VERTEBRO, fever_or_infection=False)) == []


@pytest.mark.parametrize(
    ("procedure", "level", "pregnant", "expected"),
    [
        (VERTEBRO, None, "yes", "critical"),
        (VERTEBRO, None, "unsure", "critical"),
        ("hip-joint-injection", None, "yes", "critical"),
        ("sacroiliac-coccyx-injection", None, "unsure", "critical"),
        (FACET, "lumbar", "yes", "critical"),
        (FACET, "thoracic", "yes", "critical"),
        (FACET, None, "yes", "critical"),
        (FACET, "cervical", "yes", "moderate"),
        ("upper-limb-joint-injection", None, "yes", "moderate"),
        (KNEE, None, "unsure", "moderate"),
        (KNEE, None, "no", None),
        (VERTEBRO, None, "no", None),
        (profile_with(uses_fluoroscopy=False), None, "yes", None),
    ],
)
def test_pregnancy_severity_by_where_the_beam_goes(
    procedure, level, pregnant, expected
):
    findings = run(procedure, level=level, pregnant=pregnant)
    assert severity(findings, "PREGNANCY") == expected


@pytest.mark.parametrize(
    ("procedure", "answers", "meds", "expected"),
    [
        (KNEE, {"diabetes": True}, [], "info"),
        (FACET, {"diabetes": True}, [], "info"),
        (KNEE, {"diabetes": True, "diabetes_poorly_controlled": True}, [], "moderate"),
        (KNEE, {}, ["metformin 500 mg"], "info"),
        (KNEE, {}, ["Lantus"], "info"),
        (KNEE, {}, ["Januvia"], "info"),
        (KNEE, {}, ["Ozempic"], "info"),
        (KNEE, {}, ["Janumet"], "info"),
        (KNEE, {}, ["Tylenol"], None),
        (KNEE, {}, [], None),
        (VERTEBRO, {"diabetes": True}, ["metformin"], None),
    ],
)
def test_diabetes_steroid(procedure, answers, meds, expected):
    findings = run(procedure, meds=meds, **answers)
    assert severity(findings, "DIABETES_STEROID") == expected


def test_diabetes_steroid_warns_of_one_to_three_days_of_high_sugar():
    finding = only(run(KNEE, diabetes=True), "DIABETES_STEROID")
    assert "1-3 days" in str(finding.message)


@pytest.mark.parametrize(
    ("meds", "supplements", "expected"),
    [
        (["zorbaxil 10 mg"], [], 1),
        (["blood thinner"], [], 1),
        (["water pill"], [], 1),
        (["heart pill"], [], 1),
        (["Excedrin"], [], 1),
        (["Excedrin PM"], [], 1),
        (["5 mg twice a day"], [], 1),
        ([], ["some herbal tea my aunt makes"], 1),
        ([], ["Chinese herbs"], 1),
        (["blood thinner", "quuxoprine", "Eliquis"], [], 2),
        (["none"], ["n/a"], 0),
        (["NKDA"], [""], 0),
        (["Plavix, stopped 2021"], [], 0),
        (["lisinopril 10 mg"], ["vitamin D"], 0),
        (["Excedrin Migraine"], [], 0),
        (["Eliquis 5 mg twice a day"], [], 0),
        (["Lovenox 40mg shot every morning (after hip surgery)"], [], 0),
        (["Excedrin Migraine, 2 when I get a migraine"], [], 0),
        (["Advil, for my back"], ["fish oil (for my heart)"], 0),
        (["Eliquis for afib and zorbaxil"], [], 1),
    ],
)
def test_unrecognized_medication_counts(meds, supplements, expected):
    findings = run(KNEE, meds=meds, supplements=supplements)
    assert codes(findings).count("UNRECOGNIZED_MEDICATION") == expected
    for finding in findings:
        if finding.code == "UNRECOGNIZED_MEDICATION":
            assert str(finding.severity) == "moderate"


def test_a_bare_excedrin_asks_which_version():
    finding = only(run(VERTEBRO, meds=["Excedrin"]), "UNRECOGNIZED_MEDICATION")
    assert "Ask which version" in str(finding.action)
    assert "Excedrin Migraine" in str(finding.message)
    assert "ANTIPLATELET" not in codes(run(VERTEBRO, meds=["Excedrin"]))


def test_a_vague_blood_thinner_says_it_may_need_a_hold():
    finding = only(run(VERTEBRO, meds=["blood thinner"]), "UNRECOGNIZED_MEDICATION")
    assert "anticoagulant or antiplatelet" in str(finding.message)
    assert finding.evidence == "blood thinner"


def test_an_unknown_entry_quotes_the_words_it_could_not_place():
    finding = only(run(KNEE, meds=["zorbaxil 10 mg"]), "UNRECOGNIZED_MEDICATION")
    assert "“zorbaxil”" in str(finding.message)
    assert finding.evidence == "zorbaxil 10 mg"
