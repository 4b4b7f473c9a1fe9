"""Read the Spanish catalog: which strings the patient sees, and their translation."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO_FILE = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# Every source a patient's page, email or error message is built from.
PATIENT_SOURCES = (
    "templates/base.html",
    "templates/_language_switch.html",
    "templates/404.html",
    "templates/500.html",
    "templates/clinic/home.html",
    "templates/intake/patient/",
    "templates/procedures/",
    "templates/intake/email/invitation_",
    "templates/intake/email/outcome_ready_",
    "templates/intake/email/reminder_",
    "intake/forms/patient.py",
    "intake/steps.py",
    "intake/views/patient.py",
    "intake/holds.py",
)
# Patient strings that live in a file mostly written for staff.
PATIENT_MSGIDS = ("about %(n)d hour", "about %(n)d minute")
_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


def po_entries(path=PO_FILE):
    """Return the catalog's entries as dicts: msgid, msgstr list, flags, locations."""
    entries, current, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip() or current is None:
            if current and current["msgid"]:
                entries.append(current)
            current = {"msgid": "", "msgstr": [], "flags": [], "locations": []}
            if not line.strip():
                continue
        if line.startswith("#,"):
            current["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#:"):
            current["locations"] += line[2:].split()
        elif match := _LINE.match(line):
            key = match[1]
            value = ast.literal_eval(match[2])
            if key.startswith("msgstr"):
                current["msgstr"].append(value)
            else:
                current[key] = value
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                current["msgstr"][-1] += value
            else:
                current[key] += value
    return entries


def is_patient_entry(entry):
    return entry["msgid"] in PATIENT_MSGIDS or any(
        location.startswith(PATIENT_SOURCES) for location in entry["locations"]
    )


def patient_entries():
    return [entry for entry in po_entries() if is_patient_entry(entry)]
