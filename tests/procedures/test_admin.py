import pytest

from procedures.models import Procedure

pytestmark = pytest.mark.django_db


def _change_url():
    procedure = Procedure.objects.get(slug="hip-joint-injection")
    return f"/admin/procedures/procedure/{procedure.pk}/change/"


def _form_data(client, url):
    """Read the admin change form back as the POST data a browser would send."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {
        name: field.initial if not callable(field.initial) else field.initial()
        for name, field in form.fields.items()
    }
    data.update({k: v for k, v in form.initial.items() if v is not None})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    # The history (revert) form has no inlines.
    inlines = response.context.get("inline_admin_formsets") or []
    for formset in inlines:
        management = formset.formset.management_form
        prefix = formset.formset.prefix
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{prefix}-{name}"] = management[name].value()
        for index, inline_form in enumerate(formset.formset.forms):
            for name, value in inline_form.initial.items():
                data[f"{prefix}-{index}-{name}"] = value
            data[f"{prefix}-{index}-id"] = inline_form.instance.pk
            data[f"{prefix}-{index}-procedure"] = inline_form.instance.procedure_id
    return data


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
    data = _form_data(client, url)
    data["summary"] = "A new summary written by the content admin."

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    procedure = Procedure.objects.get(slug="hip-joint-injection")
    assert procedure.summary == "A new summary written by the content admin."
    assert procedure.history.count() == 1
    assert procedure.history.first().history_user.username == (
        "content" if persona == "content_admin" else "boss"
    )


def test_content_admin_can_revert_to_an_earlier_version(client, content_admin):
    procedure = Procedure.objects.get(slug="hip-joint-injection")
    original = procedure.summary
    procedure.save()  # the first recorded version
    first_version = procedure.history.first()
    procedure.summary = "A mistaken edit"
    procedure.save()
    client.force_login(content_admin)
    url = (
        f"/admin/procedures/procedure/{procedure.pk}/history/"
        f"{first_version.history_id}/"
    )
    data = _form_data(client, url)

    response = client.post(url, data)

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary == original
    assert procedure.history.count() == 3


def test_content_admin_can_add_a_local_medication_name(client, content_admin):
    client.force_login(content_admin)

    response = client.post(
        "/admin/intake/localmedicationname/add/",
        {"name": "Apix", "generic": "apixaban", "note": "local abbreviation"},
    )

    assert response.status_code == 302
    from intake.models import LocalMedicationName

    assert LocalMedicationName.objects.get(name="Apix").generic == "apixaban"
