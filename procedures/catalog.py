"""Load the clinic's starting catalog (catalog.json) into the database.

Used by the data migration (with historical models) and by `manage.py load_catalog`.
Loading is idempotent: a procedure is matched by slug and its text, attributes,
benefits, risks and instructions are replaced by the file's.
"""

import json
from pathlib import Path

from procedures.models import CLINICAL_FIELDS, PATIENT_TEXT_FIELDS

CATALOG_FILE = Path(__file__).resolve().parent / "catalog.json"

_FIELDS = ("name", "summary", *PATIENT_TEXT_FIELDS, *CLINICAL_FIELDS)


def read_catalog(path=CATALOG_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_catalog(
    procedure_model, benefit_model, risk_model, instruction_model, path=None
):
    """Create or update every procedure in the file; return how many were loaded."""
    entries = read_catalog(path or CATALOG_FILE)
    for entry in entries:
        defaults = {field: entry[field] for field in _FIELDS}
        defaults["published"] = entry.get("published", True)
        procedure, _ = procedure_model.objects.update_or_create(
            slug=entry["slug"], defaults=defaults
        )
        benefit_model.objects.filter(procedure=procedure).delete()
        risk_model.objects.filter(procedure=procedure).delete()
        instruction_model.objects.filter(procedure=procedure).delete()
        benefit_model.objects.bulk_create(
            benefit_model(procedure=procedure, order=index, text=text)
            for index, text in enumerate(entry["benefits"], start=1)
        )
        risk_model.objects.bulk_create(
            risk_model(procedure=procedure, order=index, **risk)
            for index, risk in enumerate(entry["risks"], start=1)
        )
        instruction_model.objects.bulk_create(
            instruction_model(procedure=procedure, order=index, **instruction)
            for index, instruction in enumerate(entry["instructions"], start=1)
        )
    return len(entries)
