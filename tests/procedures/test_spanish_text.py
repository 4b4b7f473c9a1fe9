"""The procedure text in Spanish: loaded, edited beside the English, in history."""

import pytest

from procedures.catalog import load_catalog, read_catalog
from procedures.localization import in_language, missing_translation
from procedures.models import Benefit, Procedure
from tests.procedures.conftest import admin_form_data, change_url

pytestmark = pytest.mark.django_db


def test_every_catalog_procedure_has_complete_spanish_after_migrate():
    for procedure in Procedure.objects.all():
        assert missing_translation(procedure) == [], procedure.slug


def test_load_catalog_restores_the_spanish_of_the_file():
    Procedure.objects.update(what_it_is_es="")
    Benefit.objects.update(text_es="")

    load_catalog()

    entry = read_catalog()[0]
    procedure = Procedure.objects.get(slug=entry["slug"])
    assert procedure.what_it_is_es == entry["what_it_is_es"]
    assert procedure.benefits.first().text_es == entry["benefits_es"][0]


def test_the_content_admin_sees_what_spanish_is_missing(client, content_admin):
    hip = Procedure.objects.get(slug="hip-joint-injection")
    hip.risks.filter(order=2).update(text_es="")
    Procedure.objects.filter(pk=hip.pk).update(summary_es="")
    client.force_login(content_admin)

    listing = client.get("/admin/procedures/procedure/").content.decode()
    page = client.get(change_url("hip-joint-injection")).content.decode()

    assert "2 pieces missing" in listing
    assert "summary (Spanish), risk 2" in page


def test_the_content_admin_edits_the_spanish_beside_the_english_and_it_is_kept(
    client, content_admin
):
    client.force_login(content_admin)
    url = change_url("hip-joint-injection")
    data = admin_form_data(client, url)
    page = client.get(url).content.decode()
    data["summary_es"] = "Un resumen nuevo en español."

    response = client.post(url, data)

    assert response.status_code == 302
    assert page.index('name="summary"') < page.index('name="summary_es"')
    hip = Procedure.objects.get(slug="hip-joint-injection")
    assert hip.history.first().summary_es == "Un resumen nuevo en español."
    assert hip.history.first().history_user == content_admin


def test_a_medical_director_cannot_change_the_spanish_text(client, medical_director):
    client.force_login(medical_director)
    url = change_url("hip-joint-injection")
    data = admin_form_data(client, url)
    data["summary_es"] = "Cambiado"

    client.post(url, data)

    assert Procedure.objects.get(slug="hip-joint-injection").summary_es != "Cambiado"


def test_in_language_never_mixes_languages():
    hip = Procedure.objects.prefetch_related("benefits", "risks", "instructions").get(
        slug="hip-joint-injection"
    )
    hip_incomplete = Procedure.objects.get(slug="hip-joint-injection")
    hip_incomplete.instructions.filter(order=1).update(text_es="")

    spanish = in_language(hip, "es")
    fallback = in_language(hip_incomplete, "es")

    assert spanish.name == hip.name_es and not spanish.text_fallback
    assert [b.text for b in spanish.benefits.all()] == [
        b.text_es for b in hip.benefits.all()
    ]
    assert fallback.text_fallback and fallback.name == hip.name
    assert fallback.instructions.first().text == hip.instructions.first().text
    assert hip.name == "Hip joint injection"  # the original object is untouched
