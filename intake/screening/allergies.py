"""Read one allergy: what kind of substance, and how bad the reaction was.

A category the patient chose wins when it is specific (contrast, local or general
anesthesia, latex); otherwise the substance text is classified ("CT dye",
"Omnipaque", "lidocaine", "Novocain", "propofol", "latex gloves"). Shellfish, seafood,
povidone-iodine (Betadine) and gadolinium are never iodinated-contrast allergies, even
under the contrast category; an "iodine" allergy with no detail is its own kind, to
clarify (CLINICAL.md §2 Contrast and iodine); an "iodine" skin prep is povidone-iodine.
Skin antiseptics (povidone-iodine, chlorhexidine, or one not named) are their own kinds
(ANTISEPTIC_ALLERGY). The reaction's severity is the worse of
the chosen severity and the reaction words ("throat swelling" -> anaphylaxis).
"""

from dataclasses import dataclass

from .text import BREAK, is_word, normalize, tokenize

LEVELS = ("mild", "moderate", "severe", "anaphylaxis")
ANTISEPTICS = frozenset({"antiseptic_iodine", "chlorhexidine"})
NOT_CONTRAST = frozenset(
    {"seafood", "gadolinium", "antiseptic_unspecified", *ANTISEPTICS}
)
LOCAL_ANESTHETICS = frozenset({"la_amide", "la_ester"})


@dataclass(frozen=True)
class AllergyReading:
    """The kinds of substance in one allergy entry and the reaction's severity."""

    entry: object
    kinds: frozenset
    named: tuple  # (kind, words) pairs, for messages
    level: str | None
    physiologic_only: bool

    def words_for(self, *kinds):
        """Return the patient's words that named any of `kinds`."""
        if len({kind for kind, _ in self.named}) <= 1:
            return self.entry.substance
        return ", ".join(dict.fromkeys(w for k, w in self.named if k in kinds))


def read_allergy(entry, kb):
    """Return the AllergyReading of an AllergyEntry, or None for "none"/"NKDA"."""
    if normalize(entry.substance) in kb.vocabulary.none_markers:
        return None
    vocabulary = kb.allergens
    named = _classify(tokenize(entry.substance), vocabulary)
    reaction = tokenize(entry.reaction)
    context = {kind for kind, _ in _classify(reaction, vocabulary)}
    kinds = _apply_category(entry.category, {k for k, _ in named}, context)
    words = [*reaction, BREAK, *tokenize(entry.substance)]
    return AllergyReading(
        entry=entry,
        kinds=frozenset(kinds),
        named=tuple(named),
        level=_level(entry, words, vocabulary),
        physiologic_only=_physiologic_only(entry, words, vocabulary),
    )


def _classify(tokens, vocabulary):
    named, taken = [], set()
    for first, last, kind in vocabulary.kinds.find(tokens):
        named.append((kind, " ".join(tokens[first:last])))
        taken.update(range(first, last))
    for index, token in enumerate(tokens):
        if index in taken or not is_word(token):
            continue
        hit = vocabulary.fuzzy.match(token)
        if hit is not None:
            named.append((hit[1], token))
        elif token.endswith("caine"):
            named.append(("la_unspecified", token))
    return named


def _apply_category(category, kinds, context):
    if category == "iodinated_contrast":
        # The category wins, except over a substance that is never contrast.
        if "contrast" in kinds or not kinds & NOT_CONTRAST:
            kinds.add("contrast")
    elif category == "local_anesthetic" and not kinds & LOCAL_ANESTHETICS:
        kinds.add("la_unspecified")
    elif category == "general_anesthesia":
        kinds.add("sedation")
    elif category == "latex":
        kinds.add("latex")
    if "iodine" in kinds:
        clarified = (kinds | context) & (NOT_CONTRAST | {"contrast"})
        if "antiseptic_unspecified" in clarified:
            # "iodine" that was a skin prep is povidone-iodine.
            clarified = (clarified - {"antiseptic_unspecified"}) | {"antiseptic_iodine"}
        if clarified:
            kinds = (kinds - {"iodine"}) | clarified
    if kinds & LOCAL_ANESTHETICS:
        kinds.discard("la_unspecified")
    if kinds & ANTISEPTICS:
        kinds.discard("antiseptic_unspecified")
    return kinds


def _level(entry, tokens, vocabulary):
    levels = [entry.severity] if entry.severity else []
    levels += [level for _, _, level in vocabulary.reactions.find(tokens)]
    return max(levels, key=LEVELS.index, default=None)


def _physiologic_only(entry, tokens, vocabulary):
    if entry.severity in ("severe", "anaphylaxis"):
        return False
    physiologic = vocabulary.physiologic.found_in(tokens)
    return physiologic and not vocabulary.allergic.found_in(tokens)
