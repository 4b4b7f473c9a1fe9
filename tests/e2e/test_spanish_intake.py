"""A patient switches to Spanish and walks the whole intake in it, axe-clean."""

import pytest

from intake.models import Flag, Intake, Status
from tests.intake.conftest import make_appointment

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _continue(page):
    page.get_by_role("button", name="Guardar y seguir").click()


def _answer_no_everywhere(page):
    for question in page.get_by_role("group").all():
        no = question.get_by_label("No", exact=True)
        if no.count():
            no.check()


def test_a_patient_walks_the_whole_intake_in_spanish(
    page, live_server, assert_accessible
):
    appointment, token = make_appointment()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/i/{token}/")
    page.get_by_role("button", name="Ver en español").click()

    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Confirme que es usted").is_visible()
    assert_accessible(page)
    page.get_by_label("Mes").fill("3")
    page.get_by_label("Día").fill("14")
    page.get_by_label("Año").fill("1948")
    page.get_by_role("button", name="Continuar").click()

    _continue(page)  # nothing answered: Spanish errors, still accessible
    assert page.get_by_text("Llene este espacio.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("group", name="¿Son correctos su nombre").get_by_label(
        "Sí"
    ).check()
    page.get_by_label("Su número de teléfono").fill("555-0142")
    page.get_by_label("Contacto de emergencia: nombre").fill("Rosa Pérez")
    page.get_by_label("Contacto de emergencia: número de teléfono").fill("555-0199")
    _continue(page)

    assert page.get_by_role("heading", name="Vertebroplastia").count() == 0
    assert page.get_by_text("Lo más importante").is_visible()
    assert not page.get_by_text("una mezcla de cemento especial").is_visible()
    page.get_by_text("Qué es", exact=True).click()  # a <summary>: no script needed
    assert page.get_by_text("una mezcla de cemento especial").is_visible()
    assert_accessible(page)
    page.get_by_label("Leí sobre mi procedimiento y cómo prepararme").check()
    _continue(page)

    assert_accessible(page)
    page.get_by_label("Nombre del medicamento").first.fill("aspirina")
    page.get_by_label("Dosis (por ejemplo 5 mg)").first.fill("81 mg")
    page.get_by_label("Cada cuánto").first.fill("una vez al día")
    _continue(page)

    assert_accessible(page)
    page.get_by_label("Aceite de pescado u omega-3").check()
    _continue(page)

    assert_accessible(page)
    _answer_no_everywhere(page)
    page.get_by_label("No tengo otras alergias").check()
    _continue(page)

    assert_accessible(page)
    page.get_by_label("Esto no aplica a mi caso").check()
    _answer_no_everywhere(page)
    _continue(page)

    assert_accessible(page)
    page.get_by_role("group", name="¿Un adulto lo llevará a casa").get_by_label(
        "Sí"
    ).check()
    page.get_by_label("Su nombre").fill("Rosa Pérez")
    page.get_by_label("Su número de teléfono").fill("555-0199")
    page.get_by_label("Leí las instrucciones de arriba").check()
    _continue(page)

    assert "/intake/review/" in page.url
    assert page.get_by_role(
        "heading", name="Revise sus respuestas y firme"
    ).is_visible()
    assert_accessible(page)
    page.get_by_label("Leí los beneficios y los riesgos de arriba").check()
    page.get_by_label("Escriba su nombre completo para firmar").fill("Margaret Lee")
    page.get_by_role("button", name="Firmar y enviar mis respuestas").click()

    assert page.get_by_role(
        "heading", name="Gracias: recibimos sus respuestas"
    ).is_visible()
    assert_accessible(page)
    intake = Intake.objects.get(appointment=appointment)
    assert (intake.status, intake.language) == (Status.SUBMITTED, "es")
    codes = set(Flag.objects.filter(intake=intake).values_list("code", flat=True))
    assert {"ANTIPLATELET", "BLEEDING_SUPPLEMENT"} <= codes


def test_the_procedure_pages_are_axe_clean_in_spanish(
    page, live_server, assert_accessible
):
    page.goto(f"{live_server.url}/procedures/")
    page.get_by_role("button", name="Ver en español").click()
    assert_accessible(page)
    page.get_by_role("link", name="Inyección en la articulación de la cadera").click()

    assert page.get_by_role("heading", name="Qué es", exact=True).is_visible()
    assert_accessible(page)
