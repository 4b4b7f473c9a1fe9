"""Any post to the desk's, the radiologist's and the login forms: never a 5xx."""

import pytest
from django.http import QueryDict
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from clinic.cleaning import remove_control_characters
from intake.forms.desk import RegistrationForm
from intake.models import Intake
from tests.fuzz.conftest import isolated
from tests.fuzz.strategies import FORM, body, posts
from tests.intake.conftest import make_appointment, make_submitted_intake
from tests.intake.test_desk_register import VALID as REGISTRATION

pytestmark = pytest.mark.django_db

REGISTRATION_FIELDS = set(RegistrationForm(now=timezone.now()).fields) | {"request_id"}


@given(data=st.data())
def test_registration_takes_any_post_and_shows_back_what_was_typed(desk_client, data):
    sent = body(data.draw(posts(REGISTRATION_FIELDS, valid=REGISTRATION)))

    with isolated(desk_client):
        response = desk_client.post("/desk/new/", sent, content_type=FORM)

        assert response.status_code in (200, 302)
        form = response.context and response.context.get("form")
        if form is not None and form.is_bound:
            posted = QueryDict(sent)
            for name in form.fields:
                typed = [remove_control_characters(v) for v in posted.getlist(name)]
                assert form.data.getlist(name) == typed, name


@pytest.fixture
def appointment(db):
    return make_appointment()[0]


@pytest.mark.parametrize("action", ["link", "cancel", "tablet"])
@given(data=st.data())
def test_appointment_actions_take_any_post(desk_client, appointment, action, data):
    sent = body(data.draw(posts({"send_email", "csrfmiddlewaretoken"})))

    with isolated(desk_client):
        response = desk_client.post(
            f"/desk/appointments/{appointment.pk}/{action}/", sent, content_type=FORM
        )

        assert response.status_code in (200, 302)


@pytest.fixture
def intake(db):
    return make_submitted_intake(severities=["critical", "high"])


def _flag_action(intake, kind):
    flag = intake.flags.get(severity="critical")
    prefix = f"{kind}-{flag.pk}"
    fields = {"note", "version"} | ({"disposition", "hold_days"} if kind else set())
    valid = {"version": "0", "note": "Checked.", "disposition": "proceed"}
    path = "acknowledge" if kind == "ack" else "resolve"
    url = f"/review/{intake.pk}/flags/{flag.pk}/{path}/"
    named = {f"{prefix}-{name}" for name in fields}
    return url, named, {f"{prefix}-{k}": v for k, v in valid.items()}


@pytest.mark.parametrize("kind", ["ack", "resolve", "decision"])
@given(data=st.data())
def test_review_actions_take_any_post_and_refusals_change_nothing(
    rad_client, intake, kind, data
):
    if kind == "decision":
        url = f"/review/{intake.pk}/decision/"
        valid = {"decision-decision": "postponed", "decision-version": "0"}
        valid["decision-instructions"] = "Call the clinic."
        named = set(valid)
    else:
        url, named, valid = _flag_action(intake, kind)
    sent = body(data.draw(posts(named, valid=valid)))

    with isolated(rad_client):
        response = rad_client.post(url, sent, content_type=FORM)

        assert response.status_code in (302, 400, 409)
        if response.status_code != 302:
            assert Intake.objects.get(pk=intake.pk).version == intake.version


@given(data=st.data())
def test_the_review_queue_takes_any_query(rad_client, intake, data):
    fields = {"date_from", "date_to", "procedure", "severity", "status", "page"}
    sent = body(data.draw(posts(fields | {"clear_page"})))

    with isolated(rad_client):
        assert rad_client.get(f"/review/?{sent}").status_code == 200


@given(data=st.data())
def test_the_login_form_takes_any_post(client, front_desk, data):
    valid = {"username": "desk", "password": "a-long-test-password-42"}
    sent = body(data.draw(posts({"username", "password", "next"}, valid=valid)))

    with isolated(client):
        response = client.post("/accounts/login/", sent, content_type=FORM)

        assert response.status_code in (200, 302)
