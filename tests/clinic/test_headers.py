"""Security headers, and no caching of staff pages or the error page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/procedures/", "/accounts/login/"])
def test_every_page_limits_browser_features_and_cross_origin_use(client, path):
    response = client.get(path)

    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_static_files_carry_the_headers_too(client):
    response = client.get("/static/css/site.css")

    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize("persona", ["front_desk", "radiologist", "content_admin"])
def test_the_staff_home_is_never_stored(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/staff/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_login_page_is_never_stored(client):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]


def test_a_public_page_seen_by_staff_is_never_stored(client, front_desk):
    client.force_login(front_desk)

    assert "no-store" in client.get("/procedures/")["Cache-Control"]


def test_the_error_page_is_never_stored(broken_home):
    response = broken_home.get("/")

    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
