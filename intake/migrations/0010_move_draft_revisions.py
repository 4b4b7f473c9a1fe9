"""Move each draft's "rev" key into the draft_revision column (and back).

Not atomic as a whole: each batch is its own short transaction, so patients' saves
wait for at most one batch of rows rather than for the whole table. A batch locks
its rows as it reads them, so a save made meanwhile is never overwritten with the
copy read before it. It can be run again after a failure: a draft whose revision
has moved has no "rev" left to move.
"""

from django.db import migrations, transaction

BATCH = 500
LARGEST = 2**31 - 1  # what the integer column holds on every database


def _in_batches(apps, change, fields):
    """Apply change(intake) -> bool to every intake, one locked batch at a time."""
    Intake = apps.get_model("intake", "Intake")
    rows = Intake.objects.order_by("pk").only("pk", "draft", "draft_revision")
    last = 0
    while True:
        with transaction.atomic():
            batch = list(rows.select_for_update().filter(pk__gt=last)[:BATCH])
            Intake.objects.bulk_update([i for i in batch if change(i)], fields)
        if not batch:
            return
        last = batch[-1].pk


def _revision(value):
    """The stored revision, or 0 for anything the old code never wrote."""
    return value if type(value) is int and 0 <= value <= LARGEST else 0


def revisions_to_column(apps, schema_editor):
    def change(intake):
        if not isinstance(intake.draft, dict) or "rev" not in intake.draft:
            return False
        revision = _revision(intake.draft.pop("rev"))
        intake.draft_revision = max(intake.draft_revision, revision)
        return True

    _in_batches(apps, change, ["draft", "draft_revision"])


def revisions_to_draft(apps, schema_editor):
    def change(intake):
        if not isinstance(intake.draft, dict) or not intake.draft_revision:
            return False
        intake.draft["rev"] = intake.draft_revision
        return True

    _in_batches(apps, change, ["draft"])


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("intake", "0009_intake_draft_revision"),
    ]

    operations = [
        migrations.RunPython(revisions_to_column, revisions_to_draft, atomic=False),
    ]
