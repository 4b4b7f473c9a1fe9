"""Record the catalog as it stands as the first version in history, so revert can go back.

The starting-catalog migration (0002) writes through historical models, which send no
signals, so simple-history never saw the original text. This gives every procedure,
benefit, risk and instruction that has no history yet one "created" record of its
current values. Self-contained on purpose: it copies whatever fields the historical
models of this migration state have, and imports no project code.
"""

from django.db import migrations
from django.utils import timezone

MODELS = ("Procedure", "Benefit", "Risk", "Instruction")
REASON = "Starting catalog"


def _history_row(history_model, obj, now):
    values = {
        field.attname: getattr(obj, field.attname)
        for field in history_model._meta.concrete_fields
        if not field.name.startswith("history_")
    }
    return history_model(
        **values,
        history_date=now,
        history_type="+",
        history_change_reason=REASON,
    )


def record_starting_history(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("procedures", name)
        history_model = apps.get_model("procedures", f"Historical{name}")
        recorded = set(history_model.objects.values_list("id", flat=True).distinct())
        history_model.objects.bulk_create(
            _history_row(history_model, obj, now)
            for obj in model.objects.exclude(pk__in=recorded).order_by("pk")
        )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0003_procedure_retired_clinical_permission")]

    operations = [
        migrations.RunPython(record_starting_history, migrations.RunPython.noop)
    ]
