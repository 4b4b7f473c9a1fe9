"""The knowledge-base data: CLINICAL.md §3 names, traceable classes, safe loading."""

import shutil

import pytest

from intake.screening.allergies import read_allergy
from intake.screening.answers import AllergyEntry
from intake.screening.loading import DATA_DIR, read_data
from intake.screening.rules.antithrombotic import ANTICOAGULANT_HOLDS, ANTIPLATELET_HIGH
from intake.screening.text import normalize

# CLINICAL.md §3, "Brand names the engine must know".
BRANDS = {
    "Coumadin": {"warfarin"},
    "Jantoven": {"warfarin"},
    "Eliquis": {"apixaban"},
    "Xarelto": {"rivaroxaban"},
    "Savaysa": {"edoxaban"},
    "Pradaxa": {"dabigatran"},
    "Lovenox": {"enoxaparin"},
    "Fragmin": {"dalteparin"},
    "Arixtra": {"fondaparinux"},
    "Plavix": {"clopidogrel"},
    "Effient": {"prasugrel"},
    "Brilinta": {"ticagrelor"},
    "Aggrenox": {"aspirin", "dipyridamole"},
    "Persantine": {"dipyridamole"},
    "Pletal": {"cilostazol"},
    "Zontivity": {"vorapaxar"},
    "Bayer": {"aspirin"},
    "Ecotrin": {"aspirin"},
    "Bufferin": {"aspirin"},
    "St. Joseph": {"aspirin"},
    "Durlaza": {"aspirin"},
    "Advil": {"ibuprofen"},
    "Motrin": {"ibuprofen"},
    "Aleve": {"naproxen"},
    "Naprosyn": {"naproxen"},
    "Anaprox": {"naproxen"},
    "Vimovo": {"naproxen", "esomeprazole"},
    "Duexis": {"ibuprofen", "famotidine"},
    "Mobic": {"meloxicam"},
    "Voltaren": {"diclofenac"},
    "Arthrotec": {"diclofenac", "misoprostol"},
    "Toradol": {"ketorolac"},
    "Celebrex": {"celecoxib"},
    "Tylenol": {"acetaminophen"},
    "Glucophage": {"metformin"},
    "Glumetza": {"metformin"},
    "Fortamet": {"metformin"},
    "Riomet": {"metformin"},
    "Januvia": {"sitagliptin"},
    "Jardiance": {"empagliflozin"},
    "Farxiga": {"dapagliflozin"},
    "Invokana": {"canagliflozin"},
    "Steglatro": {"ertugliflozin"},
    "Glyxambi": {"empagliflozin", "linagliptin"},
    "Ozempic": {"semaglutide"},
    "Wegovy": {"semaglutide"},
    "Rybelsus": {"semaglutide"},
    "Trulicity": {"dulaglutide"},
    "Victoza": {"liraglutide"},
    "Saxenda": {"liraglutide"},
    "Byetta": {"exenatide"},
    "Bydureon": {"exenatide"},
    "Mounjaro": {"tirzepatide"},
    "Zepbound": {"tirzepatide"},
    "Glucotrol": {"glipizide"},
    "Amaryl": {"glimepiride"},
    "Glynase": {"glyburide"},
    "Diabeta": {"glyburide"},
    "Lantus": {"insulin glargine"},
    "Toujeo": {"insulin glargine"},
    "Basaglar": {"insulin glargine"},
    "Semglee": {"insulin glargine"},
    "Levemir": {"insulin detemir"},
    "Tresiba": {"insulin degludec"},
    "Humalog": {"insulin lispro"},
    "Admelog": {"insulin lispro"},
    "Lyumjev": {"insulin lispro"},
    "Novolog": {"insulin aspart"},
    "Fiasp": {"insulin aspart"},
    "Apidra": {"insulin glulisine"},
    "Humulin": {"insulin"},
    "Novolin": {"insulin"},
    "Janumet": {"sitagliptin", "metformin"},
    "Jentadueto": {"linagliptin", "metformin"},
    "Kazano": {"alogliptin", "metformin"},
    "Kombiglyze": {"saxagliptin", "metformin"},
    "Actoplus Met": {"pioglitazone", "metformin"},
    "Glucovance": {"glyburide", "metformin"},
    "Synjardy": {"empagliflozin", "metformin"},
    "Xigduo XR": {"dapagliflozin", "metformin"},
    "Invokamet": {"canagliflozin", "metformin"},
    "Segluromet": {"ertugliflozin", "metformin"},
    "Trijardy XR": {"empagliflozin", "linagliptin", "metformin"},
    "Excedrin Extra Strength": {"aspirin", "acetaminophen", "caffeine"},
    "Excedrin Migraine": {"aspirin", "acetaminophen", "caffeine"},
    "Goody's": {"aspirin", "acetaminophen", "caffeine"},
    "BC powder": {"aspirin", "caffeine"},
    "Alka-Seltzer Original": {"aspirin"},
    "Yosprala": {"aspirin", "omeprazole"},
}

ALLERGENS = {
    "la_amide": [
        "Xylocaine",
        "Lidoderm",
        "Marcaine",
        "Sensorcaine",
        "Naropin",
        "Carbocaine",
        "Polocaine",
        "Septocaine",
        "EMLA",
        "ropivacaine",
        "mepivacaine",
        "articaine",
    ],
    "la_ester": [
        "Novocain",
        "Nesacaine",
        "Pontocaine",
        "Orajel",
        "Hurricaine",
        "Americaine",
        "chloroprocaine",
        "benzocaine",
    ],
    "contrast": [
        "Omnipaque",
        "Isovue",
        "Visipaque",
        "Ultravist",
        "Optiray",
        "CT dye",
        "X-ray dye",
        "x-ray contrast",
    ],
    "gadolinium": [
        "Gadavist",
        "Dotarem",
        "Clariscan",
        "MultiHance",
        "ProHance",
        "Eovist",
        "Magnevist",
    ],
    "antiseptic_iodine": ["Betadine", "povidone-iodine", "DuraPrep"],
    "chlorhexidine": ["chlorhexidine", "Hibiclens", "ChloraPrep", "CHG", "Peridex"],
    "antiseptic_unspecified": ["skin prep", "surgical scrub", "antiseptic"],
    "sedation": ["midazolam", "fentanyl", "propofol"],
    "latex": ["latex gloves"],
}


@pytest.mark.parametrize(("brand", "expected"), sorted(BRANDS.items()))
def test_every_brand_clinical_md_names_is_known(kb, brand, expected):
    record = kb.lookup(normalize(brand))
    assert record is not None and record.origin == "shipped", brand
    assert set(record.generics) == expected


@pytest.mark.parametrize(
    ("kind", "name"),
    [(kind, name) for kind, names in ALLERGENS.items() for name in names],
)
def test_every_allergen_clinical_md_names_is_classified(kb, kind, name):
    assert kind in read_allergy(AllergyEntry(substance=name), kb).kinds


def test_every_class_membership_cites_its_source(kb):
    for drug in kb.drugs.values():
        assert len(drug.sources) == len(drug.classes), drug.generic
        for _drug_class, citation in drug.sources:
            assert (
                "CLINICAL.md" in citation
                or "DESIGN.md" in citation
                or ("unverified" in citation)
            ), drug.generic


def test_every_antithrombotic_has_a_hold_row(kb):
    for drug in kb.drugs.values():
        if "anticoagulant" in drug.classes:
            assert drug.profile == "lmwh" or drug.profile in ANTICOAGULANT_HOLDS
        if "antiplatelet" in drug.classes:
            assert drug.profile in ANTIPLATELET_HIGH, drug.generic


def test_every_sglt2_inhibitor_has_a_stop_interval(kb):
    for drug in kb.drugs.values():
        if "sglt2" in drug.classes:
            assert drug.hold_days in (3, 4), drug.generic


def test_no_filler_word_names_a_classed_drug(kb):
    for word in kb.vocabulary.filler:
        record = kb.lookup(word)
        if record is not None and record.kind == "drug":
            assert not any(kb.classes_of(g) for g in record.generics), word


def test_loading_refuses_a_name_with_two_meanings(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    with open(data_dir / "drugs.toml", "a", encoding="utf-8") as handle:
        handle.write(
            '\n[[drug]]\ngeneric = "oddity"\nclasses = {}\nbrands = ["Plavix"]\n'
        )
    with pytest.raises(ValueError, match="Plavix"):
        read_data(data_dir)


def test_loading_refuses_a_class_without_a_source(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    with open(data_dir / "drugs.toml", "a", encoding="utf-8") as handle:
        handle.write(
            '\n[[drug]]\ngeneric = "oddity"\nclasses = { nsaid = "nowhere" }\n'
        )
    with pytest.raises(ValueError, match="no source"):
        read_data(data_dir)


def test_no_context_word_names_a_drug(kb):
    vocabulary = kb.vocabulary
    for word in vocabulary.context_words | vocabulary.context_starters:
        record = kb.lookup(word)
        assert record is None or record.kind != "drug", word
        assert kb.lookup_broad(word) is None, word


def test_conjunctions_are_never_candidate_names(kb):
    assert kb.vocabulary.conjunctions <= kb.vocabulary.filler
