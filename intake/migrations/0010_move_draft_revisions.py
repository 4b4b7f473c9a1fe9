"""Move each draft's "rev" key into the draft_revision column (and back).

Not atomic: each batch commits on its own, so patients' saves wait for at most one
batch of rows rather than for the whole table. It can be run again after a failure:
a draft whose revision has moved has no "rev" left to move.
"""

from django.db import migrations

BATCH = 500
LARGEST = 2**31 - 1  # what the integer column holds on every database


def _batches(apps):
    Intake = apps.get_model("intake", "Intake")
    rows = Intake.objects.order_by("pk").only("pk", "draft", "draft_revision")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH]):
        yield Intake, batch
        last = batch[-1].pk


def _revision(value):
    """The stored revision, or 0 for anything the old code never wrote."""
    return value if type(value) is int and 0 <= value <= LARGEST else 0


def revisions_to_column(apps, schema_editor):
    for Intake, batch in _batches(apps):
        moved = [i for i in batch if isinstance(i.draft, dict) and "rev" in i.draft]
        for intake in moved:
            intake.draft_revision = _revision(intake.draft.pop("rev"))
        Intake.objects.bulk_update(moved, ["draft", "draft_revision"])


def revisions_to_draft(apps, schema_editor):
    for Intake, batch in _batches(apps):
        moved = [i for i in batch if isinstance(i.draft, dict) and i.draft_revision]
        for intake in moved:
            intake.draft["rev"] = intake.draft_revision
        Intake.objects.bulk_update(moved, ["draft"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("intake", "0009_intake_draft_revision"),
    ]

    operations = [
        migrations.RunPython(revisions_to_column, revisions_to_draft, atomic=False),
    ]
