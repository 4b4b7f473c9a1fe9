"""Downloading an intake's FHIR bundle and chart PDF: who may, and the audit trail."""

import pytest
from fhir.resources.R4B.bundle import Bundle

from clinic.models import AuditEvent
from intake.export.digest import answers_digest
from intake.models import Intake, Status
from tests.intake.conftest import make_appointment, make_submitted_intake

pytestmark = pytest.mark.django_db

DOWNLOADS = ["/review/{pk}/fhir.json", "/review/{pk}/chart.pdf"]


@pytest.fixture
def intake():
    return make_submitted_intake(severities=("critical",))


def exports(intake):
    return list(
        AuditEvent.objects.about(intake)
        .filter(code__startswith="intake.exported_")
        .values_list("code", "data", "actor__username")
    )


@pytest.mark.parametrize("url", DOWNLOADS)
def test_anonymous_is_sent_to_the_login_page(client, intake, url):
    response = client.get(url.format(pk=intake.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert exports(intake) == []


@pytest.mark.parametrize("persona", ["front_desk", "content_admin"])
@pytest.mark.parametrize("url", DOWNLOADS)
def test_other_staff_cannot_export(client, request, intake, persona, url):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(url.format(pk=intake.pk))

    assert response.status_code == 403
    assert exports(intake) == []


def test_a_radiologist_downloads_the_bundle_and_it_is_audited(
    client, radiologist, intake
):
    client.force_login(radiologist)

    response = client.get(f"/review/{intake.pk}/fhir.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="intake-{intake.pk}-fhir.json"'
    )
    assert response["Cache-Control"].startswith("max-age=0")
    Bundle.model_validate_json(response.content)
    [(code, data, who)] = exports(intake)
    assert (code, data["via"], who) == ("intake.exported_fhir", "download", "rad")


def test_a_radiologist_downloads_the_pdf_and_it_is_audited(client, radiologist, intake):
    client.force_login(radiologist)

    response = client.get(f"/review/{intake.pk}/chart.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    [(code, data, who)] = exports(intake)
    assert code == "intake.exported_pdf"
    assert data == {"digest": answers_digest(intake.answers)}
    assert who == "rad"


def test_the_audit_event_holds_no_patient_data(client, radiologist, intake):
    client.force_login(radiologist)
    client.get(f"/review/{intake.pk}/fhir.json")

    [(_, data, _)] = exports(intake)
    assert "Lee" not in str(data) and "Eliquis" not in str(data)


@pytest.mark.parametrize("url", DOWNLOADS)
def test_an_intake_not_yet_submitted_cannot_be_exported(client, radiologist, url):
    appointment, _ = make_appointment()
    client.force_login(radiologist)

    response = client.get(url.format(pk=appointment.intake.pk))

    assert response.status_code == 404
    assert exports(appointment.intake) == []


@pytest.mark.parametrize("url", DOWNLOADS)
def test_downloads_accept_only_get(client, radiologist, intake, url):
    client.force_login(radiologist)

    assert client.post(url.format(pk=intake.pk)).status_code == 405


def test_the_intake_page_links_the_downloads_and_shows_the_digest(
    client, radiologist, intake
):
    client.force_login(radiologist)

    page = client.get(f"/review/{intake.pk}/").content.decode()

    assert f'href="/review/{intake.pk}/chart.pdf"' in page
    assert f'href="/review/{intake.pk}/fhir.json"' in page
    assert answers_digest(intake.answers) in page


def test_the_digest_is_of_the_canonical_answers_and_changes_with_them(intake):
    before = answers_digest(intake.answers)
    Intake.objects.filter(pk=intake.pk).update(answers={**intake.answers, "x": 1})
    intake.refresh_from_db()

    assert answers_digest(intake.answers) != before
    assert answers_digest({"b": 1, "a": "é"}) == answers_digest({"a": "é", "b": 1})
    assert intake.status == Status.SUBMITTED


def test_the_audit_trail_names_the_exports(client, radiologist, intake):
    client.force_login(radiologist)
    client.get(f"/review/{intake.pk}/fhir.json")
    client.get(f"/review/{intake.pk}/chart.pdf")

    page = client.get(f"/review/{intake.pk}/").content.decode()

    assert "Exported as a FHIR bundle" in page
    assert "Chart PDF downloaded" in page
