"""LOCAL_ANESTHETIC_ALLERGY, SEDATION_ALLERGY, LATEX_ALLERGY, BONE_CEMENT_ALLERGY."""

import pytest

from .support import KNEE, SLUGS, VERTEBRO, codes, only, profile_with, run, severity


@pytest.mark.parametrize(
    ("allergy", "expected"),
    [
        # amides: the family every procedure uses
        ({"substance": "lidocaine"}, "high"),
        ({"substance": "lidocane"}, "high"),
        ({"substance": "Xylocaine", "reaction": "hives"}, "high"),
        ({"substance": "Marcaine"}, "high"),
        ({"substance": "bupivacaine", "severity": "severe"}, "high"),
        ({"substance": "Septocaine"}, "high"),
        ({"substance": "EMLA cream"}, "high"),
        ({"substance": "lidocaine", "severity": "anaphylaxis"}, "critical"),
        ({"substance": "lidocaine", "reaction": "throat closed up"}, "critical"),
        # esters do not cross-react with amides
        ({"substance": "Novocain"}, "moderate"),
        ({"substance": "novocaine"}, "moderate"),
        ({"substance": "novacaine", "severity": "anaphylaxis"}, "moderate"),
        ({"substance": "procaine"}, "moderate"),
        ({"substance": "benzocaine (Orajel)"}, "moderate"),
        ({"substance": "tetracaine"}, "moderate"),
        ({"substance": "Hurricaine spray"}, "moderate"),
        # unspecified: clarify
        ({"substance": "numbing medicine at the dentist"}, "moderate"),
        ({"substance": "dental anesthetic"}, "moderate"),
        ({"substance": "local anaesthetic"}, "moderate"),
        (
            {"substance": "the shot at the dentist", "category": "local_anesthetic"},
            "moderate",
        ),
        ({"substance": "lidocaine", "category": "local_anesthetic"}, "high"),
    ],
)
def test_local_anesthetic_allergy_severity(allergy, expected):
    findings = run(KNEE, allergies=[allergy])
    assert severity(findings, "LOCAL_ANESTHETIC_ALLERGY") == expected


@pytest.mark.parametrize("procedure", SLUGS)
def test_amide_allergy_is_high_before_every_procedure(procedure):
    findings = run(procedure, allergies=["lidocaine"])
    assert severity(findings, "LOCAL_ANESTHETIC_ALLERGY") == "high"


def test_ester_allergy_says_lidocaine_is_usually_usable():
    finding = only(run(KNEE, allergies=["Novocain"]), "LOCAL_ANESTHETIC_ALLERGY")
    assert "do not cross-react" in str(finding.message)
    assert "Lidocaine is usually usable" in str(finding.action)


@pytest.mark.parametrize(
    "allergy", ["penicillin", "codeine", "sulfa", "cocoa", "NKDA", "Betadine"]
)
def test_local_anesthetic_allergy_does_not_fire_for_other_allergies(allergy):
    assert "LOCAL_ANESTHETIC_ALLERGY" not in codes(run(KNEE, allergies=[allergy]))


@pytest.mark.parametrize(
    ("allergy", "procedure", "expected"),
    [
        ({"substance": "propofol"}, VERTEBRO, "moderate"),
        ({"substance": "Versed"}, VERTEBRO, "moderate"),
        ({"substance": "fentanyl", "severity": "anaphylaxis"}, VERTEBRO, "high"),
        (
            {"substance": "midazolam", "reaction": "anaphylactic shock"},
            VERTEBRO,
            "high",
        ),
        ({"substance": "general anesthesia"}, VERTEBRO, "moderate"),
        (
            {"substance": "being put under", "category": "general_anesthesia"},
            VERTEBRO,
            "moderate",
        ),
        ({"substance": "propofol"}, KNEE, "info"),
        ({"substance": "propofol", "severity": "anaphylaxis"}, KNEE, "info"),
        ({"substance": "local anesthesia"}, VERTEBRO, None),
    ],
)
def test_sedation_allergy_severity(allergy, procedure, expected):
    findings = run(procedure, allergies=[allergy])
    assert severity(findings, "SEDATION_ALLERGY") == expected


@pytest.mark.parametrize(
    ("answers", "procedure", "expected"),
    [
        ({"sedation_problems": True}, VERTEBRO, "moderate"),
        ({"sedation_problems": True}, KNEE, "info"),
        ({"malignant_hyperthermia": True}, VERTEBRO, "moderate"),
        ({"malignant_hyperthermia": True}, "hip-joint-injection", "info"),
        ({"sedation_problems": False, "malignant_hyperthermia": False}, VERTEBRO, None),
    ],
)
def test_sedation_problems_and_malignant_hyperthermia(answers, procedure, expected):
    assert severity(run(procedure, **answers), "SEDATION_ALLERGY") == expected


def test_malignant_hyperthermia_names_its_triggers_and_safe_drugs():
    finding = only(run(VERTEBRO, malignant_hyperthermia=True), "SEDATION_ALLERGY")
    assert "succinylcholine" in str(finding.message)
    assert "propofol are safe" in str(finding.message)


def test_malignant_hyperthermia_written_as_an_allergy_counts():
    findings = run(VERTEBRO, allergies=["malignant hyperthermia (my father)"])
    assert "succinylcholine" in str(only(findings, "SEDATION_ALLERGY").message)


@pytest.mark.parametrize("procedure", SLUGS)
@pytest.mark.parametrize(
    "allergy",
    [
        "latex",
        "Latex gloves",
        {"substance": "rubber gloves", "reaction": "rash"},
        {"substance": "gloves", "category": "latex"},
    ],
)
def test_latex_allergy_is_moderate_everywhere(procedure, allergy):
    assert severity(run(procedure, allergies=[allergy]), "LATEX_ALLERGY") == "moderate"


@pytest.mark.parametrize(
    ("allergy", "procedure", "expected"),
    [
        ("bone cement", VERTEBRO, "critical"),
        ("PMMA", VERTEBRO, "critical"),
        ("acrylic nails", VERTEBRO, "critical"),
        ("methyl methacrylate", VERTEBRO, "critical"),
        ("bone cement", KNEE, None),
        ("bone cement", profile_with(uses_cement=True), "critical"),
        ("latex", VERTEBRO, None),
    ],
)
def test_bone_cement_allergy(allergy, procedure, expected):
    findings = run(procedure, allergies=[allergy])
    assert severity(findings, "BONE_CEMENT_ALLERGY") == expected
