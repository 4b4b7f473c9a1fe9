"""The chart PDF: answers, review, digest, and a footer on every page."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from intake.dispositions import HOLDS, review_of
from intake.export.digest import answers_digest
from intake.export.pdf import page_counter_css
from intake.models import Intake
from intake.services.review import record_decision, resolve_flag
from tests.intake.conftest import fill_all_steps, rows, sign
from tests.intake.export_support import ALLERGIC_STEPS

pytestmark = pytest.mark.django_db

# Enough medications that the chart runs over several pages.
LONG_STEPS = {
    **ALLERGIC_STEPS,
    "medications": rows(
        {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day"},
        *({"name": f"vitamin D{n}", "dose": f"{n}00 IU"} for n in range(1, 29)),
    ),
}


@pytest.fixture
def reviewed(patient, radiologist):
    """An intake submitted through the pages, every flag resolved, then cleared."""
    client, appointment = patient
    fill_all_steps(client, LONG_STEPS)
    sign(client)
    intake = Intake.objects.get(appointment=appointment)
    now = timezone.now()
    for flag in intake.flags.all():
        intake.refresh_from_db()
        resolve_flag(
            flag,
            expected_version=intake.version,
            disposition=review_of(flag.code).dispositions[0],
            hold_days=2 if review_of(flag.code).dispositions[0] in HOLDS else None,
            note=f"Checked {flag.code} with the patient.",
            actor=radiologist,
            now=now,
        )
    intake.refresh_from_db()
    record_decision(
        intake,
        expected_version=intake.version,
        decision="cleared_with_instructions",
        instructions="Last Eliquis dose two days before.",
        actor=radiologist,
        now=now,
    )
    client.force_login(radiologist)
    intake.refresh_from_db()
    return client, intake


def pdf_pages(client, intake):
    response = client.get(f"/review/{intake.pk}/chart.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def test_every_page_has_the_patients_name_birth_date_and_page_x_of_y(reviewed):
    client, intake = reviewed

    pages = pdf_pages(client, intake)

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Margaret Lee · born 14 Mar 1948" in text
        assert f"Page {number} of {len(pages)}" in text


def test_the_pdf_holds_every_answer(reviewed):
    client, intake = reviewed

    text = " ".join(pdf_pages(client, intake))

    answers = intake.answers
    for medication in answers["medications"]:
        assert medication["name"] in text
        assert medication["dose"] in text
    for allergy in answers["allergies"]:
        assert allergy["substance"] in text
    for value in [*answers["about"].values(), answers["escort"]["name"]]:
        assert value in text
    assert "fish oil" in text
    assert "Bleeding or clotting disorder No" in text


def test_the_pdf_shows_flags_with_dispositions_and_the_decision(reviewed):
    client, intake = reviewed

    text = " ".join(pdf_pages(client, intake))

    for flag in intake.flags.all():
        assert flag.code in text
        assert f"Checked {flag.code} with the patient." in text
    assert "Hold per protocol · hold 2 days" in text
    assert "Cleared with instructions" in text
    assert "Last Eliquis dose two days before." in text


def test_the_pdf_carries_the_signature_versions_and_digest(reviewed):
    client, intake = reviewed

    text = " ".join(pdf_pages(client, intake))

    assert re.search(
        r"Margaret Lee Signed and submitted on \d+ \w+ \d{4}, \d\d:\d\d", text
    )
    compact = text.replace(" ", "")
    assert intake.procedure_text_version in compact
    assert f"Screening rules version {intake.rules_version}" in text
    assert answers_digest(intake.answers) in compact


def test_the_page_counter_is_a_css_value_with_both_counters():
    assert page_counter_css() == '"Page " counter(page) " of " counter(pages)'
