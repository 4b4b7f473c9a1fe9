"""Drugs and conditions that matter under IV sedation (and fasting for it).

GLP-1 drugs: 2024 multisociety guidance (most continue; 24 h liquid diet with risk
factors) and ASA 2023 (if held: weekly drug 1 week, daily drug on the day). SGLT2
inhibitors: FDA 2020 labels (stop 3 days before scheduled surgery, ertugliflozin 4).
Insulin, sulfonylureas, glinides: fasting-morning dose instructions (practice,
unverified). Sleep apnea: ASA OSA guideline 2014. Escort: the clinic's leaflet.
Local-only procedures raise none of these, except a missing driver (`info`).
"""

from .. import sources
from ..context import answer_evidence, drug_label
from ..findings import Finding, Severity
from ..i18n import _, format_lazy, ngettext_lazy


def glp1_sedation(ctx):
    """Flag GLP-1 drugs before IV sedation (aspiration risk)."""
    if not ctx.procedure.iv_sedation:
        return
    for item, match, generic in ctx.drugs_with("glp1"):
        message = format_lazy(
            _(
                "GLP-1 drug {drug} slows stomach emptying: aspiration risk under IV "
                "sedation in the {procedure}."
            ),
            drug=drug_label(match, generic),
            procedure=ctx.label,
        )
        action = _(
            "Most patients continue it (2024 multisociety guidance), with a liquid "
            "diet for 24 hours before when there are risk factors. If it is held (ASA "
            "2023): a weekly drug 1 week before, a daily drug on the day; decided with "
            "the prescriber."
        )
        yield Finding(
            "GLP1_SEDATION",
            Severity.MODERATE,
            message,
            action,
            sources.GLP1,
            item.evidence,
        )


def sglt2_sedation(ctx):
    """Flag SGLT2 inhibitors before IV sedation (ketoacidosis with fasting)."""
    if not ctx.procedure.iv_sedation:
        return
    for item, match, generic in ctx.drugs_with("sglt2"):
        days = ctx.kb.drugs[generic].hold_days or 3
        message = format_lazy(
            _(
                "SGLT2 inhibitor {drug}: ketoacidosis risk with fasting for IV "
                "sedation in the {procedure}."
            ),
            drug=drug_label(match, generic),
            procedure=ctx.label,
        )
        action = format_lazy(
            ngettext_lazy(
                "FDA label: stop it {n} day before scheduled surgery; agree the plan "
                "with the prescriber.",
                "FDA label: stop it {n} days before scheduled surgery; agree the plan "
                "with the prescriber.",
                days,
            ),
            n=days,
        )
        yield Finding(
            "SGLT2_SEDATION",
            Severity.MODERATE,
            message,
            action,
            sources.SGLT2,
            item.evidence,
        )


def diabetes_fasting(ctx):
    """Flag insulin, sulfonylureas and glinides before fasting for IV sedation."""
    if not ctx.procedure.iv_sedation:
        return
    for drug_class in ("insulin", "sulfonylurea", "glinide"):
        for item, match, generic in ctx.drugs_with(drug_class):
            message = format_lazy(
                _(
                    "Diabetes drug {drug} can cause low blood sugar while fasting for "
                    "IV sedation in the {procedure}."
                ),
                drug=drug_label(match, generic),
                procedure=ctx.label,
            )
            action = _("Give dose instructions for the fasting morning.")
            yield Finding(
                "DIABETES_FASTING",
                Severity.MODERATE,
                message,
                action,
                sources.DIABETES_FASTING,
                item.evidence,
            )


def sleep_apnea_sedation(ctx):
    """Flag obstructive sleep apnea before IV sedation."""
    if not (ctx.answers.sleep_apnea and ctx.procedure.iv_sedation):
        return
    message = format_lazy(
        _("Obstructive sleep apnea and IV sedation in the {procedure}."),
        procedure=ctx.label,
    )
    action = _(
        "Plan the sedation for sleep apnea; ask the patient to bring their CPAP."
    )
    yield Finding(
        "SLEEP_APNEA_SEDATION",
        Severity.MODERATE,
        message,
        action,
        sources.SLEEP_APNEA,
        answer_evidence(_("obstructive sleep apnea: yes")),
    )


def no_escort(ctx):
    """Flag a patient with no adult to take them home."""
    if ctx.answers.has_escort:
        return
    if ctx.procedure.iv_sedation:
        severity = Severity.HIGH
        message = format_lazy(
            _(
                "No adult to take the patient home after IV sedation in the "
                "{procedure}."
            ),
            procedure=ctx.label,
        )
        action = _(
            "Arrange a responsible adult to take the patient home (a taxi or bus alone "
            "does not count), or reschedule."
        )
    else:
        severity = Severity.INFO
        message = _(
            "No adult to take the patient home; the clinic's leaflet asks every "
            "patient to bring a driver."
        )
        action = _("Remind the patient to arrange a driver.")
    evidence = answer_evidence(_("an adult will take me home: no"))
    yield Finding("NO_ESCORT", severity, message, action, sources.ESCORT, evidence)
