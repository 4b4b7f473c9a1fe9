import ast
import importlib
import json

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from procedures import catalog
from procedures.catalog import CATALOG_FILE
from procedures.models import Procedure

pytestmark = pytest.mark.django_db

migration = importlib.import_module("procedures.migrations.0002_starting_catalog")


def _apps_at_0001():
    loader = MigrationLoader(connection)
    return loader.project_state(("procedures", "0001_initial")).apps


def test_the_catalog_migration_imports_no_live_project_code():
    tree = ast.parse(open(migration.__file__, encoding="utf-8").read())
    modules = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }

    assert not any(name.split(".")[0] in {"procedures", "intake"} for name in modules)


def test_the_catalog_migration_survives_a_clinical_field_added_later(
    tmp_path, monkeypatch
):
    # What adding a field "the documented way" does: the live lists and the catalog
    # file gain a key that the historical model of 0001 does not have.
    monkeypatch.setattr(catalog, "_FIELDS", (*catalog._FIELDS, "uses_new_thing"))
    entries = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    for entry in entries:
        entry["uses_new_thing"] = True
    changed = tmp_path / "catalog.json"
    changed.write_text(json.dumps(entries), encoding="utf-8")
    Procedure.objects.filter(slug="hip-joint-injection").update(name="Edited")

    migration.load(_apps_at_0001(), None, catalog_file=changed)

    hip = Procedure.objects.get(slug="hip-joint-injection")
    assert hip.name == "Hip joint injection"
    assert Procedure.objects.count() == len(entries)
    assert hip.risks.count() == len(entries[3]["risks"])
