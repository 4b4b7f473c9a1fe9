"""Anticoagulants, antiplatelets, NSAIDs and their combinations.

Source: SIR 2019 consensus on periprocedural bleeding risk, Part II drug tables (JVIR
2019;30:1155-1184; read through a public transcription, CLINICAL.md §4), as tabled in
CLINICAL.md §2. Low bleeding-risk procedures hold nothing (warfarin: check the INR);
high-risk ones hold for the drug's interval, longer with poor kidney function. Holds
are agreed by the radiologist and the prescriber: the patient never stops alone.
"""

import re

from .. import sources
from ..context import ANTITHROMBOTIC, drug_label
from ..findings import Finding, Severity
from ..i18n import _, format_lazy
from ..text import normalize

AGREED = _(
    "The radiologist and the prescriber agree the hold; the patient must not stop "
    "on their own."
)
NO_HOLD = _("Do not withhold for a low bleeding-risk procedure.")

# profile -> (hold, hold when kidney disease is reported or None)
ANTICOAGULANT_HOLDS = {
    "vka": (
        _(
            "Withhold 5 days, to an INR of 1.5-1.8 or less; bridging is decided with "
            "the prescriber when thrombotic risk is high (mechanical valve, recent "
            "clot)."
        ),
        None,
    ),
    "apixaban": (
        _("Withhold 4 doses (2 days); 6 doses (3 days) if CrCl is below 50."),
        _("Kidney disease reported: plan 6 doses (3 days) unless CrCl is 50 or more."),
    ),
    "rivaroxaban": (
        _("Withhold 2 days; 3 days if CrCl is 15-29."),
        _("Kidney disease reported: plan 3 days if CrCl is 15-29, else 2 days."),
    ),
    "edoxaban": (_("Withhold 2 days."), None),
    "dabigatran": (
        _("Withhold 2 days; 3-4 days if CrCl is below 50."),
        _("Kidney disease reported: plan 3-4 days unless CrCl is 50 or more."),
    ),
    "fondaparinux": (
        _("Withhold 2-3 days; 3-5 days if CrCl is below 50."),
        _("Kidney disease reported: plan 3-5 days unless CrCl is 50 or more."),
    ),
    "heparin": (_("Give the last dose at least 6 hours before the procedure."), None),
    "unlisted": (
        _(
            "Not in the SIR 2019 drug tables (unverified): the radiologist and the "
            "prescriber decide the hold interval."
        ),
        None,
    ),
}
LMWH_HOLDS = {
    "prophylactic": _("Prophylactic dose: withhold 1 dose."),
    "therapeutic": _("Therapeutic dose: withhold 2 doses, or 24 hours."),
    None: _(
        "Dose not clear: ask. A prophylactic dose (e.g. 40 mg once daily) is withheld "
        "1 dose; a therapeutic dose (1 mg/kg twice daily, 1.5 mg/kg daily) 2 doses "
        "or 24 hours."
    ),
}
KIDNEY_CONFIRM = _("Kidney disease reported: confirm CrCl.")

# profile -> (severity, action) before a high bleeding-risk procedure
ANTIPLATELET_HIGH = {
    "aspirin": (
        Severity.HIGH,
        _("Withhold 3-5 days, decided per patient (stents, why it is taken)."),
    ),
    "clopidogrel": (Severity.HIGH, _("Withhold 5 days.")),
    "prasugrel": (Severity.HIGH, _("Withhold 7 days.")),
    "ticagrelor": (Severity.HIGH, _("Withhold 5 days.")),
    "aggrenox": (Severity.HIGH, _("Withhold 3-5 days.")),
    "unlisted": (
        Severity.MODERATE,
        _(
            "Not in SIR's table: the radiologist decides whether to hold it "
            "(unverified)."
        ),
    ),
    "cilostazol": (
        Severity.INFO,
        _("Do not withhold: SIR advises continuing cilostazol at either tier."),
    ),
}

_THERAPEUTIC = re.compile(
    r"\b(twice|bid|q ?12|every 12|2 times|two times|mg kg|per kg)\b"
)
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)*) (mg|units|unit|iu|u)\b")


def anticoagulant(ctx):
    """Flag anticoagulants: hold before high-risk procedures, INR check for warfarin."""
    for item, match, generic in ctx.drugs_with("anticoagulant"):
        drug = ctx.kb.drugs[generic]
        message = format_lazy(
            _("Anticoagulant {drug} before the {procedure}, {tier}."),
            drug=drug_label(match, generic),
            procedure=ctx.label,
            tier=ctx.tier_reason,
        )
        severity, action = _anticoagulant_action(ctx, item, drug)
        source = sources.SIR_UNVERIFIED if drug.unverified else sources.SIR
        yield Finding("ANTICOAGULANT", severity, message, action, source, item.evidence)


def _anticoagulant_action(ctx, item, drug):
    if not ctx.high_tier:
        if drug.profile == "vka":
            return Severity.MODERATE, _(
                "Do not withhold; confirm a recent INR of 3.0 or less."
            )
        return Severity.INFO, NO_HOLD
    if drug.profile == "lmwh":
        hold, kidney = LMWH_HOLDS[lmwh_dose(item.entry)], None
    else:
        hold, kidney = ANTICOAGULANT_HOLDS[drug.profile]
    if ctx.answers.kidney_disease and "kidney_cleared" in drug.classes:
        kidney = kidney or KIDNEY_CONFIRM
        return Severity.HIGH, format_lazy("{} {} {}", kidney, hold, AGREED)
    return Severity.HIGH, format_lazy("{} {}", hold, AGREED)


def lmwh_dose(entry):
    """Return "prophylactic", "therapeutic" or None from the entry's dose words."""
    text = normalize(f"{entry.name} {entry.dose} {entry.frequency}")
    if _THERAPEUTIC.search(text):
        return "therapeutic"
    amount = _AMOUNT.search(text)
    if amount is None:
        return None
    number, unit = float(amount[1].replace(",", "")), amount[2]
    return "prophylactic" if number <= (40 if unit == "mg" else 5000) else "therapeutic"


def antiplatelet(ctx):
    """Flag antiplatelets; aspirin with dipyridamole in one entry is one flag."""
    per_item = {}
    for item, match, generic in ctx.drugs_with("antiplatelet"):
        per_item.setdefault(item, []).append((match, generic))
    for item, found in per_item.items():
        pair = {"aspirin", "dipyridamole"} <= {generic for _, generic in found}
        for match, generic in found:
            if pair and generic == "dipyridamole":
                continue
            if pair:
                label = format_lazy("aspirin + dipyridamole ({})", match.record.display)
                profile = "aggrenox"
            else:
                label = drug_label(match, generic)
                profile = ctx.kb.drugs[generic].profile
            yield _antiplatelet_finding(ctx, item, label, profile)


def _antiplatelet_finding(ctx, item, label, profile):
    severity, action = ANTIPLATELET_HIGH[profile]
    if not ctx.high_tier:
        severity = Severity.INFO
        action = action if profile == "cilostazol" else NO_HOLD
    elif severity == Severity.HIGH:
        action = format_lazy("{} {}", action, AGREED)
    message = format_lazy(
        _("Antiplatelet {drug} before the {procedure}, {tier}."),
        drug=label,
        procedure=ctx.label,
        tier=ctx.tier_reason,
    )
    source = sources.SIR_UNVERIFIED if profile == "unlisted" else sources.SIR
    return Finding("ANTIPLATELET", severity, message, action, source, item.evidence)


def multiple_antithrombotics(ctx):
    """Flag two or more different anticoagulant/antiplatelet agents together."""
    per_item = {}
    for drug_class in sorted(ANTITHROMBOTIC):
        for item, match, generic in ctx.drugs_with(drug_class):
            if generic != "cilostazol":
                per_item.setdefault(item, {})[generic] = drug_label(match, generic)
    agents = {generic for found in per_item.values() for generic in found}
    # One combination product (Aggrenox) is one line of treatment, not two.
    if len(agents) < 2 or any(set(found) == agents for found in per_item.values()):
        return
    labels = [label for found in per_item.values() for label in found.values()]
    message = format_lazy(
        _(
            "{count} antithrombotic agents together ({agents}) before the {procedure}, "
            "{tier}."
        ),
        count=len(agents),
        agents=format_lazy("{}" + "; {}" * (len(labels) - 1), *labels),
        procedure=ctx.label,
        tier=ctx.tier_reason,
    )
    if ctx.high_tier:
        severity, action = (
            Severity.HIGH,
            _(
                "Multidisciplinary decision (cardiology or the prescriber) before any "
                "hold; dual antiplatelet therapy after a stent is only changed with "
                "cardiology."
            ),
        )
    else:
        severity, action = (
            Severity.INFO,
            _("No hold for a low bleeding-risk procedure; note the combination."),
        )
    evidence = "; ".join(item.evidence for item in per_item)
    yield Finding(
        "MULTIPLE_ANTITHROMBOTICS", severity, message, action, sources.SIR, evidence
    )


def nsaid(ctx):
    """Flag NSAIDs taken by mouth; celecoxib is a note before high-risk procedures."""
    for item, match, generic in ctx.drugs_with("nsaid"):
        if not item.reading.topical:
            yield _nsaid_finding(ctx, item, drug_label(match, generic))
    if ctx.high_tier:
        for item, match, generic in ctx.drugs_with("cox2"):
            message = format_lazy(
                _("COX-2 inhibitor {drug} before the {procedure}, {tier}."),
                drug=drug_label(match, generic),
                procedure=ctx.label,
                tier=ctx.tier_reason,
            )
            action = _("No hold needed: COX-2 inhibitors do not impair platelets.")
            yield Finding(
                "NSAID", Severity.INFO, message, action, sources.SIR, item.evidence
            )


def _nsaid_finding(ctx, item, label):
    message = format_lazy(
        _("NSAID {drug} by mouth before the {procedure}, {tier}."),
        drug=label,
        procedure=ctx.label,
        tier=ctx.tier_reason,
    )
    if ctx.high_tier:
        severity, action = (
            Severity.MODERATE,
            _(
                "SIR makes no recommendation; if the radiologist wants it stopped, "
                "about 5 half-lives before is enough."
            ),
        )
    else:
        severity, action = (
            Severity.INFO,
            _("No hold for a low bleeding-risk procedure."),
        )
    return Finding("NSAID", severity, message, action, sources.SIR, item.evidence)
