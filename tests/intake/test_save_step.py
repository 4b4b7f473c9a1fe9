"""save_step: one conditional UPDATE; a save made in between is kept, not lost."""

import pytest
from django.utils import timezone

from intake.models import Intake, Status
from intake.services import submission
from intake.services.submission import (
    AlreadySubmitted,
    StaleDraft,
    save_step,
)
from intake.steps import STEP_BY_SLUG
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
    assert stored.draft["rev"] == 1
    assert stored.draft["done"] == ["about"]
    assert stored.draft["steps"]["about"]["phone"] == ["555-0142"]
    assert stored.status == Status.IN_PROGRESS


def test_a_save_from_an_older_read_keeps_the_save_made_in_between(intake):
    other_tab = Intake.objects.get(pk=intake.pk)
    _save(other_tab, "about")

    _save(intake, "health")  # this request read the draft before that save

    stored = Intake.objects.get(pk=intake.pk).draft
    assert set(stored["steps"]) == {"about", "health"}
    assert stored["done"] == ["about", "health"]
    assert stored["rev"] == 2
    assert intake.draft == stored


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


def test_a_draft_whose_revision_is_null_still_saves(intake):
    Intake.objects.filter(pk=intake.pk).update(draft={"rev": None, "steps": {}})
    intake.refresh_from_db()

    _save(intake, "about")

    assert Intake.objects.get(pk=intake.pk).draft["rev"] == 1
