"""One form resolves every flag of the page at once; all of it or nothing."""

import pytest

from clinic.models import AuditEvent
from intake.models import Flag, Intake
from tests.intake.conftest import EIGHT_FLAGS, make_submitted_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake():
    return make_submitted_intake(flags=EIGHT_FLAGS)


def _flag(intake, code):
    return intake.flags.get(code=code)


def _post_all(client, intake, rows, version=0):
    data = {"all-version": version}
    for flag, fields in rows.items():
        for key, value in fields.items():
            data[f"all-{flag.pk}-{key}"] = value
    return client.post(f"/review/{intake.pk}/flags/resolve/", data)


def test_one_submission_resolves_several_flags(rad_client, radiologist, intake):
    eliquis, plavix = _flag(intake, "ANTICOAGULANT"), _flag(intake, "ANTIPLATELET")
    escort = _flag(intake, "NO_ESCORT")

    response = _post_all(
        rad_client,
        intake,
        {
            eliquis: {"disposition": "hold_drug", "hold_days": "2"},
            plavix: {"disposition": "hold_with_prescriber", "hold_days": "5"},
            escort: {"disposition": "escort_arranged", "note": "Daughter drives."},
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/review/{intake.pk}/#flags"
    resolved = intake.flags.filter(status=Flag.State.RESOLVED)
    assert {f.code: (f.disposition, f.hold_days) for f in resolved} == {
        "ANTICOAGULANT": ("hold_drug", 2),
        "ANTIPLATELET": ("hold_with_prescriber", 5),
        "NO_ESCORT": ("escort_arranged", None),
    }
    assert intake.flags.filter(status=Flag.State.OPEN).count() == 5
    assert AuditEvent.objects.filter(code="flag.resolved").count() == 3
    assert Intake.objects.get(pk=intake.pk).version == 1
    page = rad_client.get(response["Location"]).content.decode()
    assert "3 flags resolved." in page.split('id="flags"')[1]


def test_one_bad_row_saves_nothing_and_keeps_what_was_typed(rad_client, intake):
    eliquis, escort = _flag(intake, "ANTICOAGULANT"), _flag(intake, "NO_ESCORT")

    response = _post_all(
        rad_client,
        intake,
        {
            eliquis: {"disposition": "hold_drug"},
            escort: {"disposition": "escort_arranged", "note": "Daughter drives."},
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Say for how many days the drug is held." in html
    assert 'value="Daughter drives."' in html
    assert not intake.flags.filter(status=Flag.State.RESOLVED).exists()
    assert Intake.objects.get(pk=intake.pk).version == 0


def test_a_disposition_that_does_not_fit_the_code_is_refused(rad_client, intake):
    latex = _flag(intake, "LATEX_ALLERGY")

    response = _post_all(rad_client, intake, {latex: {"disposition": "hold_drug"}})

    assert response.status_code == 400
    assert not intake.flags.filter(status=Flag.State.RESOLVED).exists()


def test_an_empty_submission_says_so(rad_client, intake):
    response = _post_all(rad_client, intake, {})

    assert response.status_code == 400
    assert "Choose a disposition for at least one flag." in response.content.decode()


def test_a_stale_page_saves_nothing(rad_client, radiologist, intake):
    eliquis, escort = _flag(intake, "ANTICOAGULANT"), _flag(intake, "NO_ESCORT")
    _post_all(rad_client, intake, {escort: {"disposition": "escort_arranged"}})

    response = _post_all(
        rad_client,
        intake,
        {eliquis: {"disposition": "hold_drug", "hold_days": "2"}},
        version=0,
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Another radiologist changed this intake" in html
    assert html.index('id="refusal"') < html.index("Margaret Lee</h1>")
    assert _flag(intake, "ANTICOAGULANT").status == Flag.State.OPEN


def test_a_per_flag_action_returns_to_the_flag_with_its_status(rad_client, intake):
    escort = _flag(intake, "NO_ESCORT")

    response = rad_client.post(
        f"/review/{intake.pk}/flags/{escort.pk}/resolve/",
        {
            f"resolve-{escort.pk}-disposition": "escort_arranged",
            f"resolve-{escort.pk}-version": 0,
        },
    )

    assert response["Location"] == f"/review/{intake.pk}/#flag-{escort.pk}"
    page = rad_client.get(response["Location"]).content.decode()
    card = page.split(f'id="flag-{escort.pk}"')[1].split("</article>")[0]
    assert "Flag resolved." in card


def test_holds_prefill_the_instructions_with_dates(rad_client, intake, settings):
    import datetime as dt
    from zoneinfo import ZoneInfo

    settings.TIME_ZONE = "America/New_York"
    when = dt.datetime(2026, 12, 3, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    intake.appointment.__class__.objects.filter(pk=intake.appointment_id).update(
        scheduled_at=when
    )
    _post_all(
        rad_client,
        intake,
        {
            _flag(intake, "ANTICOAGULANT"): {
                "disposition": "hold_drug",
                "hold_days": "2",
            },
            _flag(intake, "ANTIPLATELET"): {"disposition": "continue_drug"},
            _flag(intake, "NO_ESCORT"): {"disposition": "escort_arranged"},
        },
    )

    response = rad_client.get(f"/review/{intake.pk}/")

    form = response.context["decision_form"]
    assert form.initial["instructions"].startswith(
        "Take your last dose of Eliquis on Monday, November 30."
    )
    offered = [value for value, _label in form.fields["decision"].widget.choices]
    # Only the hold stops a plain "cleared" now.
    assert offered == ["cleared_with_instructions", "needs_follow_up", "postponed"]


def test_an_invalid_row_is_marked_for_assistive_technology(rad_client, intake):
    eliquis = _flag(intake, "ANTICOAGULANT")

    response = _post_all(rad_client, intake, {eliquis: {"disposition": "hold_drug"}})

    html = response.content.decode()
    name = f"all-{eliquis.pk}-hold_days"
    assert f'aria-describedby="{name}-error"' in html
    assert f'id="{name}-error"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("disposition,days", [("reschedule", ""), ("hold_drug", "2")])
def test_a_resolution_that_contradicts_a_clearance_is_refused(
    rad_client, disposition, days
):
    intake = make_submitted_intake(flags=EIGHT_FLAGS[:1])
    Intake.objects.filter(pk=intake.pk).update(status="reviewed", decision="cleared")
    eliquis = _flag(intake, "ANTICOAGULANT")

    response = _post_all(
        rad_client,
        intake,
        {eliquis: {"disposition": disposition, "hold_days": days}},
    )

    assert response.status_code == 400
    assert "already cleared" in response.content.decode()
    assert _flag(intake, "ANTICOAGULANT").status == Flag.State.OPEN
    assert Intake.objects.get(pk=intake.pk).version == 0


def test_an_older_clearance_does_not_block_resolving_its_open_flags(rad_client):
    intake = make_submitted_intake(flags=EIGHT_FLAGS[:3])
    Intake.objects.filter(pk=intake.pk).update(status="reviewed", decision="cleared")
    plavix = _flag(intake, "ANTIPLATELET")

    response = _post_all(rad_client, intake, {plavix: {"disposition": "continue_drug"}})

    assert response.status_code == 302
    assert _flag(intake, "ANTIPLATELET").status == Flag.State.RESOLVED
