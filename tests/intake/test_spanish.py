"""Spanish for patients: the language chosen, recorded and used; staff stay English."""

import html
import re

import pytest
from django.core import mail

from intake.models import Intake, Patient
from intake.services.desk import invitation_email
from procedures.models import Procedure
from tests.intake.conftest import (
    VALID_STEPS,
    fill_all_steps,
    make_appointment,
    sign,
    verify,
)
from tests.intake.test_desk_register import VALID
from tests.translations import patient_entries

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}
SWITCH_BACK = "Read in English"


def _spanish_patient(client):
    appointment, token = make_appointment()
    Patient.objects.filter(pk=appointment.patient_id).update(preferred_language="es")
    verify(client, token)
    return appointment


def _english_fragments():
    """Literal English pieces of every patient string whose Spanish differs."""
    for entry in patient_entries():
        if entry["msgid"] == SWITCH_BACK:
            continue  # English on purpose: the way back for an English reader
        if entry["msgstr"] and entry["msgstr"][0] == entry["msgid"]:
            continue  # a name that reads the same in both: "Ginkgo", "No"
        for piece in re.split(r"%\(\w+\)[sd]|<[^>]+>", entry["msgid"]):
            if len(piece.strip()) >= 12:
                yield piece.strip()


def _untranslated(page_html):
    # The medication suggestions are drug names as the knowledge base spells them.
    page_html = re.sub(r"<datalist.*?</datalist>", "", page_html, flags=re.S)
    # Option values are stable codes the patient never reads ("St John's wort").
    page_html = re.sub(r'\svalue="[^"]*"', "", page_html)
    text = html.unescape(page_html)
    return sorted({piece for piece in _english_fragments() if piece in text})


def test_patient_pages_follow_the_browser_language(client):
    _, token = make_appointment()
    client.get(f"/i/{token}/", **SPANISH)

    page = client.get("/intake/verify/", **SPANISH).content.decode()

    assert '<html lang="es">' in page
    assert "Confirme que es usted" in page


def test_staff_pages_stay_english_for_a_spanish_browser(desk_client):
    page = desk_client.get("/desk/new/", **SPANISH).content.decode()

    assert '<html lang="en">' in page
    assert "Register a patient" in page
    assert "Ver en español" not in page


def test_the_switch_changes_the_language_and_returns_to_the_same_page(client):
    response = client.post(
        "/language/", {"language": "es", "next": "/procedures/vertebroplasty/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/procedures/vertebroplasty/"
    page = client.get("/procedures/vertebroplasty/").content.decode()
    assert "<h1>Vertebroplastia</h1>" in page
    assert 'name="language" value="en"' in page  # the way back


def test_cached_blank_rows_and_switch_follow_the_pages_language(client):
    """The worker caches both fragments: an English page first must not leak."""
    appointment, token = make_appointment()
    verify(client, token)
    english = client.get("/intake/medications/").content.decode()
    client.post("/language/", {"language": "es", "next": "/intake/medications/"})

    spanish = client.get("/intake/medications/").content.decode()

    assert 'name="language" value="es"' in english
    assert 'name="language" value="en"' in spanish
    assert 'name="language" value="es"' not in spanish
    assert "Ver en español" in english and "Ver en español" not in spanish
    assert 'name="rows-TOTAL_FORMS" value="3"' in spanish
    assert "Dosis (por ejemplo 5 mg)" in spanish
    assert "Dose (for example 5 mg)" in english


def test_the_switch_refuses_to_send_the_patient_to_another_site(client):
    response = client.post(
        "/language/", {"language": "es", "next": "https://evil.example/"}
    )

    assert "evil.example" not in response.get("Location", "")


def test_the_link_opens_in_the_language_the_desk_recorded(client):
    appointment, token = make_appointment()
    Patient.objects.filter(pk=appointment.patient_id).update(preferred_language="es")

    client.get(f"/i/{token}/")  # an English browser
    page = client.get("/intake/verify/").content.decode()

    assert "Confirme que es usted" in page


def test_the_desk_records_the_preferred_language(desk_client):
    desk_client.post("/desk/new/", {**VALID, "preferred_language": "es"})

    assert Patient.objects.get(last_name="Costa").preferred_language == "es"


def test_the_invitation_email_is_in_the_preferred_language(
    desk_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the email task queue
        desk_client.post(
            "/desk/new/", {**VALID, "preferred_language": "es", "send_email": "on"}
        )

    message = mail.outbox[-1]
    assert "por favor llene su formulario" in message.subject
    assert "Vertebroplastia" in message.body
    assert "Estimado/a Ana:" in message.body


def test_the_invitation_email_stays_english_without_a_preference():
    appointment, token = make_appointment()

    subject, body = invitation_email(appointment, token)

    assert "please complete your form" in subject
    assert "Vertebroplasty" in body


def test_staff_see_which_language_the_patient_used(client, radiologist):
    appointment = _spanish_patient(client)
    fill_all_steps(client)
    sign(client)
    intake = Intake.objects.get(appointment=appointment)
    assert intake.language == "es"

    client.force_login(radiologist)
    page = client.get(f"/review/{intake.pk}/", **SPANISH).content.decode()

    assert "Language used" in page and "Español" in page


def test_every_patient_step_is_wholly_spanish_with_its_errors(client):
    _spanish_patient(client)
    for slug in VALID_STEPS:
        empty = client.post(f"/intake/{slug}/", {"save": "1"}).content.decode()
        shown = client.get(f"/intake/{slug}/").content.decode()

        assert _untranslated(empty) == [], slug
        assert _untranslated(shown) == [], slug
    assert "Llene este espacio." in client.post("/intake/about/", {}).content.decode()


def test_the_check_page_and_the_outcome_are_wholly_spanish(client):
    _spanish_patient(client)
    fill_all_steps(client)
    check = client.get("/intake/review/").content.decode()
    sign(client)
    outcome = client.get("/intake/outcome/").content.decode()

    assert _untranslated(check) == []
    assert "Beneficios" in check
    assert _untranslated(outcome) == []
    assert "Gracias: recibimos sus respuestas" in outcome


@pytest.mark.parametrize(
    "path",
    ["/", "/procedures/", "/procedures/hip-joint-injection/", "/no-such-page/"],
)
def test_public_pages_are_wholly_spanish(client, path):
    page = client.get(path, **SPANISH).content.decode()

    assert _untranslated(page) == []


def test_the_wrong_date_and_the_goodbye_pages_are_spanish(client):
    _, token = make_appointment()
    client.get(f"/i/{token}/", **SPANISH)
    wrong = client.post(
        "/intake/verify/", {"day": 1, "month": 1, "year": 1950}, **SPANISH
    ).content.decode()
    goodbye = client.get("/intake/goodbye/", **SPANISH).content.decode()

    assert "Le quedan 2 intentos." in wrong
    assert _untranslated(wrong) == [] and _untranslated(goodbye) == []


def test_a_procedure_with_incomplete_spanish_is_shown_in_english_with_a_note(client):
    hip = Procedure.objects.get(slug="hip-joint-injection")
    hip.risks.filter(order=2).update(text_es="")

    page = client.get("/procedures/hip-joint-injection/", **SPANISH).content.decode()

    assert "<h1>Hip joint injection</h1>" in page
    assert "todavía no está en su idioma" in page
    assert "Inyección en la articulación de la cadera" not in page


def test_a_procedure_page_in_spanish_shows_the_spanish_text(client):
    hip = Procedure.objects.get(slug="hip-joint-injection")

    page = client.get("/procedures/hip-joint-injection/", **SPANISH).content.decode()

    assert hip.what_it_is_es.split("\n")[0] in html.unescape(page)
    assert hip.what_it_is.split("\n")[0] not in html.unescape(page)
    assert "todavía no está en su idioma" not in page


def test_the_text_version_recorded_is_the_one_the_patient_read(client):
    from procedures.localization import in_language

    appointment = _spanish_patient(client)
    client.post("/intake/procedure/", {"has_read": "on"})

    recorded = Intake.objects.get(appointment=appointment).procedure_text_version
    procedure = appointment.procedure
    assert recorded == in_language(procedure, "es").text_version()
    assert recorded != procedure.text_version()


def test_dates_read_in_the_patients_language_order(client):
    import datetime as dt

    from django.utils import formats, translation

    day = dt.date(2026, 12, 8)
    with translation.override("es"):
        spanish = formats.date_format(day, "PATIENT_DAY_FORMAT")
    with translation.override("en"):
        english = formats.date_format(day, "PATIENT_DAY_FORMAT")

    assert (spanish, english) == ("martes 8 de diciembre", "Tuesday, December 8")


def test_the_about_step_shows_the_date_of_birth_in_spanish_order(client):
    _spanish_patient(client)

    page = client.get("/intake/about/").content.decode()

    assert "14 de marzo de 1948" in page
