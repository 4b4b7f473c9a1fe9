"""Any post to the patient's pages: never a server error, never a lost answer."""

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from clinic.cleaning import remove_control_characters
from intake.models import Intake
from intake.steps import MAX_ROWS, MAX_VALUE_LENGTH, ROW_KEY, STEP_BY_SLUG, STEPS
from tests.fuzz.conftest import isolated
from tests.fuzz.strategies import FORM, body, posts, texts
from tests.intake.conftest import DOB, VALID_STEPS, fill_all_steps, make_appointment

pytestmark = pytest.mark.django_db

SLUGS = [step.slug for step in STEPS]


def _step_posts(step):
    row_fields = tuple(step.row_form().fields) if step.row_form else ()
    return posts(
        step.field_names(), valid=VALID_STEPS[step.slug], row_fields=row_fields
    )


def _draft(appointment):
    return Intake.objects.get(appointment=appointment).draft or {}


def _assert_kept(appointment, step, sent):
    """Every value sent for one of the step's fields is in the draft, as typed."""
    posted = QueryDict(sent)
    saved = _draft(appointment)["steps"][step.slug]
    for key in posted:
        row = ROW_KEY.fullmatch(key) if step.row_form else None
        if key in step.field_names() or (row and int(row[1]) < MAX_ROWS):
            typed = posted.getlist(key)[:50]
            expected = [remove_control_characters(v)[:MAX_VALUE_LENGTH] for v in typed]
            assert saved[key] == expected, key


@pytest.mark.parametrize("slug", SLUGS)
@given(data=st.data())
def test_a_step_takes_any_post_and_keeps_what_was_typed(patient, slug, data):
    client, appointment = patient
    step = STEP_BY_SLUG[slug]
    sent = body(data.draw(_step_posts(step)))

    with isolated(client):
        response = client.post(f"/intake/{slug}/", sent, content_type=FORM)

        assert response.status_code in (200, 302)
        _assert_kept(appointment, step, sent)


@given(data=st.data())
def test_an_autosave_takes_any_post_and_keeps_what_was_typed(patient, data):
    client, appointment = patient
    step = STEP_BY_SLUG[data.draw(st.sampled_from(SLUGS))]
    sent = body(data.draw(_step_posts(step)))
    stale_rev = data.draw(st.none() | texts)

    with isolated(client):
        before = _draft(appointment)
        revision = Intake.objects.get(appointment=appointment).draft_revision
        rev = str(revision) if stale_rev is None else stale_rev
        headers = {"X-Autosave": "1", "X-Draft-Rev": rev}
        response = client.post(
            f"/intake/{step.slug}/", sent, content_type=FORM, headers=headers
        )

        assert response.status_code in (204, 409)
        if response.status_code == 409:
            assert _draft(appointment) == before
        else:
            _assert_kept(appointment, step, sent)


@pytest.fixture
def pending_link(client, db):
    """A client that opened a link and is asked for the date of birth."""
    _, token = make_appointment()
    client.get(f"/i/{token}/")
    return client


@given(data=st.data())
def test_the_date_of_birth_page_takes_any_post(pending_link, data):
    valid = {"day": DOB.day, "month": DOB.month, "year": DOB.year}
    sent = body(data.draw(posts({"day", "month", "year"}, valid=valid)))

    with isolated(pending_link):
        response = pending_link.post("/intake/verify/", sent, content_type=FORM)

        assert response.status_code in (200, 302, 403)


@pytest.fixture
def ready_to_sign(patient):
    client, appointment = patient
    fill_all_steps(client)
    return client, appointment


@given(data=st.data())
def test_the_signature_page_takes_any_post_and_never_changes_the_draft(
    ready_to_sign, data
):
    client, appointment = ready_to_sign
    page = client.get("/intake/review/")
    valid = {
        "consent": "on",
        "signature": "Margaret Lee",
        "answers_version": page.context["form"].initial["answers_version"],
    }
    sent = body(data.draw(posts(set(valid), valid=valid)))

    with isolated(client):
        before = _draft(appointment)
        response = client.post("/intake/review/", sent, content_type=FORM)

        assert response.status_code in (200, 302)
        intake = Intake.objects.get(appointment=appointment)
        assert intake.draft == before
        assert not intake.is_frozen or intake.answers["medications"]
