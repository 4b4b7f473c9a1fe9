"""CONTRAST_ALLERGY, METFORMIN_CONTRAST and KIDNEY_DISEASE (ACR Manual on Contrast)."""

import pytest

from .support import KNEE, VERTEBRO, codes, only, profile_with, run, severity


def contrast(*allergies, procedure=VERTEBRO):
    return severity(run(procedure, allergies=allergies), "CONTRAST_ALLERGY")


@pytest.mark.parametrize(
    ("allergy", "expected"),
    [
        (
            {
                "substance": "CT dye",
                "category": "iodinated_contrast",
                "reaction": "hives",
                "severity": "moderate",
            },
            "high",
        ),
        (
            {"substance": "CT dye", "severity": "mild", "reaction": "itching"},
            "moderate",
        ),
        ({"substance": "x-ray dye", "reaction": "a few hives"}, "moderate"),
        ({"substance": "Omnipaque"}, "high"),
        ({"substance": "IV contrast", "reaction": "wheezing, treated"}, "high"),
        ({"substance": "Isovue", "reaction": "throat swelling"}, "critical"),
        ({"substance": "Visipaque", "severity": "anaphylaxis"}, "critical"),
        ({"substance": "contrast", "severity": "severe"}, "critical"),
        (
            {"substance": "Ultravist", "reaction": "low blood pressure, epinephrine"},
            "critical",
        ),
        (
            {"substance": "Optiray", "severity": "mild", "reaction": "anaphylaxis"},
            "critical",
        ),
        (
            {"substance": "dye from my heart cath", "category": "iodinated_contrast"},
            "high",
        ),
        ({"substance": "iodine", "category": "iodinated_contrast"}, "high"),
        ({"substance": "iodine", "reaction": "hives after a CT scan"}, "high"),
        # an unexplained iodine allergy is clarified, never treated as contrast
        ({"substance": "iodine"}, "moderate"),
        ({"substance": "Iodine", "severity": "severe"}, "moderate"),
    ],
)
def test_contrast_allergy_severity(allergy, expected):
    assert contrast(allergy) == expected


@pytest.mark.parametrize(
    "allergy",
    [
        {"substance": "shellfish", "severity": "anaphylaxis"},
        {"substance": "seafood", "reaction": "throat swelling"},
        {"substance": "shrimp"},
        {"substance": "iodine (shellfish)"},
        {"substance": "shellfish", "category": "iodinated_contrast"},
        {"substance": "Betadine", "reaction": "rash"},
        {"substance": "povidone-iodine"},
        {"substance": "iodine skin prep", "reaction": "blisters"},
        {"substance": "gadolinium", "reaction": "hives"},
        {"substance": "MRI contrast", "category": "iodinated_contrast"},
        {"substance": "Gadavist"},
        {"substance": "CT dye", "reaction": "felt warm"},
        {"substance": "contrast", "reaction": "nausea and a metallic taste"},
        {"substance": "Omnipaque", "reaction": "felt hot and flushed"},
        {"substance": "NKDA"},
        {"substance": "penicillin", "reaction": "hives"},
    ],
)
def test_contrast_allergy_does_not_fire_for_what_is_not_a_contrast_allergy(allergy):
    assert contrast(allergy) is None


def test_contrast_allergy_is_a_note_when_the_procedure_uses_no_contrast():
    no_contrast = profile_with(uses_contrast=False)
    assert contrast({"substance": "CT dye"}, procedure=no_contrast) == "info"
    assert contrast({"substance": "iodine"}, procedure=no_contrast) == "info"


def test_contrast_allergy_recommends_the_acr_choices():
    finding = only(run(VERTEBRO, allergies=["CT dye"]), "CONTRAST_ALLERGY")
    assert "premedication" in str(finding.action)
    assert "CT dye" in str(finding.message)
    assert finding.evidence == "CT dye"


def test_an_unexplained_iodine_allergy_asks_what_happened():
    finding = only(run(VERTEBRO, allergies=["iodine"]), "CONTRAST_ALLERGY")
    assert "Betadine" in str(finding.action)
    assert "seafood" in str(finding.action)


@pytest.mark.parametrize(
    ("med", "kidney", "expected"),
    [
        ("metformin 500 mg BID", True, "moderate"),
        ("metformin 500 mg BID", False, "info"),
        ("metformine", True, "moderate"),
        ("Glucophage XR", False, "info"),
        ("Janumet", True, "moderate"),
        ("Jentadueto", True, "moderate"),
        ("Kazano", True, "moderate"),
        ("Kombiglyze XR", True, "moderate"),
        ("Actoplus Met", True, "moderate"),
        ("Glucovance", True, "moderate"),
        ("Synjardy", True, "moderate"),
        ("Xigduo XR", False, "info"),
        ("Invokamet", True, "moderate"),
        ("Segluromet", True, "moderate"),
        ("Trijardy XR", True, "moderate"),
        ("Januvia", True, None),
        ("Jardiance", True, None),
        ("metformin, stopped last year", True, None),
    ],
)
def test_metformin_contrast(med, kidney, expected):
    findings = run(VERTEBRO, meds=[med], kidney_disease=kidney)
    assert severity(findings, "METFORMIN_CONTRAST") == expected


def test_metformin_contrast_needs_contrast():
    findings = run(profile_with(uses_contrast=False), meds=["metformin"])
    assert "METFORMIN_CONTRAST" not in codes(findings)


def test_metformin_with_kidney_disease_is_held_48_hours_after_contrast():
    findings = run(KNEE, meds=["Janumet"], kidney_disease=True)
    assert "48 hours" in str(only(findings, "METFORMIN_CONTRAST").action)


@pytest.mark.parametrize(
    ("procedure", "meds", "expected"),
    [
        (VERTEBRO, [], "moderate"),
        (KNEE, [], "moderate"),
        (profile_with(uses_contrast=False), ["Eliquis"], "moderate"),
        (profile_with(uses_contrast=False), ["Pradaxa"], "moderate"),
        (profile_with(uses_contrast=False), ["Lovenox"], "moderate"),
        (profile_with(uses_contrast=False), ["warfarin"], None),
        (profile_with(uses_contrast=False), ["aspirin"], None),
        (profile_with(uses_contrast=False), [], None),
    ],
)
def test_kidney_disease(procedure, meds, expected):
    findings = run(procedure, meds=meds, kidney_disease=True)
    assert severity(findings, "KIDNEY_DISEASE") == expected


def test_kidney_disease_does_not_fire_when_answered_no():
    assert "KIDNEY_DISEASE" not in codes(run(VERTEBRO, meds=["Eliquis"]))


def test_kidney_disease_extends_the_hold_of_a_kidney_cleared_anticoagulant():
    findings = run(VERTEBRO, meds=["Eliquis"], kidney_disease=True)
    assert "apixaban (Eliquis)" in str(only(findings, "KIDNEY_DISEASE").message)
    assert "6 doses (3 days)" in str(only(findings, "ANTICOAGULANT").action)
