"""Who may change what screening reads: the walk anonymous -> superuser."""

import pytest
from django.core.exceptions import PermissionDenied

from clinic.models import AuditEvent
from procedures.models import CLINICAL_FIELDS, Procedure
from procedures.services import save_procedure
from tests.procedures.conftest import admin_form_data, change_url

pytestmark = pytest.mark.django_db

SLUG = "vertebroplasty"  # high bleeding risk, IV sedation, contrast, cement
FORGED = {
    "bleeding_risk": "low",
    "sedation": "none",
    "uses_cement": "",
    "depends_on_spinal_level": "on",
}


def _vertebroplasty():
    return Procedure.objects.get(slug=SLUG)


def _form_fields(client):
    return set(client.get(change_url(SLUG)).context["adminform"].form.fields)


def _untick_contrast(client):
    """Post the change form as read, with "iodinated contrast used" unticked."""
    data = admin_form_data(client, change_url(SLUG))
    data.pop("uses_contrast", None)
    return client.post(change_url(SLUG), data)


def _clinical_events():
    return AuditEvent.objects.filter(code="procedure.clinical_changed")


def test_anonymous_can_neither_read_nor_post_the_change_form(client):
    assert "/admin/login/" in client.get(change_url(SLUG))["Location"]

    response = client.post(change_url(SLUG), {**FORGED, "name": "Hacked"})

    assert "/admin/login/" in response["Location"]
    assert _vertebroplasty().bleeding_risk == "high"


def test_content_admin_sees_the_clinical_attributes_read_only(client, content_admin):
    client.force_login(content_admin)

    fields = _form_fields(client)
    html = client.get(change_url(SLUG)).content.decode()

    assert "summary" in fields and "what_it_is" in fields
    assert fields.isdisjoint(CLINICAL_FIELDS)
    assert "Iodinated contrast used" in html  # shown, as read-only text
    assert 'name="uses_contrast"' not in html


def test_content_admin_cannot_untick_contrast(client, content_admin):
    client.force_login(content_admin)

    response = _untick_contrast(client)

    assert response.status_code == 302
    assert _vertebroplasty().uses_contrast is True
    assert not _clinical_events().exists()


def test_a_forged_post_by_a_content_admin_changes_only_the_words(client, content_admin):
    before = _vertebroplasty().clinical_attributes()
    client.force_login(content_admin)
    data = admin_form_data(client, change_url(SLUG))

    client.post(change_url(SLUG), {**data, **FORGED, "summary": "Reworded."})

    procedure = _vertebroplasty()
    assert procedure.summary == "Reworded."
    assert procedure.clinical_attributes() == before
    assert not _clinical_events().exists()


def test_reverting_as_content_admin_keeps_the_current_clinical_attributes(
    client, content_admin
):
    procedure = _vertebroplasty()
    procedure.uses_contrast = False
    procedure.save()
    contrast_off = procedure.history.latest()
    procedure.uses_contrast = True
    procedure.summary = "Newer words."
    procedure.save()
    client.force_login(content_admin)
    url = f"/admin/procedures/procedure/{procedure.pk}/history/{contrast_off.pk}/"

    response = client.post(url, admin_form_data(client, url))

    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.summary == contrast_off.summary
    assert procedure.uses_contrast is True


def test_medical_director_edits_the_clinical_attributes_and_nothing_else(
    client, medical_director
):
    client.force_login(medical_director)

    fields = _form_fields(client)

    assert fields == set(CLINICAL_FIELDS)


def test_medical_director_can_untick_contrast_and_it_is_audited_old_to_new(
    client, medical_director
):
    client.force_login(medical_director)

    response = _untick_contrast(client)

    assert response.status_code == 302
    assert _vertebroplasty().uses_contrast is False
    event = _clinical_events().get()
    assert event.actor == medical_director
    assert event.target_id == str(_vertebroplasty().pk)
    assert event.data == {
        "slug": SLUG,
        "changes": {"uses_contrast": {"old": True, "new": False}},
    }


def test_the_clinical_change_shows_in_history_with_who_and_when(
    client, medical_director
):
    client.force_login(medical_director)
    _untick_contrast(client)

    record = _vertebroplasty().history.latest()
    page = client.get(f"/admin/procedures/procedure/{_vertebroplasty().pk}/history/")

    assert record.history_user == medical_director
    assert record.uses_contrast is False
    assert record.history_date is not None
    html = page.content.decode()
    assert page.status_code == 200
    assert ">director</a>" in html  # the "Changed by" column
    assert "Iodinated contrast used:</strong>" in html


def test_a_forged_post_by_the_medical_director_leaves_the_words_alone(
    client, medical_director
):
    client.force_login(medical_director)
    data = admin_form_data(client, change_url(SLUG))

    client.post(change_url(SLUG), {**data, "summary": "Rewritten.", "retired": "on"})

    procedure = _vertebroplasty()
    assert procedure.summary != "Rewritten."
    assert procedure.retired is False


def test_medical_director_cannot_add_or_delete_procedures(client, medical_director):
    client.force_login(medical_director)
    url = change_url(SLUG).replace("change", "delete")

    assert client.get("/admin/procedures/procedure/add/").status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Procedure.objects.filter(slug=SLUG).exists()


def test_content_admin_cannot_add_a_procedure_without_its_clinical_facts(
    client, content_admin
):
    client.force_login(content_admin)

    assert client.get("/admin/procedures/procedure/add/").status_code == 403


def test_superuser_changes_words_and_clinical_attributes_together(client, superuser):
    client.force_login(superuser)
    data = admin_form_data(client, change_url(SLUG))
    data.pop("uses_contrast")

    response = client.post(
        change_url(SLUG), {**data, "summary": "Both.", "bleeding_risk": "low"}
    )

    assert response.status_code == 302
    procedure = _vertebroplasty()
    assert (procedure.summary, procedure.bleeding_risk) == ("Both.", "low")
    assert _clinical_events().get().data["changes"] == {
        "bleeding_risk": {"old": "high", "new": "low"},
        "uses_contrast": {"old": True, "new": False},
    }


def test_saving_refuses_a_clinical_change_by_someone_without_the_permission(
    content_admin,
):
    procedure = _vertebroplasty()
    procedure.uses_contrast = False

    with pytest.raises(PermissionDenied):
        save_procedure(procedure, actor=content_admin)

    assert _vertebroplasty().uses_contrast is True
    assert not _clinical_events().exists()


def test_saving_without_a_clinical_change_records_no_clinical_event(content_admin):
    procedure = _vertebroplasty()
    procedure.summary = "Only words."

    assert save_procedure(procedure, actor=content_admin) == {}
    assert not _clinical_events().exists()


def test_adding_a_procedure_audits_its_clinical_attributes_from_nothing(
    client, superuser
):
    client.force_login(superuser)
    inlines = {
        f"{prefix}-{name}": "0"
        for prefix in ("benefits", "risks", "instructions")
        for name in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    words = {field: "Words." for field in ("summary", "what_it_is", "what_to_expect")}

    response = client.post(
        "/admin/procedures/procedure/add/",
        {
            **inlines,
            **words,
            "name": "Knee nerve block",
            "slug": "knee-nerve-block",
            "recovery": "Rest.",
            "expected_results": "Less pain.",
            "duration_minutes": "30",
            "bleeding_risk": "low",
            "sedation": "local",
            "uses_fluoroscopy": "on",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = _clinical_events().get().data["changes"]
    assert changes["bleeding_risk"] == {"old": None, "new": "low"}
    assert changes["uses_contrast"] == {"old": None, "new": False}


def test_medical_director_reverts_a_clinical_change_and_that_is_audited_too(
    client, medical_director
):
    client.force_login(medical_director)
    _untick_contrast(client)
    procedure = _vertebroplasty()
    url = (
        f"/admin/procedures/procedure/{procedure.pk}/history/"
        f"{procedure.history.earliest().pk}/"
    )

    response = client.post(url, admin_form_data(client, url))

    assert response.status_code == 302
    assert _vertebroplasty().uses_contrast is True
    assert [e.data["changes"] for e in _clinical_events().order_by("id")] == [
        {"uses_contrast": {"old": True, "new": False}},
        {"uses_contrast": {"old": False, "new": True}},
    ]
