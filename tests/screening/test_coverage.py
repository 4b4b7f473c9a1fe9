"""Coverage: the most prescribed U.S. drugs are recognised; harmless ones stay silent.

The list (tests/screening/data/top_us_drugs.txt) follows the ClinCalc DrugStats Top
300 of 2022; its header cites it. Every generic and brand name on it is read as one
medication entry.
"""

from pathlib import Path

from intake.screening.answers import MedicationEntry
from intake.screening.medications import read_entry

from .support import VERTEBRO, codes, run

TOP_DRUGS = Path(__file__).parent / "data" / "top_us_drugs.txt"
# Names the engine asks about on purpose; the closing note lists each one and why.
NOT_PLACED = {
    # An organ, not a product: levothyroxine or desiccated thyroid? (vague, asked)
    "thyroid",
}


def _names():
    for line in TOP_DRUGS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield from (name.strip() for name in line.split("|"))


NAMES = tuple(_names())


def _reading(kb, name):
    return read_entry(MedicationEntry(name=name), kb)


def _classes(kb, reading):
    return {
        c for m in reading.drugs for g in m.record.generics for c in kb.classes_of(g)
    }


def test_at_least_99_percent_of_the_most_prescribed_drugs_are_recognised(kb):
    missed = [name for name in NAMES if _reading(kb, name).unrecognized]
    assert len(NAMES) >= 600
    assert (len(NAMES) - len(missed)) / len(NAMES) >= 0.99, missed
    assert set(missed) == NOT_PLACED


def test_the_most_prescribed_drugs_are_read_by_name_not_by_spelling(kb):
    corrected = {
        name: [m.record.display for m in _reading(kb, name).matches]
        for name in NAMES
        if any(m.how == "fuzzy" for m in _reading(kb, name).matches)
    }
    assert corrected == {}


def test_recognised_drugs_with_no_class_raise_nothing(kb):
    harmless, noisy = 0, {}
    for name in NAMES:
        reading = _reading(kb, name)
        if reading.unrecognized or _classes(kb, reading):
            continue
        harmless += 1
        if found := codes(run(VERTEBRO, meds=[name])):
            noisy[name] = found
    assert noisy == {}
    assert harmless > 500


def test_classed_drugs_on_the_list_keep_their_class(kb):
    expected = {
        "Eliquis": {"anticoagulant", "kidney_cleared"},
        "Plavix": {"antiplatelet"},
        "aspirin": {"antiplatelet"},
        "meloxicam": {"nsaid"},
        "Celebrex": {"cox2"},
        "Ozempic": {"glp1", "diabetes_drug"},
        "Jardiance": {"sglt2", "diabetes_drug"},
        "Janumet": {"metformin", "diabetes_drug"},
        "Norco": set(),
        "Percocet": set(),
    }
    for name, classes in expected.items():
        assert name in NAMES
        assert _classes(kb, _reading(kb, name)) == classes, name
