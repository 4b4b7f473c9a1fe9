import pytest

from intake.models import IntakeLink
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db

PAGES = [
    "/desk/",
    "/desk/new/",
    "/desk/appointments/{id}/",
    "/desk/appointments/{id}/cancel/",
]
ACTIONS = [
    "/desk/appointments/{id}/link/",
    "/desk/appointments/{id}/cancel/",
    "/desk/appointments/{id}/tablet/",
]


@pytest.fixture
def appointment():
    appointment, _ = make_appointment()
    return appointment


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, appointment, url):
    response = client.get(url.format(id=appointment.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/desk/")


@pytest.mark.parametrize("url", ACTIONS)
def test_anonymous_posts_are_sent_to_the_login_page(client, appointment, url):
    response = client.post(url.format(id=appointment.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert IntakeLink.objects.get().revoked_at is None


@pytest.mark.parametrize("persona", ["radiologist", "content_admin"])
@pytest.mark.parametrize("url", PAGES)
def test_other_staff_roles_are_refused_every_page(
    client, request, appointment, persona, url
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url.format(id=appointment.pk)).status_code == 403


@pytest.mark.parametrize("persona", ["radiologist", "content_admin"])
@pytest.mark.parametrize("url", ACTIONS)
def test_other_staff_roles_cannot_change_anything(
    client, request, appointment, persona, url
):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(url.format(id=appointment.pk))

    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.cancelled_at is None
    assert IntakeLink.objects.get().revoked_at is None
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize("persona", ["front_desk", "superuser"])
@pytest.mark.parametrize("url", PAGES)
def test_front_desk_and_superusers_open_every_page(
    client, request, appointment, persona, url
):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url.format(id=appointment.pk)).status_code == 200


@pytest.mark.parametrize(
    "url", ["/desk/appointments/{id}/link/", "/desk/appointments/{id}/tablet/"]
)
def test_actions_refuse_a_plain_visit(client, front_desk, appointment, url):
    client.force_login(front_desk)

    assert client.get(url.format(id=appointment.pk)).status_code == 405
    assert IntakeLink.objects.get().revoked_at is None


def test_an_unknown_appointment_is_not_found(client, front_desk):
    client.force_login(front_desk)

    assert client.get("/desk/appointments/999999/").status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_desk_pages_are_never_cached(client, front_desk, appointment, url):
    client.force_login(front_desk)

    response = client.get(url.format(id=appointment.pk))

    assert "no-store" in response["Cache-Control"]
