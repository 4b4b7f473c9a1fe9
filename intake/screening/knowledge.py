"""The medication knowledge base the engine reads.

Built from the data files in `data/` (the project's own names, classes and
combinations, each class traceable to CLINICAL.md), optionally widened by the broad
name table of drug-named-entity-recognition, and overlaid with clinic-local names
from the admin. The shipped names win over local ones, and both win over the broad
table (which has wrong entries for some combination brands, e.g. Synjardy as
empagliflozin alone).
"""

import copy
import functools
import logging

from . import broad
from .fuzzy import FuzzyIndex
from .loading import DATA_DIR, read_data
from .records import NameRecord
from .text import Phrases, normalize

logger = logging.getLogger(__name__)


class KnowledgeBase:
    """Names, classes and vocabularies; immutable once built."""

    def __init__(
        self, *, drugs, names, suggestions, vocabulary, allergens, broad_table
    ):
        self.drugs = drugs
        self.vocabulary = vocabulary
        self.allergens = allergens
        self._names = names
        self._local = {}
        self.phrases = Phrases(names)
        self._suggestions = suggestions
        self._broad_table = broad_table
        self._broad_cache = {}
        single_words = {
            name: record
            for name, record in names.items()
            if " " not in name and record.kind != "vague"
        }
        self.fuzzy = FuzzyIndex(single_words, identity=lambda record: record.identity)

    def lookup(self, phrase):
        """Return the shipped or clinic-local record for a normalised phrase."""
        return self.phrases.get(phrase)

    def lookup_broad(self, phrase):
        """Return a record from the broad name table, or None."""
        if phrase in self._broad_cache:
            return self._broad_cache[phrase]
        canonicals = self._broad_table.get(phrase)
        record = None
        if canonicals:
            generics = [
                self._resolve_ingredient(part)
                for canonical in canonicals
                for part in broad.canonical_parts(canonical)
            ]
            flat = tuple(dict.fromkeys(g for group in generics for g in group))
            record = NameRecord(display=phrase, generics=flat, origin="broad")
        self._broad_cache[phrase] = record
        return record

    def classes_of(self, generic):
        """Return the classes of a generic (empty for a drug with no class)."""
        drug = self.drugs.get(generic)
        return drug.classes if drug else frozenset()

    def suggestion_names(self):
        """Return sorted display names (generics, brands, combinations, local)."""
        local = (record.display for record in self._local.values())
        return tuple(sorted({*self._suggestions, *local}, key=str.casefold))

    def with_local_names(self, pairs):
        """Return a copy that also knows clinic-local (name, generic) pairs."""
        local = {}
        for name, target in pairs:
            key, record = normalize(name), self._resolve_target(target)
            if not key or record is None:
                logger.warning(
                    "Local name %r -> %r: unknown generic, ignored", name, target
                )
            elif key in self._names:
                logger.info(
                    "Local name %r is already known; the shipped meaning wins", name
                )
            else:
                local[key] = NameRecord(name, generics=record.generics, origin="local")
        extended = copy.copy(self)
        extended._local = local
        extended.phrases = Phrases({**local, **self._names})
        return extended

    def _resolve_target(self, target):
        key = normalize(target)
        record = self._names.get(key)
        if record is not None and record.kind == "drug":
            return record
        return self.lookup_broad(key)

    def _resolve_ingredient(self, part):
        words = normalize(part).split()
        for length in range(len(words), 0, -1):
            record = self._names.get(" ".join(words[:length]))
            if record is not None and record.kind == "drug":
                return record.generics
        return (" ".join(words),) if words else ()


def load_knowledge_base(*, broad_names=True, data_dir=None):
    """Build a knowledge base from the data files (and the broad table if asked)."""
    data = read_data(data_dir or DATA_DIR)
    table = broad.variant_table() if broad_names else {}
    return KnowledgeBase(broad_table=table, **data)


@functools.cache
def default_knowledge_base():
    """Return the process-wide knowledge base, loaded on first use."""
    return load_knowledge_base()
