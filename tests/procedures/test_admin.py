import pytest

from procedures.models import Procedure
from tests.procedures.conftest import admin_form_data, change_url

pytestmark = pytest.mark.django_db


def _change_url():
    return change_url("hip-joint-injection")


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(_change_url())

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["front_desk", "radiologist"])
def test_other_roles_cannot_edit_procedures(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(_change_url()).status_code == 403
    assert client.post(_change_url(), {"name": "Hacked"}).status_code == 403
    assert Procedure.objects.get(slug="hip-joint-injection").name != "Hacked"


@pytest.mark.parametrize("persona", ["content_admin", "superuser"])
def test_content_admin_and_superuser_can_edit_and_the_change_is_in_history(
    client, request, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = _change_url()
    data = admin_form_data(client, url)
    data["summary"] = "A new summary written by the content admin."

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure = Procedure.objects.get(slug="hip-joint-injection")
    assert procedure.summary == "A new summary written by the content admin."
    # The starting catalog, its Spanish, then this edit.
    assert procedure.history.count() == 3
    assert procedure.history.first().history_user.username == (
        "content" if persona == "content_admin" else "boss"
    )


def test_content_admin_can_revert_to_the_original_catalog_text(client, content_admin):
    procedure = Procedure.objects.get(slug="hip-joint-injection")
    original = procedure.summary
    first_version = procedure.history.earliest()
    procedure.summary = "A mistaken edit"
    procedure.save()
    client.force_login(content_admin)
    url = (
        f"/admin/procedures/procedure/{procedure.pk}/history/"
        f"{first_version.history_id}/"
    )
    data = admin_form_data(client, url)

    response = client.post(url, data)

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary == original
    assert procedure.history.count() == 4


def test_content_admin_can_add_a_local_medication_name(client, content_admin):
    client.force_login(content_admin)

    response = client.post(
        "/admin/intake/localmedicationname/add/",
        {"name": "Apix", "generic": "apixaban", "note": "local abbreviation"},
    )

    assert response.status_code == 302
    from intake.models import LocalMedicationName

    assert LocalMedicationName.objects.get(name="Apix").generic == "apixaban"
