"""Iodinated contrast: prior reactions, metformin and kidney disease.

Source: ACR Manual on Contrast Media (read through institutional pages quoting it,
CLINICAL.md §4) and the ACR-AAAAI 2025 consensus abstract. A mild prior reaction is
`moderate`, a moderate or unknown one `high`, a severe one or anaphylaxis `critical`.
Shellfish, seafood, povidone-iodine and gadolinium are not iodinated-contrast
allergies, nor are warmth, nausea or a metallic taste (physiologic). An "iodine"
allergy with no detail is clarified, never treated as a contrast allergy.
"""

from .. import sources
from ..context import answer_evidence, drug_label
from ..findings import Finding, Severity
from ..i18n import _, format_lazy

CONTRAST_SEVERITY = {
    "mild": Severity.MODERATE,
    "moderate": Severity.HIGH,
    None: Severity.HIGH,
    "severe": Severity.CRITICAL,
    "anaphylaxis": Severity.CRITICAL,
}
LEVEL_WORDS = {
    "mild": _("mild"),
    "moderate": _("moderate"),
    None: _("severity not stated"),
    "severe": _("severe"),
    "anaphylaxis": _("anaphylaxis"),
}


def contrast_allergy(ctx):
    """Flag prior allergic-like reactions to iodinated contrast, and vague iodine."""
    for reading in ctx.allergies:
        if "contrast" in reading.kinds and not reading.physiologic_only:
            yield _contrast_reaction(ctx, reading)
        elif "iodine" in reading.kinds:
            yield _unexplained_iodine(ctx, reading)


def _contrast_reaction(ctx, reading):
    words = reading.words_for("contrast") or reading.entry.substance
    if not ctx.procedure.uses_contrast:
        message = format_lazy(
            _(
                "Prior reaction to iodinated contrast ({words}); the {procedure} uses "
                "none."
            ),
            words=words,
            procedure=ctx.label,
        )
        action = _("Note it in the chart.")
        return Finding(
            "CONTRAST_ALLERGY",
            Severity.INFO,
            message,
            action,
            sources.CONTRAST,
            reading.entry.evidence,
        )
    message = format_lazy(
        _(
            "Allergic-like reaction to iodinated contrast ({words}), {level}; the "
            "{procedure} uses iodinated contrast."
        ),
        words=words,
        level=LEVEL_WORDS[reading.level],
        procedure=ctx.label,
    )
    action = _(
        "The radiologist chooses no contrast, another agent, or premedication; for a "
        "small non-vascular dose after a mild reaction premedication is usually not "
        "needed. Record the agent, what happened, when, and whether it was treated."
    )
    severity = CONTRAST_SEVERITY[reading.level]
    return Finding(
        "CONTRAST_ALLERGY",
        severity,
        message,
        action,
        sources.CONTRAST,
        reading.entry.evidence,
    )


def _unexplained_iodine(ctx, reading):
    message = format_lazy(
        _(
            "“Iodine” allergy with no detail ({words}): not a contrast allergy until "
            "clarified."
        ),
        words=reading.words_for("iodine") or reading.entry.substance,
    )
    action = _(
        "Clarify what happened: a reaction to contrast, to Betadine (povidone-iodine) "
        "or to seafood? Only a reaction to contrast counts as a contrast allergy."
    )
    severity = Severity.MODERATE if ctx.procedure.uses_contrast else Severity.INFO
    return Finding(
        "CONTRAST_ALLERGY",
        severity,
        message,
        action,
        sources.CONTRAST,
        reading.entry.evidence,
    )


def metformin_contrast(ctx):
    """Flag metformin (alone or combined) when the procedure uses contrast."""
    if not ctx.procedure.uses_contrast:
        return
    for item, match, generic in ctx.drugs_with("metformin"):
        drug = drug_label(match, generic)
        if ctx.answers.kidney_disease:
            severity = Severity.MODERATE
            message = format_lazy(
                _(
                    "Listed {drug}; the {procedure} uses iodinated contrast, and "
                    "kidney disease is reported."
                ),
                drug=drug,
                procedure=ctx.label,
            )
            action = _(
                "ACR: hold metformin at the time of contrast and for 48 hours after; "
                "restart after a kidney check. ACR's text concerns intravascular "
                "contrast; for a tiny intra-articular dose it is the radiologist's "
                "call."
            )
        else:
            severity = Severity.INFO
            message = format_lazy(
                _(
                    "Listed {drug}; the {procedure} uses iodinated contrast; no kidney "
                    "disease is reported."
                ),
                drug=drug,
                procedure=ctx.label,
            )
            action = _("Continue metformin (ACR: no kidney disease reported).")
        yield Finding(
            "METFORMIN_CONTRAST",
            severity,
            message,
            action,
            sources.METFORMIN,
            item.evidence,
        )


def kidney_disease(ctx):
    """Flag kidney disease with contrast or a kidney-cleared anticoagulant."""
    if not ctx.answers.kidney_disease:
        return
    cleared = [
        drug_label(match, generic)
        for _item, match, generic in ctx.drugs_with("kidney_cleared")
    ]
    reasons = []
    if ctx.procedure.uses_contrast:
        reasons.append(
            format_lazy(
                _("the {procedure} uses iodinated contrast"), procedure=ctx.label
            )
        )
    if cleared:
        reasons.append(
            format_lazy(
                _("a kidney-cleared anticoagulant is listed ({drugs})"),
                drugs=format_lazy("{}" + ", {}" * (len(cleared) - 1), *cleared),
            )
        )
    if not reasons:
        return
    message = format_lazy(
        _("Kidney disease reported, and {reasons}."),
        reasons=format_lazy("{}" + "; {}" * (len(reasons) - 1), *reasons),
    )
    action = _(
        "Confirm eGFR / CrCl before the day; use the longer hold for a kidney-cleared "
        "anticoagulant."
    )
    yield Finding(
        "KIDNEY_DISEASE",
        Severity.MODERATE,
        message,
        action,
        sources.KIDNEY,
        answer_evidence(_("kidney disease: yes")),
    )
