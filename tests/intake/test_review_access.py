"""Every review URL, for every persona: only radiologists and superusers get in."""

import pytest

from intake.models import Intake, Status
from tests.intake.conftest import make_submitted_intake

pytestmark = pytest.mark.django_db

PAGES = ["/review/", "/review/{intake}/", "/review/{intake}/print/"]
ACTIONS = [
    "/review/{intake}/decision/",
    "/review/{intake}/flags/{flag}/acknowledge/",
    "/review/{intake}/flags/{flag}/resolve/",
]
INTAKE_URLS = [url for url in PAGES + ACTIONS if "{intake}" in url]


@pytest.fixture
def intake():
    return make_submitted_intake(severities=("critical", "info"))


def _url(template, intake, flag=None):
    flag = flag or intake.flags.first()
    return template.format(intake=intake.pk, flag=flag.pk)


@pytest.mark.parametrize("template", PAGES + ACTIONS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_the_login_page(client, intake, template, method):
    response = getattr(client, method)(_url(template, intake))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["front_desk", "content_admin"])
@pytest.mark.parametrize("template", PAGES + ACTIONS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_staff_are_refused(client, request, intake, persona, template, method):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(_url(template, intake))

    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["radiologist", "superuser"])
@pytest.mark.parametrize("template", PAGES)
def test_radiologists_and_superusers_see_the_pages(
    client, request, intake, persona, template
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(_url(template, intake))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("template", ACTIONS)
def test_actions_accept_only_post(client, radiologist, intake, template):
    client.force_login(radiologist)

    assert client.get(_url(template, intake)).status_code == 405


def _missing(client, template, url):
    """GET a page or POST an action; both must answer 404."""
    if template in PAGES:
        return client.get(url).status_code
    return client.post(url).status_code


@pytest.mark.parametrize("template", INTAKE_URLS)
def test_an_unknown_intake_is_not_found(client, radiologist, intake, template):
    client.force_login(radiologist)
    url = template.format(intake=intake.pk + 1000, flag=intake.flags.first().pk)

    assert _missing(client, template, url) == 404


@pytest.mark.parametrize("status", [Status.NOT_OPENED, Status.IN_PROGRESS])
@pytest.mark.parametrize("template", INTAKE_URLS)
def test_an_intake_not_yet_submitted_is_not_found(
    client, radiologist, intake, template, status
):
    Intake.objects.filter(pk=intake.pk).update(status=status)
    client.force_login(radiologist)

    assert _missing(client, template, _url(template, intake)) == 404


def test_a_reviewed_intake_can_still_be_opened(client, radiologist, intake):
    Intake.objects.filter(pk=intake.pk).update(status=Status.REVIEWED)
    client.force_login(radiologist)

    assert client.get(f"/review/{intake.pk}/").status_code == 200


@pytest.mark.parametrize("template", ACTIONS[1:])
def test_a_flag_of_another_intake_is_not_found(client, radiologist, intake, template):
    other = make_submitted_intake(first_name="Other", severities=("high",))
    client.force_login(radiologist)

    response = client.post(_url(template, intake, flag=other.flags.get()))

    assert response.status_code == 404
    assert other.flags.get().status == "open"


def test_wrong_role_on_an_unknown_intake_is_refused_not_found(client, front_desk):
    client.force_login(front_desk)

    assert client.get("/review/999999/").status_code == 403


def test_an_inactive_radiologist_is_refused(client, radiologist, intake):
    radiologist.is_active = False
    radiologist.save()
    client.force_login(radiologist)

    assert client.get("/review/").status_code in (302, 403)
