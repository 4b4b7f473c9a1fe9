"""Helpers for the screening tests: the catalog's attributes and a one-call screen."""

from intake.screening import ProcedureProfile, intake_from_dict, screen

# CLINICAL.md §1, as `Procedure.clinical_attributes()` returns it.
_LOCAL_INJECTION = {
    "bleeding_risk": "low",
    "depends_on_spinal_level": False,
    "sedation": "local",
    "uses_contrast": True,
    "uses_steroid": True,
    "uses_cement": False,
    "uses_fluoroscopy": True,
    "beam_on_trunk": True,
}
ATTRIBUTES = {
    "vertebroplasty": {
        "bleeding_risk": "high",
        "depends_on_spinal_level": False,
        "sedation": "iv",
        "uses_contrast": True,
        "uses_steroid": False,
        "uses_cement": True,
        "uses_fluoroscopy": True,
        "beam_on_trunk": True,
    },
    "facet-joint-injection": {**_LOCAL_INJECTION, "depends_on_spinal_level": True},
    "sacroiliac-coccyx-injection": _LOCAL_INJECTION,
    "hip-joint-injection": _LOCAL_INJECTION,
    "upper-limb-joint-injection": {**_LOCAL_INJECTION, "beam_on_trunk": False},
    "lower-limb-joint-injection": {**_LOCAL_INJECTION, "beam_on_trunk": False},
}
PROCEDURES = {
    slug: ProcedureProfile.from_attributes({"slug": slug, **attributes})
    for slug, attributes in ATTRIBUTES.items()
}
SLUGS = tuple(PROCEDURES)
KNEE = "lower-limb-joint-injection"
VERTEBRO = "vertebroplasty"
FACET = "facet-joint-injection"


def run(procedure, *, meds=(), supplements=(), allergies=(), level=None, **answers):
    """Screen an intake given as short lists; allergies may be strings or dicts."""
    data = {
        "procedure": procedure,
        "spinal_level": level,
        "medications": [_entry(m) for m in meds],
        "supplements": [_entry(s) for s in supplements],
        "allergies": [{"substance": a} if isinstance(a, str) else a for a in allergies],
        "answers": answers,
    }
    profile = procedure if isinstance(procedure, ProcedureProfile) else None
    if profile is not None:
        data["procedure"] = profile.slug
    return screen(intake_from_dict(data), profile or PROCEDURES[procedure])


def _entry(item):
    return {"name": item} if isinstance(item, str) else item


def codes(findings):
    """Return the codes of the findings, in order."""
    return [finding.code for finding in findings]


def only(findings, code):
    """Return the one finding with this code (fails if there are none or several)."""
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) == 1, f"expected one {code}, got {codes(findings)}"
    return matching[0]


def severity(findings, code):
    """Return the severity of the one finding with `code`, or None if absent."""
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) <= 1, f"expected at most one {code}, got {codes(findings)}"
    return str(matching[0].severity) if matching else None


def profile_with(**changes):
    """Return a procedure profile like the knee injection, with some changes."""
    return ProcedureProfile.from_attributes(
        {**ATTRIBUTES[KNEE], "slug": "custom", **changes}
    )


# The example intake of DESIGN.md's screening contract.
CONTRACT_EXAMPLE = {
    "procedure": "vertebroplasty",
    "medications": [{"name": "Eliquis 5 mg twice a day"}],
    "supplements": [{"name": "fish oil"}],
    "allergies": [
        {
            "substance": "CT dye",
            "category": "iodinated_contrast",
            "reaction": "hives",
            "severity": "moderate",
        }
    ],
    "answers": {
        "pregnant": "no",
        "bleeding_disorder": False,
        "kidney_disease": False,
        "diabetes": False,
        "fever_or_infection": False,
        "sleep_apnea": False,
        "sedation_problems": False,
        "malignant_hyperthermia": False,
        "has_escort": True,
    },
}
