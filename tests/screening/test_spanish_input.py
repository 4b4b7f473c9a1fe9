"""What Spanish-speaking patients type is read like the English (issue 12)."""

import pytest

from intake.screening.answers import MedicationEntry
from intake.screening.medications import read_entry

from .support import KNEE, VERTEBRO, codes, run, severity


def generics(kb, name, **fields):
    reading = read_entry(MedicationEntry(name=name, **fields), kb)
    return {generic for match in reading.drugs for generic in match.record.generics}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("aspirina", {"aspirin"}),
        ("Aspirina infantil 81 mg una vez al día", {"aspirin"}),
        ("ácido acetilsalicílico", {"aspirin"}),
        ("warfarina 5 mg diario", {"warfarin"}),
        ("Warfarina sódica", {"warfarin"}),
        ("ibuprofeno 400 mg cuando lo necesito", {"ibuprofen"}),
        ("Ibuprofeno si es necesario", {"ibuprofen"}),
        ("naproxeno dos veces al día", {"naproxen"}),
        ("heparina inyección", {"heparin"}),
        ("metformina 500 mg con la cena", {"metformin"}),
        ("acetaminofén para el dolor de espalda", {"acetaminophen"}),
        ("Eliquis 5 mg dos veces al día", {"apixaban"}),
        ("Plavix y aspirina", {"clopidogrel", "aspirin"}),
        # misspellings, as patients type them
        ("aspirna", {"aspirin"}),
        ("warfarine", {"warfarin"}),
        ("ibuprofeno", {"ibuprofen"}),
    ],
)
def test_it_reads_spanish_drug_names(kb, typed, expected):
    assert generics(kb, typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "ibuprofeno 400 mg cuando lo necesito",
        "aspirina 81 mg por la mañana",
        "Eliquis 5 mg dos veces al día con comida",
        "warfarina 5 mg cada noche",
    ],
)
def test_spanish_doses_and_times_are_not_unknown_words(kb, typed):
    reading = read_entry(MedicationEntry(name=typed), kb)

    assert reading.status == "current"
    assert reading.unknown_words == ()
    assert not reading.unrecognized


@pytest.mark.parametrize(
    "typed",
    [
        "Plavix, dejé de tomar en 2021",
        "warfarina - ya no tomo",
        "aspirina (suspendido)",
        "Eliquis, ya no lo tomo",
        "Coumadin, lo dejé hace un año",
    ],
)
def test_it_reads_spanish_stopped_medications_as_not_current(kb, typed):
    assert read_entry(MedicationEntry(name=typed), kb).status == "stopped"


@pytest.mark.parametrize("typed", ["ninguno", "Nada", "ningún medicamento"])
def test_it_reads_spanish_none_as_no_entry(kb, typed):
    assert read_entry(MedicationEntry(name=typed), kb).status == "blank"


@pytest.mark.parametrize(
    "typed",
    [
        "aceite de pescado",
        "Aceite de pescado 1000 mg",
        "ajo",
        "pastillas de ajo",
        "jengibre",
        "cúrcuma",
        "curcuma en cápsulas",
        "vitamina E",
    ],
)
def test_it_flags_spanish_bleeding_supplements(typed):
    assert "BLEEDING_SUPPLEMENT" in codes(run(VERTEBRO, supplements=[typed]))


@pytest.mark.parametrize(
    ("meds", "code"),
    [
        (["aspirina 81 mg"], "ANTIPLATELET"),
        (["warfarina 5 mg"], "ANTICOAGULANT"),
        (["ibuprofeno 600 mg tres veces al día"], "NSAID"),
    ],
)
def test_spanish_drug_names_raise_the_english_flags(meds, code):
    assert code in codes(run(VERTEBRO, meds=meds))


def test_a_stopped_spanish_drug_raises_nothing():
    assert "ANTICOAGULANT" not in codes(run(VERTEBRO, meds=["warfarina, ya no tomo"]))


@pytest.mark.parametrize(
    ("substance", "code"),
    [
        ("contraste", "CONTRAST_ALLERGY"),
        ("medio de contraste", "CONTRAST_ALLERGY"),
        ("lidocaína", "LOCAL_ANESTHETIC_ALLERGY"),
        ("Lidocaina", "LOCAL_ANESTHETIC_ALLERGY"),
        ("novocaína", "LOCAL_ANESTHETIC_ALLERGY"),
        ("anestesia local", "LOCAL_ANESTHETIC_ALLERGY"),
        ("látex", "LATEX_ALLERGY"),
        ("guantes de hule", "LATEX_ALLERGY"),
        ("anestesia general", "SEDATION_ALLERGY"),
    ],
)
def test_it_classifies_spanish_allergy_words(substance, code):
    assert code in codes(run(VERTEBRO, allergies=[substance]))


def test_an_unexplained_spanish_iodine_allergy_is_clarified_not_contrast():
    findings = run(VERTEBRO, allergies=["yodo"])

    assert severity(findings, "CONTRAST_ALLERGY") == "moderate"


@pytest.mark.parametrize("substance", ["mariscos", "camarones", "pescado", "Mariscos"])
def test_a_spanish_seafood_allergy_is_not_a_contrast_allergy(substance):
    findings = run(VERTEBRO, allergies=[substance])

    assert "CONTRAST_ALLERGY" not in codes(findings)


def test_a_spanish_contrast_allergy_is_flagged_only_when_contrast_is_used():
    assert "CONTRAST_ALLERGY" in codes(run(KNEE, allergies=["contraste"]))
