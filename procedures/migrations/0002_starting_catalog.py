"""Load the clinic's six procedures from procedures/catalog.json.

Self-contained on purpose: it uses the historical models and the fields that existed
at 0001, never the live field lists or loader, so adding a field to the catalog later
cannot break `migrate` on a fresh database. A field added later gets its catalog values
from its own migration (or from `manage.py load_catalog`).
"""

import json
from pathlib import Path

from django.db import migrations

CATALOG_FILE = Path(__file__).resolve().parent.parent / "catalog.json"

# The Procedure fields of 0001_initial, frozen here.
PROCEDURE_FIELDS = (
    "name",
    "summary",
    "what_it_is",
    "what_to_expect",
    "duration_minutes",
    "recovery",
    "expected_results",
    "bleeding_risk",
    "depends_on_spinal_level",
    "sedation",
    "uses_contrast",
    "uses_steroid",
    "uses_cement",
    "uses_fluoroscopy",
    "beam_on_trunk",
)
RISK_FIELDS = ("text", "frequency")
INSTRUCTION_FIELDS = ("phase", "text")


def _pick(entry, fields):
    return {field: entry[field] for field in fields if field in entry}


def load(apps, schema_editor, catalog_file=CATALOG_FILE):
    Procedure = apps.get_model("procedures", "Procedure")
    Benefit = apps.get_model("procedures", "Benefit")
    Risk = apps.get_model("procedures", "Risk")
    Instruction = apps.get_model("procedures", "Instruction")
    entries = json.loads(Path(catalog_file).read_text(encoding="utf-8"))
    for entry in entries:
        defaults = _pick(entry, PROCEDURE_FIELDS)
        defaults["published"] = entry.get("published", True)
        procedure, _ = Procedure.objects.update_or_create(
            slug=entry["slug"], defaults=defaults
        )
        for model in (Benefit, Risk, Instruction):
            model.objects.filter(procedure=procedure).delete()
        Benefit.objects.bulk_create(
            Benefit(procedure=procedure, order=order, text=text)
            for order, text in enumerate(entry["benefits"], start=1)
        )
        Risk.objects.bulk_create(
            Risk(procedure=procedure, order=order, **_pick(risk, RISK_FIELDS))
            for order, risk in enumerate(entry["risks"], start=1)
        )
        Instruction.objects.bulk_create(
            Instruction(
                procedure=procedure, order=order, **_pick(step, INSTRUCTION_FIELDS)
            )
            for order, step in enumerate(entry["instructions"], start=1)
        )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
