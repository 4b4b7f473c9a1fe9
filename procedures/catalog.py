"""Load the clinic's starting catalog (catalog.json) into the database.

Used by `manage.py load_catalog` (the first load is the data migration 0002, which is
frozen at its own fields). Loading is idempotent: a procedure is matched by slug, its
text, attributes, benefits, risks and instructions are replaced by the file's, and
every write goes into history (and clinical changes into the audit log).
"""

import json
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from procedures.models import (
    CLINICAL_FIELDS,
    PATIENT_TEXT_FIELDS,
    SPANISH_TEXT_FIELDS,
    Benefit,
    Instruction,
    Procedure,
    Risk,
)
from procedures.services import save_procedure

CATALOG_FILE = Path(__file__).resolve().parent / "catalog.json"
REASON = "Loaded from catalog.json"

_FIELDS = ("name", "summary", *PATIENT_TEXT_FIELDS, *CLINICAL_FIELDS)
# Optional in the file: a procedure without them is shown in English to everyone.
_OPTIONAL_FIELDS = SPANISH_TEXT_FIELDS


def read_catalog(path=CATALOG_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_catalog(path=None, *, actor=None):
    """Create or update every procedure in the file; return how many were loaded.

    What already matches the file is left alone, so reloading adds no empty versions.
    """
    entries = read_catalog(path or CATALOG_FILE)
    for entry in entries:
        procedure = Procedure.objects.filter(slug=entry["slug"]).first()
        procedure = procedure or Procedure(slug=entry["slug"])
        values = {field: entry[field] for field in _FIELDS}
        values.update({field: entry.get(field, "") for field in _OPTIONAL_FIELDS})
        values["published"] = entry.get("published", True)
        if procedure.pk is None or _differs(procedure, values):
            for field, value in values.items():
                setattr(procedure, field, value)
            save_procedure(procedure, actor=actor, reason=REASON)
        _replace_items(procedure, entry, actor=actor)
    return len(entries)


def _differs(obj, values):
    return any(getattr(obj, field) != value for field, value in values.items())


def _replace_items(procedure, entry, *, actor):
    items = {
        Benefit: [
            Benefit(procedure=procedure, order=order, text=text, text_es=spanish)
            for order, (text, spanish) in enumerate(_benefits(entry), start=1)
        ],
        Risk: [
            Risk(procedure=procedure, order=order, **_with_spanish(risk, RISK_ES))
            for order, risk in enumerate(entry["risks"], start=1)
        ],
        Instruction: [
            Instruction(
                procedure=procedure, order=order, **_with_spanish(step, ("text_es",))
            )
            for order, step in enumerate(entry["instructions"], start=1)
        ],
    }
    for model, wanted in items.items():
        current = list(model.objects.filter(procedure=procedure))
        if _same_items(model, current, wanted):
            continue
        # Deleting one by one sends the signals simple-history records removals from.
        for old in current:
            old._history_user = actor
            old._change_reason = REASON
            old.delete()
        bulk_create_with_history(
            wanted, model, default_user=actor, default_change_reason=REASON
        )


RISK_ES = ("text_es", "frequency_es")


def _benefits(entry):
    """Pair each benefit with its Spanish ("benefits_es", same order) or ""."""
    spanish = entry.get("benefits_es", [])
    return [
        (text, spanish[index] if index < len(spanish) else "")
        for index, text in enumerate(entry["benefits"])
    ]


def _with_spanish(item, fields):
    return {**item, **{field: item.get(field, "") for field in fields}}


def _same_items(model, current, wanted):
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]

    def row(obj):
        return tuple(getattr(obj, name) for name in names)

    return [row(obj) for obj in current] == [row(obj) for obj in wanted]
