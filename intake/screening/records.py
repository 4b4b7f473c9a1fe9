"""Plain records the knowledge base is made of."""

from dataclasses import dataclass

from .fuzzy import FuzzyIndex


@dataclass(frozen=True)
class Drug:
    """A generic drug or supplement and the classes CLINICAL.md gives it."""

    generic: str
    classes: frozenset
    sources: tuple = ()
    profile: str | None = None
    hold_days: int | None = None
    hold_hours: int | None = None

    @property
    def unverified(self):
        """Return whether a class membership rests on an unverified source."""
        return any("unverified" in citation for _, citation in self.sources)


@dataclass(frozen=True)
class NameRecord:
    """What a name means: a drug (one or more generics), a product line or vagueness."""

    display: str
    kind: str = "drug"
    generics: tuple = ()
    detail: tuple = ()
    origin: str = "shipped"

    @property
    def identity(self):
        """Return what the name points at, regardless of how it is spelled."""
        return (self.kind, self.generics, self.detail)


@dataclass(frozen=True)
class Vocabulary:
    """Words about medications that are not medications."""

    none_markers: frozenset
    stopped_markers: object  # Phrases
    filler: frozenset
    topical: frozenset
    context_starters: frozenset
    context_words: frozenset
    conjunctions: frozenset


@dataclass(frozen=True)
class AllergenVocabulary:
    """Allergy substance kinds and reaction words."""

    kinds: object  # Phrases: name -> kind
    sources: dict
    reactions: object  # Phrases: words -> level
    physiologic: object  # Phrases
    allergic: object  # Phrases
    fuzzy: FuzzyIndex
