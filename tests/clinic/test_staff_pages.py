import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_staff_home_needs_a_login(client):
    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_styled_like_the_site(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert "Staff sign in" in response.content.decode()
    assert "bootstrap.min.css" in response.content.decode()


def test_staff_can_sign_in(client, radiologist):
    response = client.post(
        "/accounts/login/",
        {"username": "rad", "password": "a-long-test-password-42"},
    )

    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_content_admin_is_pointed_to_the_admin(client, content_admin):
    client.force_login(content_admin)

    assert 'href="/admin/"' in client.get("/staff/").content.decode()


def test_demo_staff_are_refused_outside_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError):
        call_command("create_demo_staff")


def test_demo_staff_get_one_account_per_role_with_a_printed_password(settings, capsys):
    settings.DEBUG = True

    call_command("create_demo_staff")

    from django.contrib.auth import get_user_model

    output = capsys.readouterr().out
    users = get_user_model().objects.filter(
        username__in=["radiologist", "frontdesk", "content", "director"]
    )
    assert users.count() == 4
    assert output.count("password: ") == 4
    assert users.get(username="director").has_perm(
        "procedures.change_clinical_attributes"
    )
    password = output.split("radiologist")[1].split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="radiologist").check_password(password)


@pytest.mark.parametrize(
    "persona,shown,hidden",
    [
        ("front_desk", 'href="/desk/"', 'href="/review/"'),
        ("radiologist", 'href="/review/"', 'href="/desk/"'),
        ("content_admin", 'href="/admin/"', 'href="/review/"'),
    ],
)
def test_staff_home_links_each_role_to_its_own_pages(
    client, request, persona, shown, hidden
):
    client.force_login(request.getfixturevalue(persona))

    html = client.get("/staff/").content.decode()

    assert shown in html
    assert hidden not in html
