"""How a submitted intake reads on the review pages: answers and audit trail."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from intake.dispositions import Disposition
from intake.models import Decision, Flag

# How the patient's answers read on the review page. Keys the labels do not know are
# still shown (humanised), so nothing the patient wrote is hidden.
ABOUT_LABELS = {
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("Email"),
    "emergency_name": gettext_lazy("Emergency contact"),
    "emergency_phone": gettext_lazy("Emergency contact phone"),
    "corrections": gettext_lazy("Corrections to their details"),
}
HEALTH_LABELS = {
    "pregnant": gettext_lazy("Pregnant"),
    "bleeding_disorder": gettext_lazy("Bleeding or clotting disorder"),
    "kidney_disease": gettext_lazy("Kidney disease or dialysis"),
    "diabetes": gettext_lazy("Diabetes"),
    "diabetes_poorly_controlled": gettext_lazy("Diabetes poorly controlled"),
    "fever_or_infection": gettext_lazy("Fever or infection now"),
    "sleep_apnea": gettext_lazy("Sleep apnea"),
    "sedation_problems": gettext_lazy("Serious problem with sedation before"),
    "malignant_hyperthermia": gettext_lazy(
        "Malignant hyperthermia (self or blood relative)"
    ),
}
ALLERGY_CATEGORIES = {
    "local_anesthetic": gettext_lazy("Local anesthetic"),
    "general_anesthesia": gettext_lazy("Sedation or general anesthetic"),
    "iodinated_contrast": gettext_lazy("Iodinated contrast"),
    "latex": gettext_lazy("Latex"),
    "medication": gettext_lazy("Medication"),
    "food": gettext_lazy("Food"),
    "other": gettext_lazy("Other"),
}
ALLERGY_SEVERITIES = {
    "mild": gettext_lazy("Mild"),
    "moderate": gettext_lazy("Moderate"),
    "severe": gettext_lazy("Severe"),
    "anaphylaxis": gettext_lazy("Anaphylaxis"),
}
VALUES = {
    True: gettext_lazy("Yes"),
    False: gettext_lazy("No"),
    "yes": gettext_lazy("Yes"),
    "no": gettext_lazy("No"),
    "unsure": gettext_lazy("Unsure"),
    None: gettext_lazy("Not answered"),
}
SHOWN_KEYS = {
    "procedure",
    "spinal_level",
    "about",
    "medications",
    "no_medications",
    "supplements",
    "no_supplements",
    "allergies",
    "no_known_allergies",
    "answers",
    "health_details",
    "escort",
    "unrecognized",
}
EVENT_LABELS = {
    "intake.submitted": gettext_lazy("Submitted by the patient"),
    "intake.viewed": gettext_lazy("Opened"),
    "intake.notified": gettext_lazy("Radiologists alerted by email"),
    "intake.notify_failed": gettext_lazy("Email alert not sent"),
    "intake.outcome_emailed": gettext_lazy("Patient emailed that the answer is ready"),
    "intake.outcome_not_emailed": gettext_lazy(
        "Patient not emailed: no email address on file"
    ),
    "intake.outcome_email_failed": gettext_lazy("Email to the patient failed"),
    "intake.rescheduled": gettext_lazy("Procedure date or level changed by the desk"),
    "flag.acknowledged": gettext_lazy("Flag acknowledged"),
    "flag.resolved": gettext_lazy("Flag resolved"),
    "intake.decided": gettext_lazy("Decision recorded"),
    "intake.tablet_started": gettext_lazy(
        "Opened on a clinic device by the front desk"
    ),
    "intake.exported_fhir": gettext_lazy("Exported as a FHIR bundle"),
    "intake.exported_pdf": gettext_lazy("Chart PDF downloaded"),
}


def _dict(value):
    return value if isinstance(value, dict) else {}


def _entries(value):
    """Return the dict entries of a list answer; anything else is dropped."""
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, dict)]


def _text(value):
    if isinstance(value, bool) or value is None:
        return str(VALUES[value])
    if isinstance(value, str) and value.lower() in VALUES:
        return str(VALUES[value.lower()])
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{_label(k, {})}: {_text(v)}" for k, v in value.items())
    return str(value)


def _label(key, labels):
    return labels.get(key) or str(key).replace("_", " ").capitalize()


def _is_yes(value):
    return value is True or (
        isinstance(value, str) and value.lower() in {"yes", "unsure"}
    )


def _norm(name):
    return " ".join(str(name or "").casefold().split())


def _unrecognized(answers, flags):
    """Return the normalised entries the engine could not identify."""
    names = {_norm(name) for name in _raw_unrecognized(answers)}
    names |= {
        _norm(flag.evidence)
        for flag in flags
        if flag.code == "UNRECOGNIZED_MEDICATION" and flag.evidence
    }
    return names


def _names_entry(name, entry):
    """Whether the engine's evidence ("my water pill, daily") is this entry."""
    return entry == name or (entry.startswith(name) and not entry[len(name)].isalnum())


def _marked(entries, key, unknown):
    rows = []
    for entry in entries:
        name = _norm(entry.get(key))
        matched = bool(name) and any(_names_entry(name, item) for item in unknown)
        rows.append({**entry, "unrecognized": matched})
    return rows


def answer_sections(answers, flags):
    """Shape the frozen answers for the review page, tolerating missing keys."""
    answers = _dict(answers)
    unknown = _unrecognized(answers, flags)
    medications = _marked(_entries(answers.get("medications")), "name", unknown)
    supplements = _marked(_entries(answers.get("supplements")), "name", unknown)
    listed = {_norm(row.get("name")) for row in medications + supplements}
    health = _dict(answers.get("answers"))
    return {
        "about": [
            (_label(key, ABOUT_LABELS), _text(value))
            for key, value in _dict(answers.get("about")).items()
            if value not in ("", None)
        ],
        "medications": medications,
        "no_medications": bool(answers.get("no_medications")),
        "supplements": supplements,
        "no_supplements": bool(answers.get("no_supplements")),
        "unlisted_unrecognized": [
            entry
            for entry in _raw_unrecognized(answers)
            if not any(_names_entry(name, _norm(entry)) for name in listed if name)
        ],
        "allergies": [
            {
                **entry,
                "category_label": ALLERGY_CATEGORIES.get(entry.get("category"), ""),
                "severity_label": ALLERGY_SEVERITIES.get(
                    entry.get("severity"), entry.get("severity") or _("Not given")
                ),
            }
            for entry in _entries(answers.get("allergies"))
        ],
        "no_known_allergies": bool(answers.get("no_known_allergies")),
        "health": [
            (_label(key, HEALTH_LABELS), _text(value), _is_yes(value))
            for key, value in health.items()
            if key != "has_escort"
        ],
        "health_details": _text(answers.get("health_details") or ""),
        "has_escort": health.get("has_escort"),
        "escort": _dict(answers.get("escort")),
        "other": [
            (_label(key, {}), _text(value))
            for key, value in answers.items()
            if key not in SHOWN_KEYS
        ],
    }


def _raw_unrecognized(answers):
    names = answers.get("unrecognized")
    return [str(name) for name in names if name] if isinstance(names, list) else []


def event_rows(events, flags):
    """Describe audit events for people: what happened, to which flag, with what.

    A person's repeated openings on one day are one row (at the latest), with a
    count and the time of the first: the trail stays short on a busy intake.
    """
    titles = {str(flag.pk): flag.title for flag in flags}
    rows, openings = [], {}
    for event in events:
        if event.code == "intake.viewed":
            day = timezone.localtime(event.occurred_at).date()
            key = (event.actor_id, day, _dict(event.data).get("format", "page"))
            if key in openings:
                group = openings[key]
                group["count"] += 1
                group["first"] = event.occurred_at
                continue
            openings[key] = row = _event_row(event, titles)
            row.update(count=1, first=event.occurred_at)
            rows.append(row)
        else:
            rows.append(_event_row(event, titles))
    return rows


def _event_row(event, titles):
    data = _dict(event.data)
    details = []
    if event.target_type == Flag._meta.label_lower:
        details.append(titles.get(event.target_id, data.get("code", "")))
    if disposition := data.get("disposition"):
        details.append(_choice_label(Disposition, disposition))
    if data.get("hold_days"):
        days = data["hold_days"]
        details.append(ngettext("%(n)s day", "%(n)s days", days) % {"n": days})
    if decision := data.get("decision"):
        details.append(_choice_label(Decision, decision))
    if data.get("format") == "print":
        details.append(_("print view"))
    if "recipients" in data:
        n = data["recipients"]
        details.append(
            ngettext("%(n)s radiologist", "%(n)s radiologists", n) % {"n": n}
        )
    if data.get("reason") == "no_recipients":
        details.append(_("no radiologist has an email address"))
    return {
        "event": event,
        "label": EVENT_LABELS.get(event.code, event.code),
        "details": " · ".join(str(item) for item in details if item),
    }


def _choice_label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value
