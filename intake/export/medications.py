"""MedicationStatements: each medication and supplement line as the patient typed it.

The text is always the patient's words. A coding is added only for a generic the
screening engine recognised AND that has a DrugBank accession in DrugBank's CC0 open
vocabulary (shipped with drug-named-entity-recognition): a code with a citable
source. The engine's drug classes are the project's own table, so they travel as
text in a note, never as a code.
"""

from fhir.resources.R4B.medicationstatement import MedicationStatement

from intake.screening import MedicationEntry
from intake.screening.broad import drugbank_id
from intake.screening.medications import read_entry

# DrugBank registers no FHIR URI; its drug pages' address names the accessions.
DRUGBANK = "https://go.drugbank.com/drugs"
CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"
LISTS = (("medications", "medication"), ("supplements", "supplement"))


def _entries(value):
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _entry(raw):
    return MedicationEntry(
        name=str(raw.get("name") or ""),
        dose=str(raw.get("dose") or ""),
        frequency=str(raw.get("frequency") or ""),
        last_dose=str(raw.get("last_dose") or ""),
    )


def _recognised(reading, knowledge_base):
    """Return (codings, note) for the generics the engine found in one entry."""
    generics = dict.fromkeys(g for m in reading.drugs for g in m.record.generics)
    codings, words = [], []
    for generic in generics:
        accession = drugbank_id(generic)
        if accession:
            codings.append({"system": DRUGBANK, "code": accession, "display": generic})
        classes = sorted(
            c.replace("_", " ") for c in knowledge_base.classes_of(generic)
        )
        words.append(f"{generic} ({', '.join(classes)})" if classes else generic)
    note = "Screening read this entry as: " + "; ".join(words) if words else None
    return codings, note


def _statement(raw, kind, *, knowledge_base, patient, intake, resource_id):
    entry = _entry(raw)
    reading = read_entry(entry, knowledge_base)
    codings, note = _recognised(reading, knowledge_base)
    dosage = ", ".join(part for part in (entry.dose, entry.frequency) if part)
    notes = [f"Patient-reported {kind}."]
    if entry.last_dose:
        notes.append(f"Last dose: {entry.last_dose}.")
    if note:
        notes.append(note)
    return MedicationStatement(
        id=resource_id,
        status="stopped" if reading.status == "stopped" else "active",
        category={"coding": [{"system": CATEGORY, "code": "patientspecified"}]},
        medicationCodeableConcept={"coding": codings or None, "text": entry.name},
        subject=patient_ref(patient),
        dateAsserted=intake.submitted_at,
        informationSource=patient_ref(patient),
        note=[{"text": " ".join(notes)}],
        dosage=[{"text": dosage}] if dosage else None,
    )


def patient_ref(patient):
    return {"reference": f"urn:uuid:{patient.id}"}


def _listed(answers):
    """Yield (key, kind, index, entry) for each non-blank medication or supplement."""
    for key, kind in LISTS:
        for index, raw in enumerate(_entries(answers.get(key))):
            if str(raw.get("name") or "").strip():
                yield key, kind, index, raw


def statements(answers, *, knowledge_base, patient, intake, ids):
    """Return one MedicationStatement per medication and supplement entry."""
    return [
        _statement(
            raw,
            kind,
            knowledge_base=knowledge_base,
            patient=patient,
            intake=intake,
            resource_id=ids("intake", intake.pk, key, index),
        )
        for key, kind, index, raw in _listed(answers)
    ]


def evidence_targets(answers, *, intake, ids):
    """Map the patient's words a flag quotes to the statement that holds them."""
    return {
        _entry(raw).evidence: ids("intake", intake.pk, key, index)
        for key, _, index, raw in _listed(answers)
    }
