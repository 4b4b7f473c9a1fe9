"""AllergyIntolerances: each allergy the patient reported, or "no known allergies".

Category comes from the question the patient answered (a local anesthetic,
sedation or contrast allergy is a medication allergy; latex is environmental);
entries typed under "other allergies" carry no category. Severity maps to FHIR's
criticality (potential for serious harm) and reaction severity; anaphylaxis is
severe with high criticality. Every entry is patient-reported, so unconfirmed.
"""

from fhir.resources.R4B.allergyintolerance import AllergyIntolerance

from intake.export.medications import patient_ref
from intake.screening import AllergyEntry

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"
SNOMED = "http://snomed.info/sct"
CATEGORY = {
    "local_anesthetic": "medication",
    "general_anesthesia": "medication",
    "iodinated_contrast": "medication",
    "medication": "medication",
    "latex": "environment",
    "food": "food",
}
CRITICALITY = {
    "mild": "low",
    "moderate": "low",
    "severe": "high",
    "anaphylaxis": "high",
}
REACTION_SEVERITY = {
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "anaphylaxis": "severe",
}
# SNOMED CT 716186003 |No known allergy|, from the R4 AllergyIntolerance code value
# set (allergyintolerance-code), the standard's own negated statement.
NO_KNOWN_ALLERGY = {
    "system": SNOMED,
    "code": "716186003",
    "display": "No known allergy",
}


def _status(name, code):
    return {
        "coding": [{"system": f"{TERMINOLOGY}/allergyintolerance-{name}", "code": code}]
    }


def _reaction(entry):
    text = str(entry.get("reaction") or "").strip()
    severity = REACTION_SEVERITY.get(entry.get("severity"))
    if not text and not severity:
        return None
    reaction = {"manifestation": [{"text": text or "Not described by the patient"}]}
    if severity:
        reaction["severity"] = severity
    if entry.get("severity") == "anaphylaxis":
        reaction["description"] = "Patient reports anaphylaxis."
    return [reaction]


def _allergy(entry, *, patient, intake, resource_id):
    category = CATEGORY.get(entry.get("category"))
    return AllergyIntolerance(
        id=resource_id,
        clinicalStatus=_status("clinical", "active"),
        verificationStatus=_status("verification", "unconfirmed"),
        category=[category] if category else None,
        criticality=CRITICALITY.get(entry.get("severity"), "unable-to-assess"),
        code={"text": str(entry.get("substance"))},
        patient=patient_ref(patient),
        recordedDate=intake.submitted_at,
        asserter=patient_ref(patient),
        reaction=_reaction(entry),
    )


def _listed(answers):
    """Yield (index, entry) for each allergy entry that names a substance."""
    entries = answers.get("allergies")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and str(entry.get("substance") or "").strip():
            yield index, entry


def evidence_targets(answers, *, intake, ids):
    """Map the patient's words a flag quotes to the allergy that holds them."""
    return {
        AllergyEntry(
            substance=str(entry["substance"]), reaction=str(entry.get("reaction") or "")
        ).evidence: ids("intake", intake.pk, "allergy", index)
        for index, entry in _listed(answers)
    }


def allergies(answers, *, patient, intake, ids):
    """Return the AllergyIntolerances of the answers (one negated one for NKA)."""
    found = [
        _allergy(
            entry,
            patient=patient,
            intake=intake,
            resource_id=ids("intake", intake.pk, "allergy", index),
        )
        for index, entry in _listed(answers)
    ]
    if found or not answers.get("no_known_allergies"):
        return found
    return [
        AllergyIntolerance(
            id=ids("intake", intake.pk, "allergy", "none"),
            clinicalStatus=_status("clinical", "active"),
            verificationStatus=_status("verification", "unconfirmed"),
            code={"coding": [NO_KNOWN_ALLERGY], "text": "No known allergies"},
            patient=patient_ref(patient),
            recordedDate=intake.submitted_at,
            asserter=patient_ref(patient),
        )
    ]
