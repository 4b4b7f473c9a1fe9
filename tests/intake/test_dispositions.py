"""Dispositions per flag code, and the titles staff read (intake/dispositions.py)."""

import pytest

from intake.dispositions import (
    BY_CODE,
    HOLDS,
    NOT_ON_THIS_DATE,
    Disposition,
    entry_names,
    review_of,
)
from intake.models import Flag
from intake.screening import CODES
from tests.intake.conftest import make_submitted_intake

# Added to the engine in parallel (CLINICAL.md: povidone-iodine / chlorhexidine).
REVIEWED_CODES = sorted({*CODES, "ANTISEPTIC_ALLERGY"})
# Values stored before dispositions were listed per code.
FIRST_VALUES = ["hold_drug", "premedicate", "proceed", "call_patient", "reschedule"]


@pytest.mark.parametrize("code", REVIEWED_CODES)
def test_every_code_has_its_own_dispositions_and_a_title(code):
    review = BY_CODE[code]

    assert len(review.dispositions) >= 2
    assert Disposition.OTHER in review.dispositions
    assert str(review.topic)


@pytest.mark.parametrize(
    "code",
    ["ACTIVE_INFECTION", "PREGNANCY", "NO_ESCORT", "BONE_CEMENT_ALLERGY"],
)
def test_a_flag_that_can_cancel_the_day_can_be_resolved_so(code):
    assert set(review_of(code).dispositions) & NOT_ON_THIS_DATE


def test_the_first_stored_values_are_still_valid():
    values = {choice.value for choice in Disposition}

    assert set(FIRST_VALUES) <= values
    assert "other" in values


@pytest.mark.parametrize(
    "code,fits,does_not_fit",
    [
        ("ANTICOAGULANT", "bridging", "premedicate"),
        ("LATEX_ALLERGY", "latex_safe", "hold_drug"),
        ("NO_ESCORT", "escort_arranged", "premedicate"),
        ("ANTISEPTIC_ALLERGY", "other_skin_prep", "no_contrast"),
        ("CONTRAST_ALLERGY", "no_contrast", "hold_drug"),
        ("PREGNANCY", "proceed_after_confirmation", "hold_drug"),
    ],
)
def test_dispositions_fit_the_flag(code, fits, does_not_fit):
    dispositions = review_of(code).dispositions

    assert fits in dispositions
    assert does_not_fit not in dispositions


def test_an_unknown_code_still_gets_every_disposition():
    assert review_of("SOMETHING_NEW").dispositions == tuple(Disposition)


def test_holds_are_drug_dispositions():
    assert HOLDS == {"hold_drug", "hold_with_prescriber", "bridging"}


@pytest.mark.parametrize(
    "evidence,names",
    [
        ("Eliquis 5 mg twice a day", ["Eliquis"]),
        ("baby aspirin 81mg", ["baby aspirin"]),
        ("CT dye, hives", ["CT dye"]),
        ("Eliquis 5 mg; warfarin; Plavix", ["Eliquis", "warfarin", "Plavix"]),
        ("", []),
    ],
)
def test_entry_names_keep_the_drug_and_drop_the_dose(evidence, names):
    assert entry_names(evidence) == names


@pytest.mark.parametrize(
    "code,message,evidence,title",
    [
        (
            "ANTICOAGULANT",
            "Anticoagulant apixaban (Eliquis) before the vertebroplasty.",
            "Eliquis 5 mg twice a day",
            "Blood thinner: Eliquis (apixaban)",
        ),
        (
            "ANTICOAGULANT",
            "Anticoagulant warfarin before the vertebroplasty.",
            "warfarin",
            "Blood thinner: warfarin",
        ),
        (
            "LATEX_ALLERGY",
            "Latex allergy (latex gloves).",
            "latex gloves",
            "Latex allergy: latex gloves",
        ),
        (
            "ACTIVE_INFECTION",
            "Fever or active infection reported.",
            "Answered: fever or active infection: yes",
            "Fever or active infection",
        ),
    ],
)
def test_flags_read_as_human_titles(code, message, evidence, title):
    flag = Flag(code=code, severity="high", message=message, evidence=evidence)

    assert flag.title == title


@pytest.mark.django_db
def test_the_resolve_form_offers_only_the_dispositions_of_the_code(rad_client):
    intake = make_submitted_intake(
        flags=[("LATEX_ALLERGY", "moderate", "Latex allergy (latex).", "latex")]
    )
    flag = intake.flags.get()

    form = rad_client.get(f"/review/{intake.pk}/").context["flags"][0].resolve_form

    offered = [value for value, _label in form.fields["disposition"].choices if value]
    assert offered == ["latex_safe", "other"]
    response = rad_client.post(
        f"/review/{intake.pk}/flags/{flag.pk}/resolve/",
        {
            f"resolve-{flag.pk}-disposition": "hold_drug",
            f"resolve-{flag.pk}-version": 0,
        },
    )
    assert response.status_code == 400
    flag.refresh_from_db()
    assert flag.status == Flag.State.OPEN


@pytest.mark.django_db
def test_the_service_refuses_a_disposition_that_does_not_fit(radiologist):
    from django.utils import timezone

    from intake.services.review import ReviewRefused, resolve_flag

    intake = make_submitted_intake(
        flags=[("NO_ESCORT", "high", "No adult to take the patient home.", "")]
    )

    with pytest.raises(ReviewRefused) as refused:
        resolve_flag(
            intake.flags.get(),
            expected_version=0,
            disposition="premedicate",
            actor=radiologist,
            now=timezone.now(),
        )

    assert refused.value.code == "disposition_unfit"
    assert intake.flags.get().status == Flag.State.OPEN
