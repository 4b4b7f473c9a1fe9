"""What a radiologist may do about each flag code, and how staff read a flag.

The codes are the screening contract's (DESIGN.md; `intake.screening.findings.CODES`);
this table sits outside the pure screening package because it is about the review,
not the screening. Each code lists the dispositions that fit it (CLINICAL.md section 2
names the actions), and a topic that turns the code into a title staff read
("Blood thinner: Eliquis (apixaban)"). A code the table does not know (a newer
engine) still gets every disposition, so a flag can never be left without a choice.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Disposition(models.TextChoices):
    """How a radiologist resolved a flag; stored values never change meaning."""

    # Drugs and supplements.
    HOLD_DRUG = "hold_drug", _("Hold per protocol")
    HOLD_WITH_PRESCRIBER = (
        "hold_with_prescriber",
        _("Hold as decided with the prescriber"),
    )
    BRIDGING = "bridging", _("Hold with bridging by the prescriber")
    CONTINUE_DRUG = "continue_drug", _("Continue: no hold")
    # Allergies.
    PREMEDICATE = "premedicate", _("Premedicate")
    OTHER_AGENT = "other_agent", _("Use another agent")
    NO_CONTRAST = "no_contrast", _("No contrast")
    LATEX_SAFE = "latex_safe", _("Latex-safe room and supplies")
    OTHER_SKIN_PREP = "other_skin_prep", _("Use another skin prep")
    ALLERGIST_FIRST = "allergist_first", _("Allergist first (not on this date)")
    # The day itself.
    ESCORT_ARRANGED = "escort_arranged", _("Escort arranged")
    NO_SEDATION = "no_sedation", _("Local anesthetic only, no sedation")
    SEDATION_PLAN = "sedation_plan", _("Sedation plan made")
    CHECK_LABS = "check_labs", _("Labs checked before the day")
    ADVISE_PATIENT = "advise_patient", _("Advise the patient (instructions)")
    PROCEED_AFTER_CONFIRMATION = (
        "proceed_after_confirmation",
        _("Proceed after confirmation on the day"),
    )
    # Any flag (the first list's values, kept valid for stored flags).
    PROCEED = "proceed", _("Proceed as planned")
    CALL_PATIENT = "call_patient", _("Call the patient")
    RESCHEDULE = "reschedule", _("Reschedule (not on this date)")
    OTHER = "other", _("Other (see note)")


D = Disposition
# The patient stops a drug before the day: the instructions must give the date.
HOLDS = frozenset({D.HOLD_DRUG, D.HOLD_WITH_PRESCRIBER, D.BRIDGING})
# The procedure cannot happen on the booked date.
NOT_ON_THIS_DATE = frozenset({D.RESCHEDULE, D.ALLERGIST_FIRST})
NEEDS_NOTE = frozenset({D.OTHER, D.BRIDGING})


@dataclass(frozen=True)
class CodeReview:
    """How staff read one code and what they may decide about it."""

    topic: str
    dispositions: tuple
    # What the evidence quotes: a drug entry, an allergen, or "" for an answer.
    entry: str = ""


DRUG, ALLERGEN = "drug", "allergen"


def _drug(topic, *extra):
    return CodeReview(topic, (D.HOLD_DRUG, D.CONTINUE_DRUG, *extra, D.OTHER), DRUG)


def _allergy(topic, *choices):
    return CodeReview(topic, (*choices, D.OTHER), ALLERGEN)


def _answer(topic, *choices):
    return CodeReview(topic, (*choices, D.OTHER))


BY_CODE = {
    "ANTICOAGULANT": _drug(
        _("Blood thinner"), D.HOLD_WITH_PRESCRIBER, D.BRIDGING, D.RESCHEDULE
    ),
    "ANTIPLATELET": _drug(
        _("Antiplatelet blood thinner"), D.HOLD_WITH_PRESCRIBER, D.RESCHEDULE
    ),
    "MULTIPLE_ANTITHROMBOTICS": CodeReview(
        _("Several blood thinners together"),
        (
            D.HOLD_WITH_PRESCRIBER,
            D.BRIDGING,
            D.CONTINUE_DRUG,
            D.RESCHEDULE,
            D.OTHER,
        ),
        DRUG,
    ),
    "NSAID": _drug(_("Anti-inflammatory painkiller (NSAID)")),
    "BLEEDING_SUPPLEMENT": _drug(_("Supplement that may add to bleeding")),
    "BLEEDING_DISORDER": _answer(
        _("Bleeding or clotting disorder"), D.CHECK_LABS, D.PROCEED, D.RESCHEDULE
    ),
    "CONTRAST_ALLERGY": _allergy(
        _("Contrast allergy"),
        D.PREMEDICATE,
        D.OTHER_AGENT,
        D.NO_CONTRAST,
        D.ALLERGIST_FIRST,
        D.PROCEED,
        D.RESCHEDULE,
    ),
    "LOCAL_ANESTHETIC_ALLERGY": _allergy(
        _("Local anesthetic allergy"),
        D.OTHER_AGENT,
        D.ALLERGIST_FIRST,
        D.PROCEED,
        D.RESCHEDULE,
    ),
    "SEDATION_ALLERGY": _allergy(
        _("Sedation or anesthesia allergy"),
        D.OTHER_AGENT,
        D.NO_SEDATION,
        D.SEDATION_PLAN,
        D.ALLERGIST_FIRST,
        D.PROCEED,
        D.RESCHEDULE,
    ),
    "LATEX_ALLERGY": _allergy(_("Latex allergy"), D.LATEX_SAFE),
    "ANTISEPTIC_ALLERGY": _allergy(
        _("Skin antiseptic allergy"),
        D.OTHER_SKIN_PREP,
        D.ALLERGIST_FIRST,
        D.PROCEED,
        D.RESCHEDULE,
    ),
    "BONE_CEMENT_ALLERGY": _allergy(
        _("Bone cement allergy"),
        D.RESCHEDULE,
        D.ALLERGIST_FIRST,
        D.PROCEED_AFTER_CONFIRMATION,
    ),
    "METFORMIN_CONTRAST": _drug(_("Metformin and contrast"), D.NO_CONTRAST),
    "KIDNEY_DISEASE": _answer(
        _("Kidney disease"), D.CHECK_LABS, D.NO_CONTRAST, D.PROCEED
    ),
    "PREGNANCY": _answer(
        _("Possible pregnancy"), D.RESCHEDULE, D.PROCEED_AFTER_CONFIRMATION
    ),
    "ACTIVE_INFECTION": _answer(
        _("Fever or active infection"), D.RESCHEDULE, D.PROCEED_AFTER_CONFIRMATION
    ),
    "DIABETES_STEROID": _answer(
        _("Diabetes and a steroid injection"), D.ADVISE_PATIENT, D.PROCEED
    ),
    "DIABETES_FASTING": _drug(
        _("Diabetes medicine while fasting"), D.ADVISE_PATIENT, D.HOLD_WITH_PRESCRIBER
    ),
    "GLP1_SEDATION": _drug(
        _("GLP-1 medicine and sedation"), D.ADVISE_PATIENT, D.NO_SEDATION
    ),
    "SGLT2_SEDATION": _drug(_("SGLT2 medicine and sedation"), D.NO_SEDATION),
    "SLEEP_APNEA_SEDATION": _answer(
        _("Sleep apnea and sedation"), D.SEDATION_PLAN, D.NO_SEDATION, D.PROCEED
    ),
    "NO_ESCORT": _answer(
        _("No adult to take the patient home"),
        D.ESCORT_ARRANGED,
        D.NO_SEDATION,
        D.RESCHEDULE,
    ),
    "UNRECOGNIZED_MEDICATION": CodeReview(
        _("Medication not recognized"),
        (D.CALL_PATIENT, D.PROCEED, D.HOLD_DRUG, D.OTHER),
        DRUG,
    ),
}


def review_of(code):
    """Return the CodeReview of a code; an unknown code gets every disposition."""
    review = BY_CODE.get(code)
    if review is None:
        return CodeReview(code.replace("_", " ").capitalize(), tuple(Disposition))
    return review


def disposition_choices(code):
    """Return (value, label) pairs of the dispositions that fit a code."""
    return [(value, Disposition(value).label) for value in review_of(code).dispositions]


def entry_names(evidence):
    """Return the names in the patient's entries ("Eliquis 5 mg daily" -> Eliquis).

    An entry ends at a comma (the reaction follows) or at the first word with a
    digit (the dose follows); several entries are separated by semicolons.
    """
    names = []
    for part in str(evidence or "").split(";"):
        words = part.split(",")[0].split()
        kept = []
        for word in words:
            if any(char.isdigit() for char in word):
                break
            kept.append(word)
        name = " ".join(kept or words)
        if name:
            names.append(name)
    return names


def _with_generic(name, message):
    """Add the generic the engine named next to a brand ("apixaban (Eliquis)")."""
    found = re.search(rf"([\w-]+) \({re.escape(name)}\)", message or "", re.IGNORECASE)
    return f"{name} ({found[1]})" if found else name


def flag_subject(flag):
    """Return what a flag is about in the patient's words, or "" for an answer."""
    entry = review_of(flag.code).entry
    names = entry_names(flag.evidence) if entry else []
    if entry == DRUG:
        names = [_with_generic(name, flag.message) for name in names]
    return ", ".join(names)


def flag_title(flag):
    """Return the title staff read for a flag: topic, then what it is about."""
    topic, subject = str(review_of(flag.code).topic), flag_subject(flag)
    return f"{topic}: {subject}" if subject else topic
