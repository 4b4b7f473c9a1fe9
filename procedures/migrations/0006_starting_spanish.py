"""Fill the Spanish of the starting catalog from procedures/catalog.json.

Self-contained on purpose, like 0002 and 0004: historical models, its own field
lists, no project code. Only empty Spanish boxes are filled (an edit made in the
admin is kept), items are matched by their order, and each changed row gets a
version in history so "revert" can go back to the text before it.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils import timezone

CATALOG_FILE = Path(__file__).resolve().parent.parent / "catalog.json"
REASON = "Spanish of the starting catalog"
PROCEDURE_FIELDS = (
    "name_es",
    "summary_es",
    "what_it_is_es",
    "what_to_expect_es",
    "recovery_es",
    "expected_results_es",
)


def _fill(obj, values):
    """Set each empty field that has a value; return True if anything changed."""
    changed = False
    for field, value in values.items():
        if value and not getattr(obj, field):
            setattr(obj, field, value)
            changed = True
    return changed


def _history(apps, name, obj, now):
    history_model = apps.get_model("procedures", f"Historical{name}")
    values = {
        field.attname: getattr(obj, field.attname)
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_")
    }
    history_model.objects.create(
        **values, history_date=now, history_type="~", history_change_reason=REASON
    )


def _items(entry):
    benefits = entry.get("benefits_es", [])
    return {
        "Benefit": [{"text_es": text} for text in benefits],
        "Risk": [
            {"text_es": risk.get("text_es", ""), "frequency_es": risk.get("frequency_es", "")}
            for risk in entry.get("risks", [])
        ],
        "Instruction": [
            {"text_es": step.get("text_es", "")} for step in entry.get("instructions", [])
        ],
    }


def load(apps, schema_editor, catalog_file=CATALOG_FILE):
    Procedure = apps.get_model("procedures", "Procedure")
    now = timezone.now()
    entries = json.loads(Path(catalog_file).read_text(encoding="utf-8"))
    for entry in entries:
        procedure = Procedure.objects.filter(slug=entry.get("slug")).first()
        if procedure is None:
            continue
        if _fill(procedure, {field: entry.get(field, "") for field in PROCEDURE_FIELDS}):
            procedure.save()
            _history(apps, "Procedure", procedure, now)
        for name, wanted in _items(entry).items():
            model = apps.get_model("procedures", name)
            rows = model.objects.filter(procedure=procedure).order_by("order", "id")
            for row, values in zip(rows, wanted):
                if _fill(row, values):
                    row.save()
                    _history(apps, name, row, now)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0005_spanish_text")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
