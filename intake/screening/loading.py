"""Read and check the knowledge-base data files (TOML, see data/README.md).

Loading fails loudly (ValueError) on a class without a source, a combination with an
unknown component, or one name given two meanings, so a bad edit is caught by the
tests rather than by a patient.
"""

import tomllib
from pathlib import Path

from .fuzzy import FuzzyIndex
from .records import AllergenVocabulary, Drug, NameRecord, Vocabulary
from .text import Phrases, normalize

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_data(data_dir):
    """Return the keyword arguments of KnowledgeBase (without the broad table)."""
    data_dir = Path(data_dir)
    drugs_file = _read(data_dir / "drugs.toml")
    supplements_file = _read(data_dir / "supplements.toml")
    combinations_file = _read(data_dir / "combinations.toml")
    vocabulary_file = _read(data_dir / "vocabulary.toml")
    names, suggestions, drugs = _Names(), set(), {}
    for section, key in ((drugs_file, "drug"), (supplements_file, "supplement")):
        for entry in section[key]:
            drug = _drug(entry, section["sources"])
            drugs[drug.generic] = drug
            record = NameRecord(drug.generic, generics=(drug.generic,))
            names.add(drug.generic, record)
            suggestions.add(drug.generic)
            for brand in entry.get("brands", ()):
                names.add(brand, NameRecord(brand, generics=(drug.generic,)))
                suggestions.add(brand)
            for synonym in entry.get("synonyms", ()):
                names.add(synonym, record)
    _add_combinations(combinations_file, drugs, names, suggestions)
    for phrase, hint in vocabulary_file["vague"].items():
        names.add(phrase, NameRecord(phrase, kind="vague", detail=(hint,)))
    return {
        "drugs": drugs,
        "names": names.index,
        "suggestions": frozenset(suggestions),
        "vocabulary": _vocabulary(vocabulary_file),
        "allergens": _allergens(_read(data_dir / "allergens.toml")),
    }


class _Names:
    """A name index that refuses to give one name two meanings."""

    def __init__(self):
        self.index = {}

    def add(self, name, record):
        key = normalize(name)
        known = self.index.get(key)
        if known is not None and known.identity != record.identity:
            raise ValueError(
                f"{name!r} means both {known.display!r} and {record.display!r}"
            )
        self.index.setdefault(key, record)


def _read(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def _drug(entry, sources):
    classes = entry.get("classes", {})
    for name, source in classes.items():
        if source not in sources:
            raise ValueError(
                f"{entry['generic']}: class {name} has no source {source!r}"
            )
    return Drug(
        generic=entry["generic"],
        classes=frozenset(classes),
        sources=tuple((name, sources[key]) for name, key in sorted(classes.items())),
        profile=entry.get("profile"),
        hold_days=entry.get("hold_days"),
        hold_hours=entry.get("hold_hours"),
    )


def _add_combinations(section, drugs, names, suggestions):
    for entry in section["combination"]:
        unknown = [part for part in entry["components"] if part not in drugs]
        if unknown or entry["source"] not in section["sources"]:
            raise ValueError(f"{entry['name']}: unknown component or source {unknown}")
        record = NameRecord(entry["name"], generics=tuple(entry["components"]))
        names.add(entry["name"], record)
        suggestions.add(entry["name"])
        for synonym in entry.get("synonyms", ()):
            names.add(synonym, record)
    for entry in section["product_line"]:
        versions = tuple(entry["versions"])
        record = NameRecord(entry["name"], kind="product_line", detail=versions)
        for name in (entry["name"], *entry.get("synonyms", ())):
            names.add(name, record)


def _vocabulary(section):
    return Vocabulary(
        none_markers=frozenset(normalize(marker) for marker in section["none_markers"]),
        stopped_markers=_phrase_set(section["stopped_markers"]),
        filler=frozenset(section["filler"]),
        topical=frozenset(section["topical"]),
        context_starters=frozenset(section["context_starters"]),
        context_words=frozenset(section["context_words"]),
        conjunctions=frozenset(section["conjunctions"]),
    )


def _phrase_set(phrases):
    return Phrases({normalize(phrase): True for phrase in phrases})


def _allergens(section):
    kinds = {}
    for kind, entry in section["kinds"].items():
        for name in entry["names"]:
            key = normalize(name)
            if kinds.setdefault(key, kind) != kind:
                raise ValueError(f"allergen {name!r} has two kinds")
    reactions = {}
    for level in ("mild", "moderate", "severe", "anaphylaxis"):
        for phrase in section["reaction"][level]:
            reactions[normalize(phrase)] = level
    reaction = section["reaction"]
    return AllergenVocabulary(
        kinds=Phrases(kinds),
        sources={kind: entry["source"] for kind, entry in section["kinds"].items()},
        reactions=Phrases(reactions),
        physiologic=_phrase_set(reaction["physiologic"]),
        allergic=_phrase_set(reaction["allergic"]),
        fuzzy=FuzzyIndex(
            {name: kind for name, kind in kinds.items() if " " not in name}
        ),
    )
