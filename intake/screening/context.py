"""What every rule reads: the answers, read once, and the procedure at this level."""

from dataclasses import dataclass

from .allergies import read_allergy
from .i18n import _, format_lazy
from .medications import read_entry

ANTITHROMBOTIC = frozenset({"anticoagulant", "antiplatelet"})


@dataclass(frozen=True)
class Item:
    """A current medication or supplement entry and how it was read."""

    entry: object
    listed_as: str  # "medication" or "supplement"
    reading: object

    @property
    def evidence(self):
        """Return the patient's words for this entry."""
        return self.entry.evidence


@dataclass(frozen=True)
class Context:
    """The intake, the procedure and the knowledge base, as the rules see them."""

    intake: object
    procedure: object
    kb: object
    items: tuple
    allergies: tuple
    # class -> ((item, match, generic), ...), each generic once per entry
    by_class: dict

    @property
    def answers(self):
        """Return the health answers."""
        return self.intake.answers

    @property
    def tier(self):
        """Return the SIR bleeding-risk tier at the recorded spinal level."""
        return self.procedure.bleeding_tier(self.intake.spinal_level)

    @property
    def high_tier(self):
        """Return whether the procedure is high bleeding risk here."""
        return self.tier == "high"

    @property
    def label(self):
        """Return the procedure's name for messages."""
        return self.procedure.label(self.intake.spinal_level)

    @property
    def tier_reason(self):
        """Say why the procedure is in its bleeding-risk tier."""
        if self.procedure.depends_on_spinal_level and not self.intake.spinal_level:
            return _(
                "a facet injection with no recorded spinal level, treated as high "
                "bleeding risk until the level is known (SIR 2019: cervical facet "
                "injections are high risk)"
            )
        if self.high_tier:
            return _("a high bleeding-risk procedure (SIR 2019)")
        return _("a low bleeding-risk procedure (SIR 2019)")

    def drugs_with(self, drug_class):
        """Return (item, match, generic) for each drug of a class, once per entry."""
        return self.by_class.get(drug_class, ())

    def has_class(self, drug_class):
        """Return whether any current entry has a drug of this class."""
        return bool(self.by_class.get(drug_class))

    def has_antithrombotic(self):
        """Return whether any anticoagulant or antiplatelet is listed."""
        return any(self.has_class(name) for name in ANTITHROMBOTIC)

    def allergies_with(self, *kinds):
        """Return the allergy readings that have any of these kinds."""
        return [reading for reading in self.allergies if reading.kinds & set(kinds)]


def build_context(intake, procedure, kb):
    """Read every entry of the intake once."""
    items = []
    for listed_as, entries in (
        ("medication", intake.medications),
        ("supplement", intake.supplements),
    ):
        for entry in entries:
            reading = read_entry(entry, kb)
            if reading.status == "current":
                items.append(Item(entry, listed_as, reading))
    allergies = (read_allergy(entry, kb) for entry in intake.allergies)
    return Context(
        intake=intake,
        procedure=procedure,
        kb=kb,
        items=tuple(items),
        allergies=tuple(reading for reading in allergies if reading is not None),
        by_class=_by_class(items, kb),
    )


def _by_class(items, kb):
    by_class = {}
    for item in items:
        seen = set()
        for match in item.reading.drugs:
            for generic in match.record.generics:
                if generic in seen:
                    continue
                seen.add(generic)
                for drug_class in sorted(kb.classes_of(generic)):
                    by_class.setdefault(drug_class, []).append((item, match, generic))
    return {drug_class: tuple(hits) for drug_class, hits in by_class.items()}


def drug_label(match, generic):
    """Name a drug as found: "apixaban (Eliquis)", "aspirin in Excedrin Migraine"."""
    name = match.record.display
    notes = []
    if len(match.record.generics) > 1:
        label = format_lazy(_("{generic} in {product}"), generic=generic, product=name)
    else:
        label = generic
        if name.casefold() != generic.casefold():
            notes.append(name)
    if match.how == "fuzzy":
        notes.append(format_lazy(_("typed “{typed}”"), typed=match.typed))
    elif match.how == "local":
        notes.append(_("a clinic-local name"))
    if not notes:
        return label
    return format_lazy(
        "{} ({})", label, format_lazy(", ".join(["{}"] * len(notes)), *notes)
    )


def answer_evidence(question):
    """Quote a yes/no answer as evidence."""
    return format_lazy(_("Answered: {question}"), question=question)
