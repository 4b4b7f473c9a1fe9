"""Allergies to the skin antiseptic used to prep the injection site.

Every procedure preps the skin. A reaction to povidone-iodine (Betadine) is not an
allergy to iodinated contrast (ACR Manual on Contrast Media, via CLINICAL.md §2): it is
`moderate`, and the prep is switched to chlorhexidine or alcohol. Chlorhexidine can
cause anaphylaxis and hides in skin preps, catheter coatings and lubricating gels
(MHRA Drug Safety Update 2021; AAGBI/BSACI perioperative anaphylaxis guidance): `high`,
`critical` after anaphylaxis. An antiseptic the patient does not name is asked about.
"""

from .. import sources
from ..findings import Finding, Severity
from ..i18n import _, format_lazy

BOTH = _(
    "The patient also reports a reaction to the other antiseptic: prep with alcohol "
    "only, and check every product on the tray (skin preps, catheters, gels) for "
    "chlorhexidine."
)
ANTISEPTIC = {
    "antiseptic_iodine": (
        _(
            "Reaction to povidone-iodine skin antiseptic ({words}); this is not an "
            "allergy to iodinated contrast."
        ),
        _("Prep the skin with chlorhexidine (or alcohol) instead of povidone-iodine."),
        sources.ANTISEPTIC,
    ),
    "chlorhexidine": (
        _(
            "Allergy to chlorhexidine ({words}); chlorhexidine can cause anaphylaxis "
            "and is hidden in skin preps, catheter coatings and lubricating gels."
        ),
        _(
            "Prep the skin with povidone-iodine or alcohol, and check every product "
            "on the tray (skin preps, catheters, gels) for chlorhexidine."
        ),
        sources.CHLORHEXIDINE,
    ),
    "antiseptic_unspecified": (
        _("Reaction to a skin antiseptic that is not named ({words})."),
        _(
            "Ask which antiseptic it was (povidone-iodine / Betadine or chlorhexidine) "
            "and what happened, before the skin is prepped."
        ),
        sources.ANTISEPTIC,
    ),
}


def antiseptic_allergy(ctx):
    """Flag reactions to povidone-iodine, chlorhexidine or an unnamed antiseptic."""
    both = bool(ctx.allergies_with("antiseptic_iodine")) and bool(
        ctx.allergies_with("chlorhexidine")
    )
    for reading in ctx.allergies:
        for kind in ANTISEPTIC:
            if kind in reading.kinds:
                yield _antiseptic_finding(reading, kind, both)


def _antiseptic_finding(reading, kind, both):
    template, action, source = ANTISEPTIC[kind]
    if kind != "chlorhexidine":
        severity = Severity.MODERATE
    elif reading.level == "anaphylaxis":
        severity = Severity.CRITICAL
    else:
        severity = Severity.HIGH
    if both and kind != "antiseptic_unspecified":
        action = BOTH
    words = reading.words_for(kind) or reading.entry.substance
    return Finding(
        "ANTISEPTIC_ALLERGY",
        severity,
        format_lazy(template, words=words),
        action,
        source,
        reading.entry.evidence,
    )
