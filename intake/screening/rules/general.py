"""Infection, pregnancy, diabetes with steroids, and entries the engine cannot place.

Infection: systemic infection and osteomyelitis contraindicate vertebroplasty (SIR);
no injection through infected skin or into a possibly infected joint. Pregnancy:
ACR-SPR practice parameter on imaging pregnant patients (beam on the trunk or pelvis:
verify status first). Steroids raise blood sugar for 1-3 days (EULAR 2021, rec. 7).
Unidentified or vague entries are never dropped (CLINICAL.md §2).
"""

from .. import sources
from ..context import answer_evidence
from ..findings import Finding, Severity
from ..i18n import _, format_lazy
from ..text import normalize

VAGUE_HINTS = {
    "antithrombotic": _(
        "“{words}” is vague: it may be an anticoagulant or antiplatelet drug that "
        "needs a hold."
    ),
    "pain": _("“{words}” is vague: it may be an NSAID or contain aspirin."),
    "diabetes": _(
        "“{words}” is vague: it may be metformin, an SGLT2 inhibitor, a GLP-1 drug or "
        "insulin."
    ),
    "heart": _("“{words}” is vague: heart medicines include blood thinners."),
    "diuretic": _("“{words}” is vague (a diuretic, but which one?)."),
    "general": _("“{words}” is vague."),
}
# Versions of a product line worth naming: aspirin (ANTIPLATELET) or an NSAID.
BLEEDING_CLASSES = frozenset({"antiplatelet", "nsaid"})
LISTED_AS = {"medication": _("medication"), "supplement": _("supplement")}


def active_infection(ctx):
    """Flag fever or active infection: critical before a cement implant."""
    if not ctx.answers.fever_or_infection:
        return
    if ctx.procedure.uses_cement:
        severity = Severity.CRITICAL
        message = format_lazy(
            _(
                "Fever or active infection reported; systemic infection and "
                "osteomyelitis are contraindications to the {procedure}."
            ),
            procedure=ctx.label,
        )
        action = _("Postpone until the infection is treated and resolved.")
    else:
        severity = Severity.HIGH
        message = format_lazy(
            _("Fever or active infection reported before the {procedure}."),
            procedure=ctx.label,
        )
        action = _(
            "No injection through infected skin or into a possibly infected joint: "
            "postpone until treated."
        )
    evidence = answer_evidence(_("fever or active infection: yes"))
    yield Finding(
        "ACTIVE_INFECTION", severity, message, action, sources.INFECTION, evidence
    )


def pregnancy(ctx):
    """Flag a possible pregnancy before fluoroscopy, by where the beam goes."""
    pregnant = ctx.answers.pregnant
    if pregnant == "no" or not ctx.procedure.uses_fluoroscopy:
        return
    status = _("pregnant") if pregnant == "yes" else _("unsure whether pregnant")
    if ctx.procedure.beam_on_trunk_at(ctx.intake.spinal_level):
        severity = Severity.CRITICAL
        template = _(
            "Patient {status}; fluoroscopy in the {procedure} puts the X-ray beam on "
            "the trunk or pelvis."
        )
        action = _("Verify pregnancy status before fluoroscopy.")
    else:
        severity = Severity.MODERATE
        template = _(
            "Patient {status}; the X-ray beam in the {procedure} spares the uterus."
        )
        action = _("Review the choice of steroid and contrast.")
    message = format_lazy(template, status=status, procedure=ctx.label)
    evidence = answer_evidence(format_lazy(_("pregnant: {answer}"), answer=pregnant))
    yield Finding("PREGNANCY", severity, message, action, sources.PREGNANCY, evidence)


def diabetes_steroid(ctx):
    """Flag diabetes (answered or a diabetes drug listed) before a steroid injection."""
    if not ctx.procedure.uses_steroid:
        return
    drugs = [item for item, _match, _generic in ctx.drugs_with("diabetes_drug")]
    if ctx.answers.diabetes or ctx.answers.diabetes_poorly_controlled:
        evidence = answer_evidence(_("diabetes: yes"))
    elif drugs:
        evidence = "; ".join(dict.fromkeys(item.evidence for item in drugs))
    else:
        return
    message = format_lazy(
        _(
            "Diabetes and a corticosteroid injected in the {procedure}: blood sugar "
            "rises for 1-3 days after."
        ),
        procedure=ctx.label,
    )
    if ctx.answers.diabetes_poorly_controlled:
        severity = Severity.MODERATE
        action = _(
            "Diabetes reported as poorly controlled: the radiologist reviews the "
            "steroid; the patient checks their blood sugar for 1-3 days after."
        )
    else:
        severity = Severity.INFO
        action = _("Ask the patient to check their blood sugar for 1-3 days after.")
    yield Finding(
        "DIABETES_STEROID", severity, message, action, sources.STEROID, evidence
    )


def unrecognized_medication(ctx):
    """Flag every entry the engine could not identify, or that is vague."""
    for item in ctx.items:
        if item.reading.unrecognized:
            message, action = _explain_unrecognized(ctx, item)
            yield Finding(
                "UNRECOGNIZED_MEDICATION",
                Severity.MODERATE,
                message,
                action,
                sources.UNRECOGNIZED,
                item.evidence,
            )


def _explain_unrecognized(ctx, item):
    reading = item.reading
    if reading.product_lines:
        return _product_line(ctx, reading.product_lines[0])
    ask = _("Ask the patient for the drug's name (the bottle or the pharmacy list).")
    if reading.vague_hints:
        words = " ".join(m.typed for m in reading.matches if m.record.kind == "vague")
        return format_lazy(VAGUE_HINTS[reading.vague_hints[0]], words=words), ask
    message = format_lazy(
        _("The engine could not identify “{words}” in this {listed} entry."),
        words=" ".join(reading.unknown_words) or item.entry.name,
        listed=LISTED_AS[item.listed_as],
    )
    action = _(
        "Identify it with the patient or the pharmacy, then review it; a clinic-local "
        "name can be added in the admin."
    )
    return message, action


def _product_line(ctx, record):
    bleeding = [
        version
        for version in record.detail
        if any(
            ctx.kb.classes_of(g) & BLEEDING_CLASSES for g in _generics_of(ctx, version)
        )
    ]
    message = format_lazy(
        _(
            "“{name}” is a product line whose versions differ ({versions}); "
            "{bleeding} contain aspirin or an NSAID."
        ),
        name=record.display,
        versions=", ".join(record.detail),
        bleeding=", ".join(bleeding) or "-",
    )
    return message, _("Ask which version the patient takes.")


def _generics_of(ctx, name):
    record = ctx.kb.lookup(normalize(name))
    return record.generics if record else ()
