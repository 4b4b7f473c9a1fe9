"""Conservative spelling correction for single words ("elequis" -> Eliquis).

Only words the exact passes missed reach this; dose, unit and frequency words never
do (the caller filters them). Both sides are reduced to a rough sound-alike skeleton
("plavics" and "plavix" both become "plaviks"), then compared by edit distance with
RapidFuzz: at most 1 edit for 5-6 letter words, 2 for longer ones; words under 5
letters are never corrected. A word equally close to two different targets is left
alone rather than guessed.
"""

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

MIN_LENGTH = 5
_SOUNDS = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"qu"), "kw"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"y"), "i"),
    (re.compile(r"z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),
)


def skeleton(word):
    """Return a rough sound-alike form of a lower-case word."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return word


def max_edits(word):
    """Return how many edits a word of this length may be away from its target."""
    if len(word) < MIN_LENGTH:
        return 0
    return 1 if len(word) <= 6 else 2


class FuzzyIndex:
    """Single-word names with their targets, searchable by near spelling."""

    def __init__(self, names, identity=None):
        """Index `names`, a mapping of lower-case word -> target.

        `identity(target)` says when two targets are the same thing (a brand and its
        generic); by default targets are compared as they are.
        """
        self._identity = identity or (lambda target: target)
        usable = {name: target for name, target in names.items() if len(name) >= 4}
        self._names = sorted(usable)
        self._targets = [usable[name] for name in self._names]
        # Skeletons by length: a name more than `limit` letters longer or shorter than
        # the word is more than `limit` edits away, so it is never compared.
        self._by_length = {}
        for index, name in enumerate(self._names):
            form = skeleton(name)
            skeletons, indexes = self._by_length.setdefault(len(form), ([], []))
            skeletons.append(form)
            indexes.append(index)

    def match(self, word):
        """Return (name, target) for the one close name, or None."""
        limit = max_edits(word)
        if not limit:
            return None
        form = skeleton(word)
        hits = []
        for length in range(len(form) - limit, len(form) + limit + 1):
            skeletons, indexes = self._by_length.get(length, ((), ()))
            for _, distance, position in process.extract(
                form,
                skeletons,
                scorer=Levenshtein.distance,
                score_cutoff=limit,
                limit=None,
            ):
                hits.append((distance, indexes[position]))
        if not hits:
            return None
        best = min(distance for distance, _ in hits)
        closest = sorted(index for distance, index in hits if distance == best)
        targets = {self._identity(self._targets[index]) for index in closest}
        if len(targets) != 1:
            return None
        index = closest[0]
        return self._names[index], self._targets[index]
