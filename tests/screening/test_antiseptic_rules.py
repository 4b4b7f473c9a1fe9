"""ANTISEPTIC_ALLERGY: povidone-iodine, chlorhexidine, or an antiseptic not named."""

import pytest

from .support import KNEE, SLUGS, VERTEBRO, codes, only, run, severity


@pytest.mark.parametrize(
    ("allergy", "expected"),
    [
        # povidone-iodine: moderate, whatever the reaction
        ({"substance": "Betadine"}, "moderate"),
        ({"substance": "Betadine", "reaction": "rash"}, "moderate"),
        ({"substance": "povidone-iodine", "severity": "severe"}, "moderate"),
        ({"substance": "iodine skin prep", "reaction": "blisters"}, "moderate"),
        ({"substance": "DuraPrep"}, "moderate"),
        ({"substance": "iodine", "reaction": "rash from the skin prep"}, "moderate"),
        ({"substance": "iodine", "reaction": "blisters after Betadine"}, "moderate"),
        (
            {"substance": "Betadine", "category": "iodinated_contrast"},
            "moderate",
        ),
        # chlorhexidine: high, critical after anaphylaxis
        ({"substance": "chlorhexidine"}, "high"),
        ({"substance": "Hibiclens", "reaction": "hives"}, "high"),
        ({"substance": "ChloraPrep", "severity": "severe"}, "high"),
        ({"substance": "CHG wipes", "reaction": "itchy rash"}, "high"),
        ({"substance": "chlorhexadine"}, "high"),
        ({"substance": "chlorhexidine", "severity": "anaphylaxis"}, "critical"),
        (
            {"substance": "Peridex mouthwash", "reaction": "throat swelling, epipen"},
            "critical",
        ),
        # an antiseptic not named: ask
        ({"substance": "skin prep", "reaction": "rash"}, "moderate"),
        ({"substance": "surgical scrub"}, "moderate"),
        # not an antiseptic allergy
        ({"substance": "iodine"}, None),
        ({"substance": "CT dye"}, None),
        ({"substance": "shellfish"}, None),
        ({"substance": "latex"}, None),
        ({"substance": "penicillin"}, None),
        ({"substance": "NKDA"}, None),
    ],
)
def test_antiseptic_allergy_severity(allergy, expected):
    assert severity(run(KNEE, allergies=[allergy]), "ANTISEPTIC_ALLERGY") == expected


@pytest.mark.parametrize("procedure", SLUGS)
def test_every_procedure_preps_the_skin(procedure):
    assert severity(run(procedure, allergies=["chlorhexidine"]), "ANTISEPTIC_ALLERGY")
    assert severity(run(procedure, allergies=["Betadine"]), "ANTISEPTIC_ALLERGY")


@pytest.mark.parametrize(
    "allergy",
    [
        {"substance": "Betadine", "reaction": "hives", "severity": "anaphylaxis"},
        {"substance": "povidone-iodine", "category": "iodinated_contrast"},
        {"substance": "chlorhexidine", "category": "iodinated_contrast"},
        {"substance": "skin prep", "category": "iodinated_contrast"},
        {"substance": "iodine", "reaction": "rash from the skin prep"},
    ],
)
def test_an_antiseptic_allergy_is_never_a_contrast_allergy(allergy):
    found = codes(run(VERTEBRO, allergies=[allergy]))
    assert "CONTRAST_ALLERGY" not in found
    assert "ANTISEPTIC_ALLERGY" in found


def test_a_povidone_iodine_reaction_says_to_prep_with_chlorhexidine():
    finding = only(run(VERTEBRO, allergies=["Betadine"]), "ANTISEPTIC_ALLERGY")
    assert "not an allergy to iodinated contrast" in str(finding.message)
    assert "chlorhexidine" in str(finding.action)
    assert "CLINICAL.md §2 ANTISEPTIC_ALLERGY" in finding.source
    assert finding.evidence == "Betadine"


def test_a_chlorhexidine_allergy_says_to_check_every_product_on_the_tray():
    allergy = {"substance": "Hibiclens", "reaction": "hives"}
    finding = only(run(KNEE, allergies=[allergy]), "ANTISEPTIC_ALLERGY")
    assert "anaphylaxis" in str(finding.message)
    assert "Hibiclens" in str(finding.message)
    assert "povidone-iodine or alcohol" in str(finding.action)
    assert "check every product on the tray" in str(finding.action)
    assert "MHRA" in finding.source
    assert finding.evidence == "Hibiclens, hives"


def test_an_unnamed_antiseptic_asks_which_one():
    finding = only(run(KNEE, allergies=["skin prep"]), "ANTISEPTIC_ALLERGY")
    assert "Ask which antiseptic" in str(finding.action)


def test_reactions_to_both_antiseptics_leave_alcohol_only():
    findings = run(KNEE, allergies=["Betadine", "chlorhexidine"])
    antiseptic = [f for f in findings if f.code == "ANTISEPTIC_ALLERGY"]
    assert [str(f.severity) for f in antiseptic] == ["high", "moderate"]
    assert all("alcohol only" in str(f.action) for f in antiseptic)


def test_one_entry_naming_both_antiseptics_gives_one_finding_each():
    findings = run(KNEE, allergies=["Betadine and chlorhexidine"])
    antiseptic = [f for f in findings if f.code == "ANTISEPTIC_ALLERGY"]
    assert len(antiseptic) == 2
    assert "betadine" in str(antiseptic[1].message).lower()
    assert "chlorhexidine" in str(antiseptic[0].message)
