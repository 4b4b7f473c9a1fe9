"""Allergies to local anesthetics, sedation drugs, latex and bone cement.

Every procedure uses an amide local anesthetic (lidocaine family). Amide allergy is
`high` (`critical` with anaphylaxis); esters (procaine/Novocain, benzocaine, ...) do not
cross-react with amides: `moderate`, like an unspecified agent (drug allergy practice
parameter, Khan et al., JACI 2022). Sedation allergies and malignant hyperthermia
matter under IV sedation (SAMBA/ASA statement 2019: triggers are volatile gases and
succinylcholine). Acrylic (PMMA) bone cement allergy is an absolute contraindication
to vertebroplasty (SIR quality improvement guidelines, JVIR 2003).
"""

from .. import sources
from ..context import answer_evidence
from ..findings import Finding, Severity
from ..i18n import _, format_lazy

LOCAL_ANESTHETIC = {
    "la_amide": (
        _(
            "Allergy to an amide local anesthetic ({words}); the {procedure} uses an "
            "amide local anesthetic (lidocaine family)."
        ),
        _(
            "Plan before the day: take the history, consider allergist testing and a "
            "preservative-free product; true allergy is rare."
        ),
    ),
    "la_ester": (
        _(
            "Allergy to an ester local anesthetic ({words}); esters do not "
            "cross-react with the amide used in the {procedure}."
        ),
        _("Lidocaine is usually usable; confirm the agent and the reaction."),
    ),
    "la_unspecified": (
        _("Allergy to an unspecified local anesthetic ({words})."),
        _(
            "Clarify the agent and the reaction: only an amide allergy (lidocaine "
            "family) affects the {procedure}."
        ),
    ),
}


def local_anesthetic_allergy(ctx):
    """Flag local anesthetic allergies by family."""
    for reading in ctx.allergies:
        for kind in ("la_amide", "la_ester", "la_unspecified"):
            if kind in reading.kinds:
                yield _local_anesthetic_finding(ctx, reading, kind)


def _local_anesthetic_finding(ctx, reading, kind):
    template, action = LOCAL_ANESTHETIC[kind]
    if kind == "la_amide":
        anaphylaxis = reading.level == "anaphylaxis"
        severity = Severity.CRITICAL if anaphylaxis else Severity.HIGH
    else:
        severity = Severity.MODERATE
    if ctx.procedure.sedation == "none":
        severity = Severity.INFO
    words = reading.words_for(kind) or reading.entry.substance
    return Finding(
        "LOCAL_ANESTHETIC_ALLERGY",
        severity,
        format_lazy(template, words=words, procedure=ctx.label),
        format_lazy(action, procedure=ctx.label),
        sources.LOCAL_ANESTHETIC,
        reading.entry.evidence,
    )


def sedation_allergy(ctx):
    """Flag sedation drug allergies, sedation problems, malignant hyperthermia."""
    for reading in ctx.allergies_with("sedation"):
        anaphylaxis = reading.level == "anaphylaxis"
        message = format_lazy(
            _("Allergy to a sedation or anesthesia drug ({words}); {sedation}."),
            words=reading.words_for("sedation") or reading.entry.substance,
            sedation=_sedation_text(ctx),
        )
        yield _sedation_finding(ctx, message, reading.entry.evidence, anaphylaxis)
    if ctx.answers.sedation_problems:
        message = format_lazy(
            _("A serious past problem with sedation or anesthesia; {sedation}."),
            sedation=_sedation_text(ctx),
        )
        evidence = answer_evidence(
            _("serious problem with sedation or anesthesia: yes")
        )
        yield _sedation_finding(ctx, message, evidence)
    hyperthermia = ctx.allergies_with("malignant_hyperthermia")
    if ctx.answers.malignant_hyperthermia or hyperthermia:
        yield _malignant_hyperthermia(ctx, hyperthermia)


def _sedation_text(ctx):
    if ctx.procedure.iv_sedation:
        return format_lazy(_("the {procedure} uses IV sedation"), procedure=ctx.label)
    return format_lazy(_("the {procedure} uses no IV sedation"), procedure=ctx.label)


def _sedation_finding(ctx, message, evidence, anaphylaxis=False):
    if ctx.procedure.iv_sedation:
        severity = Severity.HIGH if anaphylaxis else Severity.MODERATE
        action = _("Plan the sedation before the day (agent choice, anesthesia input).")
    else:
        severity, action = Severity.INFO, _("Note it in the chart.")
    return Finding(
        "SEDATION_ALLERGY", severity, message, action, sources.SEDATION, evidence
    )


def _malignant_hyperthermia(ctx, readings):
    message = format_lazy(
        _(
            "Malignant hyperthermia in the patient or a blood relative; {sedation}. "
            "Triggers are volatile anesthetic gases and succinylcholine; local "
            "anesthetics, benzodiazepines, opioids and propofol are safe."
        ),
        sedation=_sedation_text(ctx),
    )
    if ctx.procedure.iv_sedation:
        severity = Severity.MODERATE
        action = _("Tell the sedation team; avoid the triggers.")
    else:
        severity, action = Severity.INFO, _("Note it in the chart.")
    if readings:
        evidence = readings[0].entry.evidence
    else:
        evidence = answer_evidence(_("malignant hyperthermia in the family: yes"))
    return Finding(
        "SEDATION_ALLERGY", severity, message, action, sources.SEDATION, evidence
    )


def latex_allergy(ctx):
    """Flag latex allergy."""
    for reading in ctx.allergies_with("latex"):
        message = format_lazy(
            _("Latex allergy ({words})."),
            words=reading.words_for("latex") or reading.entry.substance,
        )
        action = _("Use a latex-safe room and supplies.")
        yield Finding(
            "LATEX_ALLERGY",
            Severity.MODERATE,
            message,
            action,
            sources.LATEX,
            reading.entry.evidence,
        )


def bone_cement_allergy(ctx):
    """Flag acrylic (PMMA) bone cement allergy when the procedure injects cement."""
    if not ctx.procedure.uses_cement:
        return
    for reading in ctx.allergies_with("bone_cement"):
        message = format_lazy(
            _(
                "Allergy to acrylic (PMMA) bone cement ({words}); the {procedure} "
                "injects bone cement."
            ),
            words=reading.words_for("bone_cement") or reading.entry.substance,
            procedure=ctx.label,
        )
        action = _(
            "Absolute contraindication (SIR): do not proceed with cement until the "
            "radiologist has a plan."
        )
        yield Finding(
            "BONE_CEMENT_ALLERGY",
            Severity.CRITICAL,
            message,
            action,
            sources.BONE_CEMENT,
            reading.entry.evidence,
        )
