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


def test_the_admin_shows_reading_grades_and_warns_above_grade_8(client, content_admin):
    Procedure.objects.filter(slug="hip-joint-injection").update(
        recovery=(
            "Postprocedural convalescence necessitates considerable circumspection "
            "regarding ambulation, particularly considering transient anesthetic "
            "neuromuscular impairment affecting the ipsilateral extremity."
        )
    )
    client.force_login(content_admin)

    page = client.get(change_url("hip-joint-injection")).content.decode()

    assert "What it is: English grade" in page
    assert "⚠ Recovery: English grade" in page
    assert "⚠ What it is" not in page


@pytest.mark.parametrize(
    ("text", "hard"),
    [
        ("You go home on the same day. Someone must drive you.", False),
        (
            "Postprocedural convalescence necessitates considerable circumspection "
            "regarding ambulation, particularly considering transient anesthetic "
            "neuromuscular impairment affecting the ipsilateral extremity.",
            True,
        ),
    ],
)
def test_english_grades_separate_plain_from_hard_text(text, hard):
    from procedures.readability import MAX_GRADE, english_grade

    assert (english_grade(text) > MAX_GRADE) is hard


def test_spanish_grades_come_from_fernandez_huerta():
    from procedures.readability import spanish_grade

    easy = spanish_grade("Usted se va a casa el mismo día. Alguien debe llevarlo.")
    hard = spanish_grade(
        "La convalecencia posprocedimental requiere considerable circunspección "
        "respecto de la deambulación, particularmente considerando la alteración "
        "neuromuscular transitoria."
    )

    assert easy[1] <= 8 < hard[1]


@pytest.mark.parametrize("slug", [entry["slug"] for entry in read_catalog()])
def test_every_catalog_section_reads_at_grade_8_or_below(slug):
    from procedures.readability import procedure_grades, too_hard

    procedure = Procedure.objects.get(slug=slug)

    assert [
        label for label, en, es in procedure_grades(procedure) if too_hard(en, es)
    ] == []
