"""Reading what patients type on a medication or supplement line."""

import pytest

from intake.screening.answers import MedicationEntry
from intake.screening.medications import read_entry


def generics(kb, name, **fields):
    reading = read_entry(MedicationEntry(name=name, **fields), kb)
    return {generic for match in reading.drugs for generic in match.record.generics}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # generics and brands, any case, with doses and frequencies
        ("warfarin", {"warfarin"}),
        ("Coumadin 5mg", {"warfarin"}),
        ("JANTOVEN", {"warfarin"}),
        ("Eliquis 5 mg twice a day", {"apixaban"}),
        ("Xarelto 20 mg daily with supper", {"rivaroxaban"}),
        ("Lovenox 40 mg injection once daily", {"enoxaparin"}),
        ("Plavix 75mg QD", {"clopidogrel"}),
        ("baby aspirin", {"aspirin"}),
        ("ASA 81 mg", {"aspirin"}),
        ("St. Joseph 81mg chewable", {"aspirin"}),
        ("Bayer", {"aspirin"}),
        ("Advil 200mg PRN", {"ibuprofen"}),
        ("Tylenol Extra Strength", {"acetaminophen"}),
        ("Jantoven (warfarin)", {"warfarin"}),
        # misspellings
        ("warfrin", {"warfarin"}),
        ("elequis 5mg", {"apixaban"}),
        ("xeralto", {"rivaroxaban"}),
        ("zarelto", {"rivaroxaban"}),
        ("plavics", {"clopidogrel"}),
        ("asprin 81", {"aspirin"}),
        ("ibuprofin as needed", {"ibuprofen"}),
        ("metformine 500 mg BID", {"metformin"}),
        ("tumeric", {"turmeric"}),
        # combination products keep every component
        ("Janumet", {"sitagliptin", "metformin"}),
        ("Janumet XR 50/1000", {"sitagliptin", "metformin"}),
        ("Aggrenox 25/200 BID", {"aspirin", "dipyridamole"}),
        ("Xigduo XR", {"dapagliflozin", "metformin"}),
        ("Synjardy", {"empagliflozin", "metformin"}),
        ("Excedrin Migraine", {"aspirin", "acetaminophen", "caffeine"}),
        ("Excedrin Tension Headache", {"acetaminophen", "caffeine"}),
        ("Goody's Powder", {"aspirin", "acetaminophen", "caffeine"}),
        ("Alka-Seltzer Original", {"aspirin"}),
        ("Vimovo", {"naproxen", "esomeprazole"}),
        ("Januvia", {"sitagliptin"}),
        ("Norco 10/325", {"hydrocodone", "acetaminophen"}),
        ("Percocet 5/325 after surgery", {"oxycodone", "acetaminophen"}),
        ("Tylenol #3", {"codeine", "acetaminophen"}),
        ("Ultracet", {"tramadol", "acetaminophen"}),
        ("Vicoprofen", {"hydrocodone", "ibuprofen"}),
        ("Advil Cold & Sinus", {"ibuprofen", "pseudoephedrine"}),
        ("Aleve-D", {"naproxen", "pseudoephedrine"}),
        ("Bayer PM", {"aspirin", "diphenhydramine"}),
        (
            "Excedrin PM Triple Action",
            {"aspirin", "acetaminophen", "diphenhydramine"},
        ),
        ("Fiorinal", {"butalbital", "aspirin", "caffeine"}),
        # supplements
        ("fish oil 1000 mg", {"fish oil"}),
        ("Omega-3", {"fish oil"}),
        ("vitamin E 400 IU", {"vitamin e"}),
        ("St John's Wort", {"St John's wort"}),
        ("vitamin D3 2000 IU", {"vitamin D"}),
        # broad name table: foreign brands of classed drugs, unclassed drugs
        ("Iscover", {"clopidogrel"}),
        ("Brufen 400", {"ibuprofen"}),
        ("Lisinopril 10 mg daily", {"lisinopril"}),
        ("atorvastatin 40mg at night", {"atorvastatin"}),
    ],
)
def test_it_recognises_names_as_patients_type_them(kb, typed, expected):
    assert generics(kb, typed) == expected


@pytest.mark.parametrize(
    "word",
    [
        "twice",
        "daily",
        "mg",
        "ER",
        "XR",
        "tablet",
        "tablets",
        "units",
        "bedtime",
        "morning",
        "capsule",
        "weekly",
        "injection",
        "extended release",
        "as needed",
    ],
)
def test_it_never_reads_dose_unit_or_frequency_words_as_drugs(kb, word):
    assert generics(kb, word) == set()
    assert generics(kb, f"Eliquis {word}") == {"apixaban"}


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "  ",
        "none",
        "None",
        "NKDA",
        "NKA",
        "n/a",
        "N/A",
        "no",
        "nothing",
        "No medications",
    ],
)
def test_it_reads_none_and_blanks_as_no_entry(kb, typed):
    assert read_entry(MedicationEntry(name=typed), kb).status == "blank"


@pytest.mark.parametrize(
    "entry",
    [
        MedicationEntry(name="Plavix, stopped 2021"),
        MedicationEntry(name="warfarin - no longer taking"),
        MedicationEntry(name="used to take Eliquis"),
        MedicationEntry(name="Plavix", last_dose="stopped in 2021"),
        MedicationEntry(name="aspirin (discontinued)"),
    ],
)
def test_it_reads_stopped_medications_as_not_current(kb, entry):
    assert read_entry(entry, kb).status == "stopped"


@pytest.mark.parametrize(
    "typed", ["Eliquis, had a clot in the past", "aspirin; quit smoking last year"]
)
def test_it_keeps_current_medications_that_mention_the_past(kb, typed):
    assert read_entry(MedicationEntry(name=typed), kb).status == "current"


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("blood thinner", "vague"),
        ("water pill", "vague"),
        ("heart pill", "vague"),
        ("my diabetes medicine", "vague"),
        ("Excedrin", "product line"),
        ("Excedrin PM", "product line"),
        ("Alka-Seltzer", "product line"),
        ("zorbaxil 10 mg", "unknown"),
        ("5 mg", "unknown"),
        ("Eliquis; quuxoprine", "unknown"),
    ],
)
def test_it_marks_entries_it_cannot_place(kb, typed, why):
    reading = read_entry(MedicationEntry(name=typed), kb)
    assert reading.unrecognized, why


@pytest.mark.parametrize(
    "typed",
    [
        "Eliquis 5 mg for afib",
        "water pill (furosemide)",
        "Eliquis, for my heart",
        "blood thinner: Xarelto",
        "metoprolol succinate ER",
    ],
)
def test_it_accepts_recognised_entries_with_extra_words(kb, typed):
    assert not read_entry(MedicationEntry(name=typed), kb).unrecognized


# Clauses saying why, when or how a drug is taken are context, not medications.
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Lovenox 40mg shot every morning (after hip surgery)", {"enoxaparin"}),
        (
            "Excedrin Migraine, 2 when I get a migraine",
            {"aspirin", "acetaminophen", "caffeine"},
        ),
        ("ibuprofen 600 for my back", {"ibuprofen"}),
        ("Advil, for my back", {"ibuprofen"}),
        ("Tylenol 500 mg every 6 hours as needed for pain", {"acetaminophen"}),
        ("Eliquis 5 mg twice a day (since my stroke in 2019)", {"apixaban"}),
        ("Eliquis 5mg BID - afib", {"apixaban"}),
        ("aspirin 81 mg every morning, heart attack 2018", {"aspirin"}),
        ("Plavix 75 mg daily, stent placed last year", {"clopidogrel"}),
        (
            "metoprolol 25 mg twice daily for blood pressure and heart rate",
            {"metoprolol"},
        ),
        ("Xarelto 20 mg with dinner, for my clots", {"rivaroxaban"}),
        ("gabapentin 300 mg at bedtime (nerve pain in my legs)", {"gabapentin"}),
        ("meloxicam 15 mg daily for arthritis in both knees", {"meloxicam"}),
        ("Lexapro 10 mg, helps with anxiety", {"escitalopram"}),
        ("trazodone 50 mg at night to help me sleep", {"trazodone"}),
        ("Flexeril 10 mg when my back spasms", {"cyclobenzaprine"}),
        ("prednisone 10 mg, tapering after my flare", {"prednisone"}),
        ("Imitrex when I get a migraine, 1 at onset", {"sumatriptan"}),
        ("ondansetron as needed for nausea after chemo", {"ondansetron"}),
        ("Fosamax 70 mg once a week on Sundays", {"alendronate"}),
        ("omeprazole 20 mg before breakfast for reflux", {"omeprazole"}),
        ("Lovenox 40 mg daily x 10 days post op", {"enoxaparin"}),
        (
            "Tylenol PM at night when I can't sleep",
            {"acetaminophen", "diphenhydramine"},
        ),
        ("warfarin 5 mg Mon/Wed/Fri, 2.5 mg other days", {"warfarin"}),
        ("Eliquis 5mg (prescribed by Dr. Patel, cardiology)", {"apixaban"}),
        ("Jardiance 10 mg - diabetes, type 2", {"empagliflozin"}),
        (
            "insulin glargine 20 units at night, sliding scale with meals",
            {"insulin glargine"},
        ),
        ("fish oil 1000 mg for my heart and joints", {"fish oil"}),
        ("turmeric for inflammation and joint pain", {"turmeric"}),
        ("Advil and Tylenol alternating for pain", {"ibuprofen", "acetaminophen"}),
        ("omeprazole 40 mg, acid reflux", {"omeprazole"}),
        ("Tylenol, cold and flu", {"acetaminophen"}),
        ("estradiol patch, hormone replacement", {"estradiol"}),
        ("Synthroid 88 mcg (thyroid)", {"thyroxine"}),
        ("glucose tablets when my sugar is low", {"glucose tablets"}),
        ("warfarin 5mg, INR checked monthly", {"warfarin"}),
        ("Imitrex 100 mg at onset, may repeat in 2 hours", {"sumatriptan"}),
    ],
)
def test_clauses_about_why_or_when_a_drug_is_taken_are_context(kb, typed, expected):
    reading = read_entry(MedicationEntry(name=typed), kb)
    assert generics(kb, typed) == expected
    assert not reading.unrecognized, reading.unknown_words


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("metoprolol and lisinopril", {"metoprolol", "lisinopril"}),
        ("Eliquis for afib and metoprolol", {"apixaban", "metoprolol"}),
        ("hydrocodone/acetaminophen 5-325", {"hydrocodone", "acetaminophen"}),
        ("oxycodone + acetaminophen", {"oxycodone", "acetaminophen"}),
        ("Plavix after my stent, aspirin", {"clopidogrel", "aspirin"}),
        (
            "Imitrex when I get a migraine and Advil after",
            {"sumatriptan", "ibuprofen"},
        ),
        ("lisinopril; atorvastatin at night", {"lisinopril", "atorvastatin"}),
    ],
)
def test_real_separators_between_names_still_split_an_entry(kb, typed, expected):
    assert generics(kb, typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("folic acid 1 mg", {"folic acid"}),
        ("valproic acid", {"valproic acid"}),
        ("tranexamic acid for heavy periods", {"tranexamic acid"}),
        ("cod liver oil", {"fish oil"}),
    ],
)
def test_a_context_word_can_still_end_a_two_word_name(kb, typed, expected):
    assert generics(kb, typed) == expected


@pytest.mark.parametrize(
    ("typed", "unknown"),
    [
        ("Eliquis for afib and zorbaxil 10 mg", ("zorbaxil",)),
        ("Tylenol, zorbaxil", ("zorbaxil",)),
        ("ibuprofen for my back and quuxoprine", ("quuxoprine",)),
        ("Tylenol for pain / quuxoprine at night", ("quuxoprine",)),
        ("Tylenol; prescribed zorbaxil", ("zorbaxil",)),
        ("Tylenol, Dr. Patel gave me zorbaxil", ("patel", "gave", "zorbaxil")),
    ],
)
def test_an_unknown_name_after_a_context_clause_is_still_reported(kb, typed, unknown):
    reading = read_entry(MedicationEntry(name=typed), kb)
    assert reading.unrecognized
    assert reading.unknown_words == unknown


@pytest.mark.parametrize("typed", ["for my back", "after hip surgery", "heart"])
def test_an_entry_that_is_only_context_is_still_unrecognised(kb, typed):
    assert read_entry(MedicationEntry(name=typed), kb).unrecognized


@pytest.mark.parametrize(
    ("typed", "topical"),
    [
        ("Voltaren gel", True),
        ("diclofenac 1% topical", True),
        ("Voltaren 50 mg", False),
    ],
)
def test_it_notices_topical_forms(kb, typed, topical):
    assert read_entry(MedicationEntry(name=typed), kb).topical is topical


def test_it_marks_a_misspelling_as_read_by_spelling(kb):
    (match,) = read_entry(MedicationEntry(name="elequis"), kb).drugs
    assert (match.how, match.typed, match.record.display) == (
        "fuzzy",
        "elequis",
        "Eliquis",
    )


@pytest.mark.parametrize(
    "word",
    [
        "heart",
        "pressure",
        "thyroid",
        "vitamin",
        "water",
        "daily",
        "tablet",
        "blood",
        "sugar",
        "doctor",
        "weekly",
        "evening",
        "needed",
        "morning",
        "prescribed",
    ],
)
def test_spelling_correction_leaves_ordinary_words_alone(kb, word):
    assert generics(kb, word) == set()


def test_spelling_correction_refuses_words_shorter_than_five_letters(kb):
    assert kb.fuzzy.match("asa") is None
    assert kb.fuzzy.match("advl") is None


def test_clinic_local_names_map_to_a_known_generic(kb):
    local = kb.with_local_names([("Zorbax", "apixaban"), ("RivaX", "Xarelto")])
    assert generics(local, "zorbax 5mg twice daily") == {"apixaban"}
    assert generics(local, "RIVAX") == {"rivaroxaban"}
    assert generics(kb, "zorbax") == set()


def test_clinic_local_names_cannot_change_a_shipped_name(kb):
    local = kb.with_local_names([("aspirin", "acetaminophen")])
    assert generics(local, "aspirin") == {"aspirin"}


def test_clinic_local_names_with_an_unknown_generic_are_ignored(kb):
    local = kb.with_local_names([("Foo", "no-such-drug-anywhere")])
    assert generics(local, "Foo") == set()


def test_suggestion_names_are_sorted_display_names(kb):
    names = kb.suggestion_names()
    assert list(names) == sorted(names, key=str.casefold)
    for name in ("Eliquis", "apixaban", "Janumet", "Xigduo XR", "fish oil", "Tylenol"):
        assert name in names
    for name in ("Excedrin", "blood thinner", "asa"):
        assert name not in names


def test_suggestion_names_include_clinic_local_names(kb):
    assert "Zorbax" in kb.with_local_names([("Zorbax", "apixaban")]).suggestion_names()
