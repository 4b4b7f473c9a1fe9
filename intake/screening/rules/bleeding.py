"""Bleeding-risk supplements and bleeding disorders.

Supplements: ASRA 2015 guidance (via ASRA News 2016) and Ang-Lee et al., JAMA
2001;286:208-216: consider stopping before high-risk procedures (garlic 7 days, ginkgo
36 hours, most herbs 7 days); evidence is mixed, so they never reach `high`.
Bleeding disorders: SIR 2019 lab thresholds for the high tier; EULAR 2021
intra-articular recommendations (rec. 8) for joint injections.
"""

from .. import sources
from ..context import answer_evidence, drug_label
from ..findings import Finding, Severity
from ..i18n import _, format_lazy, ngettext_lazy


def bleeding_supplement(ctx):
    """Flag supplements that may add to bleeding (medication or supplement list)."""
    with_antithrombotic = ctx.has_antithrombotic()
    for item, match, generic in ctx.drugs_with("bleeding_supplement"):
        if with_antithrombotic and ctx.high_tier:
            template = _(
                "Supplement {drug} may add to bleeding, and an antithrombotic drug is "
                "also listed; the {procedure} is {tier}."
            )
        else:
            template = _(
                "Supplement {drug} may add to bleeding; the {procedure} is {tier}."
            )
        message = format_lazy(
            template,
            drug=drug_label(match, generic),
            procedure=ctx.label,
            tier=ctx.tier_reason,
        )
        if ctx.high_tier:
            severity = Severity.MODERATE
            action = format_lazy(
                _(
                    "Consider stopping it before the procedure ({timing}); evidence is "
                    "mixed, so this is the radiologist's call."
                ),
                timing=_timing(ctx.kb.drugs[generic]),
            )
        else:
            severity = Severity.INFO
            action = _(
                "List it in the chart; no hold for a low bleeding-risk procedure."
            )
        yield Finding(
            "BLEEDING_SUPPLEMENT",
            severity,
            message,
            action,
            sources.SUPPLEMENTS,
            item.evidence,
        )


def _timing(drug):
    if drug.hold_hours:
        return format_lazy(
            ngettext_lazy(
                "about {n} hour before", "about {n} hours before", drug.hold_hours
            ),
            n=drug.hold_hours,
        )
    if drug.hold_days:
        return format_lazy(
            ngettext_lazy(
                "about {n} day before", "about {n} days before", drug.hold_days
            ),
            n=drug.hold_days,
        )
    return _("the source gives no interval; most herbs: about 7 days before")


def bleeding_disorder(ctx):
    """Flag a reported bleeding or clotting disorder."""
    if not ctx.answers.bleeding_disorder:
        return
    message = format_lazy(
        _("Bleeding or clotting disorder reported; the {procedure} is {tier}."),
        procedure=ctx.label,
        tier=ctx.tier_reason,
    )
    if ctx.high_tier:
        severity, action = (
            Severity.HIGH,
            _(
                "Check labs against the SIR thresholds for the high tier (INR 1.5-1.8 "
                "or less, platelets 50 x10^9/L or more) and get haematology input."
            ),
        )
    else:
        severity, action = (
            Severity.MODERATE,
            _(
                "Joint and other low-risk injections are not contraindicated unless "
                "the bleeding risk is high (EULAR 2021); the radiologist judges "
                "whether labs are needed (SIR low tier: INR 2.0-3.0 or less, platelets "
                "20 x10^9/L or more)."
            ),
        )
    yield Finding(
        "BLEEDING_DISORDER",
        severity,
        message,
        action,
        sources.BLEEDING_DISORDER,
        answer_evidence(_("bleeding or clotting disorder: yes")),
    )
