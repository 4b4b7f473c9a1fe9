"""Load the clinic's six procedures from procedures/catalog.json."""

from django.db import migrations

from procedures.catalog import load_catalog


def load(apps, schema_editor):
    load_catalog(
        apps.get_model("procedures", "Procedure"),
        apps.get_model("procedures", "Benefit"),
        apps.get_model("procedures", "Risk"),
        apps.get_model("procedures", "Instruction"),
    )


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
