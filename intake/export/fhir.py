"""A submitted intake as one FHIR Bundle, built with fhir.resources' R4B models.

R4B (4.3.0) is the R4 line's maintenance release: for every resource and data type
used here its elements are those of R4 (4.0.1), so an R4 server reads the bundle.
The bundle is a `collection`: it hands the record system a set of resources and
asks for no processing, so the receiver matches the Patient to its own index rather
than a transaction creating a duplicate on every export (many patients have no
record number to match on). Ids are UUIDs derived from the site and the intake, so a
re-export gives the same ids.

The clinical resources come from the frozen answers (the ones screened and hashed);
the QuestionnaireResponse from the step data validated at submission.
"""

import uuid

from django.conf import settings
from django.utils import translation
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.clinicalimpression import ClinicalImpression
from fhir.resources.R4B.detectedissue import DetectedIssue
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner

from intake.dispositions import Disposition
from intake.export import allergies, medications
from intake.export.questionnaire import build_questionnaire, build_response
from intake.models import Decision, Flag

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem"
# What the screening severities become in DetectedIssue.severity (high | moderate |
# low); the app's own severity also travels in an extension, since two map to high.
ISSUE_SEVERITY = {"critical": "high", "high": "high", "moderate": "moderate"}


class Ids:
    """Stable resource ids: UUIDs named by the site, the object and its role."""

    def __init__(self, base_url):
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, base_url)

    def __call__(self, *parts):
        return str(uuid.uuid5(self.namespace, "/".join(str(p) for p in parts)))


def _ref(resource):
    return {"reference": f"urn:uuid:{resource.id}"}


def _system(base_url, name):
    return f"{base_url}/fhir/CodeSystem/{name}"


def _extension(base_url, name, **value):
    return {"url": f"{base_url}/fhir/StructureDefinition/{name}", **value}


def build_patient(patient, answers, *, base_url, resource_id):
    """Return the Patient: registered name, birth date, record number, contacts."""
    about, escort = _dict(answers.get("about")), _dict(answers.get("escort"))
    identifiers = [{"system": f"{base_url}/fhir/patient-id", "value": str(patient.pk)}]
    if patient.medical_record_number:
        identifiers.insert(0, _mrn(patient.medical_record_number, base_url))
    telecom = [
        {"system": "phone", "value": value, "use": "home"}
        for value in dict.fromkeys([about.get("phone"), patient.phone])
        if value
    ]
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    contacts = [
        _contact(about.get("emergency_name"), about.get("emergency_phone"), "C"),
        _contact(escort.get("name"), escort.get("phone"), None),
    ]
    return Patient(
        id=resource_id,
        identifier=identifiers,
        name=[{"family": patient.last_name, "given": [patient.first_name]}],
        telecom=telecom or None,
        birthDate=patient.date_of_birth,
        contact=[contact for contact in contacts if contact] or None,
    )


def _mrn(value, base_url):
    mr = {"system": f"{TERMINOLOGY}/v2-0203", "code": "MR"}
    return {
        "use": "usual",
        "type": {"coding": [mr], "text": "Medical record number"},
        "system": f"{base_url}/fhir/mrn",
        "value": value,
    }


def _contact(name, phone, relationship_code):
    if not name and not phone:
        return None
    if relationship_code == "C":
        coding = {"system": f"{TERMINOLOGY}/v2-0131", "code": "C"}
        relationship = {"coding": [coding], "text": "Emergency contact"}
    else:
        relationship = {"text": "Adult taking the patient home after the procedure"}
    contact = {"relationship": [relationship]}
    if name:
        contact["name"] = {"text": name}
    if phone:
        contact["telecom"] = [{"system": "phone", "value": phone}]
    return contact


def _practitioner(user, ids):
    if user is None:
        return None
    name = {"text": user.get_full_name() or user.username}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return Practitioner(id=ids("staff", user.pk), name=[name])


def _screening_device(intake, ids):
    return Device(
        id=ids("screening", intake.rules_version or "unknown"),
        deviceName=[{"name": "Intake screening rules", "type": "model-name"}],
        version=[{"value": intake.rules_version or "unknown"}],
    )


def build_issue(flag, *, patient, device, actor, base_url, resource_id, quoted=None):
    """Return the DetectedIssue of one flag, with the radiologist's action if any."""
    extensions = [
        _extension(base_url, "flag-severity", valueCode=flag.severity),
        _extension(base_url, "flag-recommended-action", valueString=str(flag.action)),
        _extension(base_url, "flag-guideline", valueString=str(flag.source)),
    ]
    issue = {
        "id": resource_id,
        "extension": extensions,
        "status": "final",
        "code": {
            "coding": [
                {"system": _system(base_url, "screening-flag"), "code": flag.code}
            ],
            "text": flag.code,
        },
        "severity": ISSUE_SEVERITY.get(flag.severity, "low"),
        "patient": _ref(patient),
        "author": _ref(device),
        "detail": str(flag.message),
    }
    if flag.evidence:
        evidence = {"code": [{"text": str(flag.evidence)}]}
        if quoted:
            evidence["detail"] = [{"reference": f"urn:uuid:{quoted}"}]
        issue["evidence"] = [evidence]
    if flag.status != Flag.State.OPEN:
        issue["mitigation"] = [_mitigation(flag, actor, base_url)]
    return DetectedIssue(**issue)


def _mitigation(flag, actor, base_url):
    if flag.disposition:
        code, label = flag.disposition, Disposition(flag.disposition).label
    else:
        code, label = flag.status, Flag.State(flag.status).label
    words = [str(label)]
    if flag.hold_days:
        words.append(f"hold {flag.hold_days} days")
    if flag.note:
        words.append(flag.note)
    coding = {"system": _system(base_url, "flag-action"), "code": code}
    mitigation = {"action": {"coding": [coding], "text": "; ".join(words)}}
    if flag.acted_at:
        mitigation["date"] = flag.acted_at
    if actor is not None:
        mitigation["author"] = _ref(actor)
    return mitigation


def build_decision(intake, *, patient, response, assessor, issues, base_url, ids):
    """Return the clearance decision as a ClinicalImpression, or None before one."""
    if not intake.decision:
        return None
    label = str(Decision(intake.decision).label)
    summary = label
    if intake.instructions:
        summary = f"{label}. Instructions for the patient: {intake.instructions}"
    coding = {
        "system": _system(base_url, "clearance-decision"),
        "code": intake.decision,
    }
    return ClinicalImpression(
        id=ids("intake", intake.pk, "decision"),
        extension=[_extension(base_url, "clearance-decision", valueCoding=coding)],
        status="completed",
        code={"text": "Pre-procedure clearance"},
        subject=_ref(patient),
        date=intake.decided_at,
        assessor=_ref(assessor) if assessor else None,
        investigation=[
            {"code": {"text": "Pre-procedure intake"}, "item": [_ref(response)]}
        ],
        summary=summary,
        supportingInfo=[_ref(issue) for issue in issues] or None,
    )


def build_bundle(intake, *, flags, now, knowledge_base, base_url=None):
    """Return the Bundle of a submitted intake (patient, answers, flags, decision)."""
    base_url = (base_url or settings.SITE_URL).rstrip("/")
    ids = Ids(base_url)
    answers = _dict(intake.answers)
    appointment = intake.appointment
    with translation.override("en"):
        patient = build_patient(
            appointment.patient,
            answers,
            base_url=base_url,
            resource_id=ids("patient", appointment.patient.pk),
        )
        questionnaire = build_questionnaire(
            base_url=base_url, resource_id=ids("questionnaire")
        )
        response = build_response(
            intake=intake,
            base_url=base_url,
            resource_id=ids("intake", intake.pk, "response"),
            subject=_ref(patient),
        )
        context = {"patient": patient, "intake": intake, "ids": ids}
        statements = medications.statements(
            answers, knowledge_base=knowledge_base, **context
        )
        allergy_list = allergies.allergies(answers, **context)
        device = _screening_device(intake, ids)
        quoted = {
            **allergies.evidence_targets(answers, intake=intake, ids=ids),
            **medications.evidence_targets(answers, intake=intake, ids=ids),
        }
        staff = {}
        for user in [*(flag.acted_by for flag in flags), intake.decided_by]:
            if user is not None:
                staff.setdefault(user.pk, _practitioner(user, ids))
        issues = [
            build_issue(
                flag,
                patient=patient,
                device=device,
                actor=staff.get(flag.acted_by_id),
                base_url=base_url,
                resource_id=ids("intake", intake.pk, "flag", flag.position, flag.code),
                quoted=quoted.get(str(flag.evidence)),
            )
            for flag in flags
        ]
        decision = build_decision(
            intake,
            patient=patient,
            response=response,
            assessor=staff.get(intake.decided_by_id),
            issues=issues,
            base_url=base_url,
            ids=ids,
        )
    resources = [
        patient,
        questionnaire,
        response,
        *statements,
        *allergy_list,
        device,
        *staff.values(),
        *issues,
        *([decision] if decision else []),
    ]
    return Bundle(
        id=ids("intake", intake.pk, "bundle"),
        identifier={"system": f"{base_url}/fhir/intake", "value": str(intake.pk)},
        type="collection",
        timestamp=now,
        entry=[
            {"fullUrl": f"urn:uuid:{resource.id}", "resource": resource}
            for resource in resources
        ],
    )


def bundle_json(bundle):
    """Serialise a bundle as indented JSON (elements in FHIR's order)."""
    return bundle.model_dump_json(indent=2, exclude_none=True, by_alias=True)


def _dict(value):
    return value if isinstance(value, dict) else {}
