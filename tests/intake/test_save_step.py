"""save_step: one conditional UPDATE; a save made in between is kept, not lost."""

import datetime as dt
import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Intake, Status
from intake.services import submission
from intake.services.submission import (
    AlreadySubmitted,
    StaleDraft,
    save_step,
)
from intake.steps import STEP_BY_SLUG
from tests.conftest import migrated_back_to
from tests.intake.conftest import VALID_STEPS, make_appointment

pytestmark = pytest.mark.django_db


def _posted(slug):
    data = VALID_STEPS[slug]
    return {key: v if isinstance(v, list) else [v] for key, v in data.items()}


def _save(intake, slug, **kwargs):
    save_step(intake, STEP_BY_SLUG[slug], _posted(slug), valid=True, **kwargs)


@pytest.fixture
def intake():
    appointment, _ = make_appointment()
    return Intake.objects.get(pk=appointment.intake.pk)


def test_a_save_stores_the_step_and_moves_the_revision_on(intake):
    _save(intake, "about")

    stored = Intake.objects.get(pk=intake.pk)
    assert stored.draft_revision == intake.draft_revision == 1
    assert stored.draft["done"] == ["about"]
    assert stored.draft["steps"]["about"]["phone"] == ["555-0142"]
    assert stored.status == Status.IN_PROGRESS


def test_a_save_from_an_older_read_keeps_the_save_made_in_between(intake):
    other_tab = Intake.objects.get(pk=intake.pk)
    _save(other_tab, "about")

    _save(intake, "health")  # this request read the draft before that save

    stored = Intake.objects.get(pk=intake.pk)
    assert set(stored.draft["steps"]) == {"about", "health"}
    assert stored.draft["done"] == ["about", "health"]
    assert stored.draft_revision == intake.draft_revision == 2
    assert intake.draft == stored.draft


def test_an_autosave_from_an_older_page_is_refused(intake):
    _save(Intake.objects.get(pk=intake.pk), "about")

    with pytest.raises(StaleDraft):
        _save(intake, "health", expected_rev=0)

    assert "health" not in Intake.objects.get(pk=intake.pk).draft["steps"]


def test_a_save_after_submission_elsewhere_changes_nothing(intake):
    Intake.objects.filter(pk=intake.pk).update(
        status=Status.SUBMITTED, submitted_at=timezone.now()
    )

    with pytest.raises(AlreadySubmitted):
        _save(intake, "about")

    assert Intake.objects.get(pk=intake.pk).draft == {}


def test_a_save_overtaken_every_time_waits_for_the_row_and_still_saves(
    intake, monkeypatch
):
    monkeypatch.setattr(submission, "SAVE_ATTEMPTS", 0)

    _save(intake, "about")

    assert Intake.objects.get(pk=intake.pk).draft["steps"]["about"]


def test_an_autosave_overtaken_every_time_is_refused(intake, monkeypatch):
    monkeypatch.setattr(submission, "SAVE_ATTEMPTS", 0)

    with pytest.raises(StaleDraft):
        _save(intake, "about", expected_rev=0)


def test_a_revision_left_in_the_draft_by_an_older_release_goes_at_the_next_save(
    intake,
):
    Intake.objects.filter(pk=intake.pk).update(draft={"rev": 9, "steps": {}})
    intake.refresh_from_db()

    _save(intake, "about")

    stored = Intake.objects.get(pk=intake.pk)
    assert "rev" not in stored.draft
    assert stored.draft_revision == 1


def test_a_save_that_fails_to_apply_changes_nothing(intake):
    Intake.objects.filter(pk=intake.pk).update(draft_revision=5)

    assert not submission._update_draft(intake.pk, 4, {"draft": {"x": 1}})
    assert not submission._update_draft(0, 5, {"draft": {"x": 1}})
    assert Intake.objects.get(pk=intake.pk).draft == {}


def test_the_fixed_update_stores_what_the_orm_reads_back(intake):
    draft = {"steps": {"about": {"phone": ["555 – ü \\ \" ' %s"]}}, "done": []}

    applied = submission._update_draft(
        intake.pk,
        0,
        {
            "draft": draft,
            "draft_revision": 1,
            "status": Status.IN_PROGRESS,
            "procedure_text_version": "v-ü",
        },
    )

    stored = Intake.objects.get(pk=intake.pk)
    assert applied
    assert stored.draft == draft
    assert stored.draft_revision == 1
    assert stored.status == Status.IN_PROGRESS
    assert stored.procedure_text_version == "v-ü"


def test_a_save_passes_the_procedure_text_version_on_only_when_given(intake):
    Intake.objects.filter(pk=intake.pk).update(procedure_text_version="read-v1")

    _save(intake, "about")
    assert Intake.objects.get(pk=intake.pk).procedure_text_version == "read-v1"

    _save(intake, "procedure", text_version="read-v2")
    assert Intake.objects.get(pk=intake.pk).procedure_text_version == "read-v2"


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_drafts_revision_into_its_column(monkeypatch):
    call_command("load_catalog", verbosity=0)  # a transactional test may flush it
    moving = importlib.import_module("intake.migrations.0010_move_draft_revisions")
    monkeypatch.setattr(moving, "BATCH", 4)  # more than one batch
    drafts = [
        {"rev": 4, "steps": {"about": {"phone": ["555-0142"]}}, "done": ["about"]},
        {"rev": None, "steps": {}},
        {},
        # Nothing the old code wrote, but nothing that may stop the migration:
        {"rev": "3"},
        {"rev": True},
        {"rev": -1},
        {"rev": 2**40},
        {"rev": 2.0},
        ["rev"],
    ]
    with (
        CaptureQueriesContext(connection) as migrating,
        migrated_back_to("intake", "0008_intake_queue_fields") as old,
    ):
        procedure = old.get_model("procedures", "Procedure").objects.first()
        patient = old.get_model("intake", "Patient").objects.create(
            first_name="A", last_name="B", date_of_birth=dt.date(1950, 1, 1)
        )
        ids = []
        for draft in drafts:
            appointment = old.get_model("intake", "Appointment").objects.create(
                patient=patient, procedure=procedure, scheduled_at=timezone.now()
            )
            intake = old.get_model("intake", "Intake").objects.create(
                appointment=appointment, draft=draft, scheduled_at=timezone.now()
            )
            ids.append(intake.pk)

    if connection.vendor == "postgresql":  # SQLite locks the whole database anyway
        reads = [q["sql"] for q in migrating if 'FROM "intake_intake"' in q["sql"]]
        assert reads and all(sql.endswith("FOR UPDATE") for sql in reads)
    moved = [Intake.objects.get(pk=pk) for pk in ids]
    assert [(i.draft, i.draft_revision) for i in moved] == [
        ({"steps": {"about": {"phone": ["555-0142"]}}, "done": ["about"]}, 4),
        ({"steps": {}}, 0),
        ({}, 0),
        ({}, 0),
        ({}, 0),
        ({}, 0),
        ({}, 0),
        ({}, 0),
        (["rev"], 0),
    ]
    _save(moved[0], "health")  # and the next save applies at that revision
    assert Intake.objects.get(pk=ids[0]).draft_revision == 5


@pytest.mark.django_db(transaction=True)
def test_the_migration_back_puts_the_revision_in_the_draft_again():
    call_command("load_catalog", verbosity=0)
    appointment, _ = make_appointment()
    Intake.objects.filter(appointment=appointment).update(
        draft={"steps": {}}, draft_revision=3
    )
    with migrated_back_to("intake", "0008_intake_queue_fields") as old:
        stored = old.get_model("intake", "Intake").objects.get(
            appointment_id=appointment.pk
        )
        assert stored.draft == {"steps": {}, "rev": 3}
