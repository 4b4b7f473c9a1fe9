"""ANTICOAGULANT, ANTIPLATELET, MULTIPLE_ANTITHROMBOTICS and NSAID (SIR 2019)."""

import pytest

from .support import FACET, KNEE, SLUGS, VERTEBRO, codes, only, run, severity


@pytest.mark.parametrize(
    ("med", "procedure", "level", "expected"),
    [
        # warfarin: INR check before a knee injection, a 5-day hold before cement
        ("warfarin 5 mg daily", KNEE, None, "moderate"),
        ("Coumadin", VERTEBRO, None, "high"),
        ("warfrin", VERTEBRO, None, "high"),
        ("Jantoven", "hip-joint-injection", None, "moderate"),
        # DOACs, heparins, fondaparinux: nothing to hold at the low tier
        ("Eliquis 5 mg twice a day", KNEE, None, "info"),
        ("Eliquis 5 mg twice a day", VERTEBRO, None, "high"),
        ("elequis", VERTEBRO, None, "high"),
        ("xeralto", "upper-limb-joint-injection", None, "info"),
        ("Xarelto", VERTEBRO, None, "high"),
        ("Savaysa", VERTEBRO, None, "high"),
        ("Pradaxa", "sacroiliac-coccyx-injection", None, "info"),
        ("Lovenox 40 mg daily", VERTEBRO, None, "high"),
        ("Fragmin", KNEE, None, "info"),
        ("Arixtra", VERTEBRO, None, "high"),
        ("heparin injections at home", VERTEBRO, None, "high"),
        # facet injections: the tier depends on the spinal level
        ("Eliquis", FACET, "cervical", "high"),
        ("Eliquis", FACET, "lumbar", "info"),
        ("Eliquis", FACET, "thoracic", "info"),
        ("Eliquis", FACET, None, "high"),
        ("warfarin", FACET, "lumbar", "moderate"),
        ("warfarin", FACET, "cervical", "high"),
    ],
)
def test_anticoagulant_severity_by_procedure(med, procedure, level, expected):
    assert (
        severity(run(procedure, meds=[med], level=level), "ANTICOAGULANT") == expected
    )


@pytest.mark.parametrize(
    ("med", "procedure", "kidney", "words"),
    [
        ("Coumadin", VERTEBRO, False, "Withhold 5 days"),
        ("Coumadin", KNEE, False, "INR of 3.0 or less"),
        ("Eliquis", VERTEBRO, False, "Withhold 4 doses (2 days)"),
        ("Eliquis", VERTEBRO, True, "plan 6 doses (3 days)"),
        ("Xarelto", VERTEBRO, True, "3 days if CrCl is 15-29"),
        ("Pradaxa", VERTEBRO, True, "plan 3-4 days"),
        ("Arixtra", VERTEBRO, True, "plan 3-5 days"),
        ("Savaysa", VERTEBRO, True, "confirm CrCl"),
        ("Lovenox 40 mg once daily", VERTEBRO, False, "Prophylactic dose: withhold 1"),
        ("Lovenox 80 mg twice daily", VERTEBRO, False, "Therapeutic dose"),
        ("enoxaparin 1 mg/kg", VERTEBRO, False, "Therapeutic dose"),
        ("Fragmin 5,000 units", VERTEBRO, False, "Prophylactic dose"),
        ("Lovenox", VERTEBRO, False, "Dose not clear: ask"),
        ("heparin", VERTEBRO, False, "at least 6 hours"),
        ("Eliquis", KNEE, False, "Do not withhold"),
    ],
)
def test_anticoagulant_action_follows_the_drug_and_kidneys(
    med, procedure, kidney, words
):
    finding = only(run(procedure, meds=[med], kidney_disease=kidney), "ANTICOAGULANT")
    assert words in str(finding.action)


def test_a_hold_is_agreed_with_the_prescriber_never_left_to_the_patient():
    finding = only(run(VERTEBRO, meds=["Eliquis"]), "ANTICOAGULANT")
    assert "patient must not stop on their own" in str(finding.action)
    assert "apixaban (Eliquis)" in str(finding.message)
    assert "vertebroplasty" in str(finding.message)
    assert "high bleeding-risk" in str(finding.message)


def test_a_facet_injection_without_a_level_says_why_it_is_high_risk():
    finding = only(run(FACET, meds=["Eliquis"]), "ANTICOAGULANT")
    assert "no recorded spinal level" in str(finding.message)


@pytest.mark.parametrize(
    ("med", "procedure", "expected", "words"),
    [
        ("aspirin 81 mg", KNEE, "info", "Do not withhold"),
        ("baby aspirin", VERTEBRO, "high", "3-5 days"),
        ("asprin", VERTEBRO, "high", "3-5 days"),
        ("Ecotrin", VERTEBRO, "high", "3-5 days"),
        ("Excedrin Migraine", VERTEBRO, "high", "3-5 days"),
        ("Goody's Powder", VERTEBRO, "high", "3-5 days"),
        ("BC Powder", KNEE, "info", "Do not withhold"),
        ("Plavix 75 mg", VERTEBRO, "high", "Withhold 5 days"),
        ("plavics", VERTEBRO, "high", "Withhold 5 days"),
        ("Plavix", "sacroiliac-coccyx-injection", "info", "Do not withhold"),
        ("Plavix", FACET, "high", "Withhold 5 days"),
        ("Effient", VERTEBRO, "high", "Withhold 7 days"),
        ("Brilinta", VERTEBRO, "high", "Withhold 5 days"),
        ("Aggrenox", VERTEBRO, "high", "Withhold 3-5 days"),
        ("Persantine", VERTEBRO, "moderate", "Not in SIR's table"),
        ("Zontivity", VERTEBRO, "moderate", "Not in SIR's table"),
        ("Pletal", VERTEBRO, "info", "continuing cilostazol"),
        ("Pletal", KNEE, "info", "continuing cilostazol"),
    ],
)
def test_antiplatelet_severity_and_action(med, procedure, expected, words):
    finding = only(run(procedure, meds=[med]), "ANTIPLATELET")
    assert str(finding.severity) == expected
    assert words in str(finding.action)


@pytest.mark.parametrize(
    "med",
    [
        "Excedrin Tension Headache",
        "Tylenol",
        "acetaminophen 500",
        "Plavix, stopped 2021",
    ],
)
def test_antiplatelet_does_not_fire_without_aspirin_or_an_antiplatelet(med):
    assert "ANTIPLATELET" not in codes(run(VERTEBRO, meds=[med]))


def test_aspirin_with_dipyridamole_in_one_product_is_one_finding():
    finding = only(run(VERTEBRO, meds=["Aggrenox 25/200 twice daily"]), "ANTIPLATELET")
    assert "aspirin + dipyridamole (Aggrenox)" in str(finding.message)


@pytest.mark.parametrize(
    ("meds", "procedure", "expected"),
    [
        (["Eliquis", "Plavix"], VERTEBRO, "high"),
        (["Eliquis", "Plavix"], KNEE, "info"),
        (["aspirin 81", "Brilinta"], VERTEBRO, "high"),
        (["warfarin", "baby aspirin"], FACET, "high"),
        (["Xarelto", "Excedrin Migraine"], VERTEBRO, "high"),
        (["Eliquis", "Aggrenox"], VERTEBRO, "high"),
        (["Aggrenox"], VERTEBRO, None),
        (["Aggrenox", "aspirin"], VERTEBRO, None),
        (["Eliquis", "Eliquis 5 mg"], VERTEBRO, None),
        (["aspirin", "Pletal"], VERTEBRO, None),
        (["Eliquis", "Plavix, stopped 2021"], VERTEBRO, None),
        (["Eliquis", "ibuprofen"], VERTEBRO, None),
    ],
)
def test_multiple_antithrombotics(meds, procedure, expected):
    assert severity(run(procedure, meds=meds), "MULTIPLE_ANTITHROMBOTICS") == expected


def test_multiple_antithrombotics_sends_a_stent_patient_to_cardiology():
    finding = only(
        run(VERTEBRO, meds=["aspirin", "Plavix"]), "MULTIPLE_ANTITHROMBOTICS"
    )
    assert "cardiology" in str(finding.action)
    assert finding.evidence == "aspirin; Plavix"


@pytest.mark.parametrize(
    ("med", "procedure", "expected"),
    [
        ("ibuprofen 400 mg", VERTEBRO, "moderate"),
        ("ibuprofin", VERTEBRO, "moderate"),
        ("Advil", KNEE, "info"),
        ("Aleve", VERTEBRO, "moderate"),
        ("Naprosyn", FACET, "moderate"),
        ("Mobic 15 mg", VERTEBRO, "moderate"),
        ("meloxicam", "hip-joint-injection", "info"),
        ("Voltaren 50 mg", VERTEBRO, "moderate"),
        ("Toradol", VERTEBRO, "moderate"),
        ("indomethacin", VERTEBRO, "moderate"),
        ("nabumetone", VERTEBRO, "moderate"),
        ("oxaprozin", VERTEBRO, "moderate"),
        ("piroxicam", VERTEBRO, "moderate"),
        ("etodolac", VERTEBRO, "moderate"),
        ("Duexis", VERTEBRO, "moderate"),
        ("Vimovo", VERTEBRO, "moderate"),
        ("Arthrotec", VERTEBRO, "moderate"),
        ("Celebrex 200 mg", VERTEBRO, "info"),
        ("celecoxib", KNEE, None),
        ("Tylenol", VERTEBRO, None),
        ("acetaminophen", KNEE, None),
        ("aspirin", VERTEBRO, None),
        ("Voltaren gel", VERTEBRO, None),
        ("diclofenac topical gel", VERTEBRO, None),
    ],
)
def test_nsaid_severity_by_procedure(med, procedure, expected):
    assert severity(run(procedure, meds=[med]), "NSAID") == expected


@pytest.mark.parametrize("procedure", SLUGS)
def test_nothing_fires_for_an_empty_intake(procedure):
    assert run(procedure) == ()


# Combination products US pharmacies sell (ingredients from their DailyMed labels).
ANTITHROMBOTIC_CODES = {"ANTIPLATELET", "NSAID", "UNRECOGNIZED_MEDICATION"}


@pytest.mark.parametrize(
    ("med", "expected"),
    [
        # opioid (or butalbital, or a cold remedy) with acetaminophen: nothing
        ("Norco 10/325 every 6 hours as needed", set()),
        ("Vicodin ES", set()),
        ("Lortab", set()),
        ("Percocet 5/325", set()),
        ("Endocet", set()),
        ("oxycodone/APAP 5-325", set()),
        ("hydrocodone-acetaminophen 5/325 mg", set()),
        ("Ultracet", set()),
        ("Tylenol #3", set()),
        ("Tylenol with codeine", set()),
        ("Fioricet", set()),
        ("Tylenol PM", set()),
        ("NyQuil", set()),
        ("Midol Complete", set()),
        # opioid or decongestant with ibuprofen or naproxen: NSAID
        ("Vicoprofen", {"NSAID"}),
        ("hydrocodone/ibuprofen 7.5-200", {"NSAID"}),
        ("Reprexain", {"NSAID"}),
        ("Advil Cold & Sinus", {"NSAID"}),
        ("Advil PM", {"NSAID"}),
        ("Aleve PM", {"NSAID"}),
        ("Aleve-D Sinus & Cold", {"NSAID"}),
        ("Motrin PM", {"NSAID"}),
        ("Advil Dual Action", {"NSAID"}),
        ("Midol Extended Relief", {"NSAID"}),
        # aspirin combinations: ANTIPLATELET
        ("Goody's Extra Strength headache powder", {"ANTIPLATELET"}),
        ("BC powder", {"ANTIPLATELET"}),
        ("BC Arthritis", {"ANTIPLATELET"}),
        ("Excedrin Migraine", {"ANTIPLATELET"}),
        ("Excedrin PM Triple Action", {"ANTIPLATELET"}),
        ("Bayer PM", {"ANTIPLATELET"}),
        ("Bayer Back & Body", {"ANTIPLATELET"}),
        ("Alka-Seltzer Original", {"ANTIPLATELET"}),
        ("Alka-Seltzer PM", {"ANTIPLATELET"}),
        ("Anacin", {"ANTIPLATELET"}),
        ("Vanquish", {"ANTIPLATELET"}),
        ("Percodan", {"ANTIPLATELET"}),
        ("Fiorinal", {"ANTIPLATELET"}),
        ("Soma Compound", {"ANTIPLATELET"}),
        ("Norgesic Forte", {"ANTIPLATELET"}),
        # versions differ: ask which one
        ("Excedrin PM", {"UNRECOGNIZED_MEDICATION"}),
        ("Midol", {"UNRECOGNIZED_MEDICATION"}),
    ],
)
def test_combination_products_raise_the_codes_of_their_ingredients(med, expected):
    found = set(codes(run(VERTEBRO, meds=[med]))) & ANTITHROMBOTIC_CODES
    assert found == expected


def test_an_opioid_with_ibuprofen_names_the_nsaid_in_the_product():
    finding = only(run(VERTEBRO, meds=["Vicoprofen"]), "NSAID")
    assert "ibuprofen in Vicoprofen" in str(finding.message)
    assert str(finding.severity) == "moderate"


def test_a_pm_product_line_names_the_versions_with_aspirin():
    finding = only(run(VERTEBRO, meds=["Excedrin PM"]), "UNRECOGNIZED_MEDICATION")
    assert "Excedrin PM Triple Action, Excedrin PM Headache contain aspirin" in str(
        finding.message
    )
