"""Read one medication or supplement line: which drugs it names, if any.

Three passes, each only on the words the previous ones left:
1. the project's own names and clinic-local names, longest phrase first ("Excedrin
   Migraine" before "Excedrin", "baby aspirin" before "aspirin");
2. the broad exact table of drug-named-entity-recognition (recognises drugs with no
   class, and foreign brands of classed ones);
3. conservative spelling correction against the project's names (fuzzy.py).
Dose, unit and frequency words never reach passes 2 and 3, nor do context words
(conditions, body parts, days) or a clause saying why, when or how the drug is taken
("for afib", "(after hip surgery)", "2 when I get a migraine"). The entry is split into
parts only on separators and conjunctions between names ("Advil and Tylenol",
"hydrocodone/acetaminophen"); a part where nothing was recognised is reported as
unknown words, unless it is all context, so nothing is dropped silently.
"""

from dataclasses import dataclass

from .text import BREAK, is_word, tokenize

# What a word may be: nothing (filler, a number, a word of a context clause), a
# context word (only as half of a two-word name: "folic acid"), or a name.
NOT_A_NAME, CONTEXT, NAME = 0, 1, 2


@dataclass(frozen=True)
class Match:
    """A name found in an entry: what it means and how it was found."""

    record: object
    typed: str
    how: str  # "exact", "local", "broad" or "fuzzy"


@dataclass(frozen=True)
class Reading:
    """What one entry says: blank, stopped, or current with its matches."""

    status: str  # "blank", "stopped" or "current"
    matches: tuple = ()
    unknown_words: tuple = ()
    topical: bool = False
    # The matches that name drugs (not vague phrases or product lines).
    drugs: tuple = ()

    @property
    def vague_hints(self):
        """Return the hints of vague phrases ("blood thinner" -> antithrombotic)."""
        return tuple(
            m.record.detail[0] for m in self.matches if m.record.kind == "vague"
        )

    @property
    def product_lines(self):
        """Return the product lines named without a version ("Excedrin")."""
        return tuple(m.record for m in self.matches if m.record.kind == "product_line")

    @property
    def unrecognized(self):
        """Return whether a radiologist must look at this entry by hand."""
        if self.status != "current":
            return False
        # A vague phrase next to a named drug ("water pill (furosemide)") is placed.
        return bool(self.product_lines or self.unknown_words or not self.drugs)


BLANK = Reading("blank")
STOPPED = Reading("stopped")


def read_entry(entry, kb):
    """Return the Reading of a MedicationEntry."""
    vocabulary = kb.vocabulary
    tokens = tokenize(entry.name)
    if " ".join(t for t in tokens if t != BREAK) in vocabulary.none_markers:
        return BLANK
    details = (entry.dose, entry.frequency, entry.last_dose)
    extra = tokenize(" ; ".join(details)) if any(details) else []
    if vocabulary.stopped_markers.found_in([*tokens, BREAK, *extra]):
        return STOPPED
    roles = _roles(tokens, vocabulary)
    found = {}
    for first, last, record in kb.phrases.find(tokens):
        how = "local" if record.origin == "local" else "exact"
        found[first] = (last, Match(record, " ".join(tokens[first:last]), how))
    _broad_pass(tokens, roles, found, kb)
    _fuzzy_pass(tokens, roles, found, kb)
    matches = tuple(match for _, (_, match) in sorted(found.items()))
    return Reading(
        "current",
        matches=matches,
        drugs=tuple(match for match in matches if match.record.kind == "drug"),
        unknown_words=_unknown_words(tokens, roles, found, vocabulary.conjunctions),
        topical=any(word in vocabulary.topical for word in (*tokens, *extra)),
    )


def _roles(tokens, vocabulary):
    """Return the role of each word: NAME, CONTEXT or NOT_A_NAME.

    A context clause ("for my back", "(after hip surgery)", "when I get a
    migraine") runs from a starter word to the next separator, or to a conjunction
    followed by a word that is not context ("for afib and zorbaxil").
    """
    roles, in_clause = [], False
    for index, token in enumerate(tokens):
        if token == BREAK:
            in_clause = False
        elif token in vocabulary.context_starters:
            in_clause = True
        elif in_clause and token in vocabulary.conjunctions:
            in_clause = _clause_goes_on(tokens, index + 1, vocabulary)
        if in_clause or not is_word(token) or token in vocabulary.filler:
            roles.append(NOT_A_NAME)
        elif token in vocabulary.context_words:
            roles.append(CONTEXT)
        else:
            roles.append(NAME)
    return roles


def _clause_goes_on(tokens, start, vocabulary):
    """Return whether the words after a conjunction still belong to the clause."""
    for token in tokens[start:]:
        if token == BREAK:
            return False
        if is_word(token) and token not in vocabulary.filler:
            return (
                token in vocabulary.context_words
                or token in vocabulary.context_starters
            )
    return False


def _taken(found):
    return {index for first, (last, _) in found.items() for index in range(first, last)}


def _broad_pass(tokens, roles, found, kb):
    taken = _taken(found)
    for index in range(len(tokens) - 1):
        pair = roles[index : index + 2]
        if NOT_A_NAME in pair or NAME not in pair or {index, index + 1} & taken:
            continue
        record = kb.lookup_broad(f"{tokens[index]} {tokens[index + 1]}")
        if record is not None:
            found[index] = (index + 2, Match(record, record.display, "broad"))
            taken.update((index, index + 1))
    for index, role in enumerate(roles):
        if role != NAME or index in taken or len(tokens[index]) < 4:
            continue
        record = kb.lookup_broad(tokens[index])
        if record is not None:
            found[index] = (index + 1, Match(record, tokens[index], "broad"))
            taken.add(index)


def _fuzzy_pass(tokens, roles, found, kb):
    taken = _taken(found)
    for index, role in enumerate(roles):
        if role == NAME and index not in taken:
            hit = kb.fuzzy.match(tokens[index])
            if hit is not None:
                found[index] = (index + 1, Match(hit[1], tokens[index], "fuzzy"))


def _unknown_words(tokens, roles, found, conjunctions):
    """Return the candidate words of every part of the entry where nothing matched.

    Parts are split only by separators and conjunctions between names; a context
    clause has no candidate words, so it is never reported.
    """
    taken, unknown, part = _taken(found), [], []
    for index, token in enumerate([*tokens, BREAK]):
        if token == BREAK or token in conjunctions:
            if part and not any(i in taken for i in part):
                unknown.extend(
                    tokens[i] for i in part if roles[i] == NAME and len(tokens[i]) >= 3
                )
            part = []
        else:
            part.append(index)
    return tuple(unknown)
