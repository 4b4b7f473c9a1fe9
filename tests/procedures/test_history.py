"""The catalog's first version is in history, so revert can always go back to it."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from clinic.models import AuditEvent
from procedures.catalog import read_catalog
from procedures.models import Benefit, Instruction, Procedure, Risk
from tests.procedures.conftest import admin_form_data

pytestmark = pytest.mark.django_db

CATALOG_MODELS = (Procedure, Benefit, Risk, Instruction)
migration = importlib.import_module("procedures.migrations.0004_starting_history")


def _wipe_history():
    for model in CATALOG_MODELS:
        model.history.model.objects.all().delete()


def _revert(client, procedure, version):
    url = f"/admin/procedures/procedure/{procedure.pk}/history/{version.pk}/"
    return client.post(url, admin_form_data(client, url))


@pytest.mark.parametrize("model", CATALOG_MODELS)
def test_after_migrate_every_catalog_row_has_its_first_version(model):
    for obj in model.objects.all():
        first, spanish = obj.history.order_by("history_date", "history_id")
        assert first.history_type == "+"
        assert first.history_change_reason == "Starting catalog"
        assert spanish.history_change_reason == "Spanish of the starting catalog"


def test_the_first_version_holds_the_catalog_file_text():
    entry = read_catalog()[0]

    first = Procedure.objects.get(slug=entry["slug"]).history.earliest()

    assert (first.what_it_is, first.bleeding_risk) == (
        entry["what_it_is"],
        entry["bleeding_risk"],
    )


def test_the_history_migration_fills_gaps_once_and_imports_no_project_code():
    _wipe_history()
    apps = (
        MigrationLoader(connection)
        .project_state(("procedures", "0004_starting_history"))
        .apps
    )

    migration.record_starting_history(apps, None)
    migration.record_starting_history(apps, None)

    for model in CATALOG_MODELS:
        assert model.history.count() == model.objects.count() > 0
    source = open(migration.__file__, encoding="utf-8").read()
    assert "from procedures" not in source and "import procedures" not in source


def test_load_catalog_records_history_for_a_fresh_catalog():
    Procedure.objects.all().delete()
    _wipe_history()

    call_command("load_catalog", verbosity=0)

    for model in CATALOG_MODELS:
        assert model.objects.exists()
        for obj in model.objects.all():
            assert obj.history.get().history_type == "+"
    first = Procedure.objects.get(slug="vertebroplasty").history.get()
    assert first.history_change_reason == "Loaded from catalog.json"


def test_load_catalog_keeps_earlier_versions_and_adds_its_own():
    hip = Procedure.objects.get(slug="hip-joint-injection")
    hip.summary = "Edited in the admin."
    hip.save()

    call_command("load_catalog", verbosity=0)

    summaries = list(hip.history.order_by("history_date", "history_id"))
    assert [v.summary for v in summaries][-2] == "Edited in the admin."
    assert summaries[-1].summary == summaries[0].summary


def test_load_catalog_audits_a_clinical_attribute_it_puts_back():
    Procedure.objects.filter(slug="vertebroplasty").update(uses_contrast=False)

    call_command("load_catalog", verbosity=0)

    event = AuditEvent.objects.get(code="procedure.clinical_changed")
    assert event.actor is None
    assert event.data["changes"] == {"uses_contrast": {"old": False, "new": True}}


def test_revert_goes_back_to_the_original_after_several_edits(client, content_admin):
    procedure = Procedure.objects.get(slug="vertebroplasty")
    original = procedure.what_it_is
    for text in ("First rewrite.", "Second rewrite."):
        procedure.what_it_is = text
        procedure.save()
    client.force_login(content_admin)

    response = _revert(client, procedure, procedure.history.earliest())

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.what_it_is == original


def test_revert_goes_back_to_the_original_after_load_catalog(client, content_admin):
    Procedure.objects.all().delete()
    _wipe_history()
    call_command("load_catalog", verbosity=0)
    procedure = Procedure.objects.get(slug="vertebroplasty")
    original = procedure.summary
    procedure.summary = "Shorter."
    procedure.save()
    client.force_login(content_admin)

    _revert(client, procedure, procedure.history.earliest())

    procedure.refresh_from_db()
    assert procedure.summary == original


def test_a_benefit_reverts_to_its_original_text(client, content_admin):
    benefit = Benefit.objects.filter(procedure__slug="vertebroplasty").first()
    original = benefit.text
    benefit.text = "Changed."
    benefit.save()
    client.force_login(content_admin)
    url = (
        f"/admin/procedures/benefit/{benefit.pk}/history/"
        f"{benefit.history.earliest().pk}/"
    )

    response = client.post(url, admin_form_data(client, url))

    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.text == original


def test_reloading_an_unchanged_catalog_adds_no_versions():
    counts = [model.history.count() for model in CATALOG_MODELS]

    call_command("load_catalog", verbosity=0)

    assert [model.history.count() for model in CATALOG_MODELS] == counts


def test_reloading_replaces_only_the_lists_that_differ():
    risk = Risk.objects.filter(procedure__slug="vertebroplasty").first()
    risk.text = "Edited risk."
    risk.save()
    benefits = Benefit.history.count()

    call_command("load_catalog", verbosity=0)

    assert not Risk.objects.filter(text="Edited risk.").exists()
    assert Risk.history.filter(history_type="-").exists()
    assert Benefit.history.count() == benefits
