"""Intake test factories: appointments with a link, submitted intakes with flags."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from intake.models import Flag, Intake, Status
from intake.services.invitations import register_appointment
from procedures.models import Procedure

DOB = dt.date(1948, 3, 14)


def make_appointment(
    *,
    first_name="Margaret",
    last_name="Lee",
    date_of_birth=DOB,
    procedure="vertebroplasty",
    days_ahead=5,
    spinal_level="",
    now=None,
    email="m.lee@example.com",
):
    """Register a patient and appointment; return (appointment, token)."""
    now = now or timezone.now()
    return register_appointment(
        patient_fields={
            "first_name": first_name,
            "last_name": last_name,
            "date_of_birth": date_of_birth,
            "email": email,
        },
        procedure=Procedure.objects.get(slug=procedure),
        scheduled_at=now + dt.timedelta(days=days_ahead),
        spinal_level=spinal_level,
        now=now,
    )


def make_submitted_intake(
    *, severities=("high",), flags=None, now=None, **appointment_fields
):
    """Return an intake marked submitted with one open flag per severity given.

    `flags`, (code, severity, message, evidence) tuples, replaces the test flags.
    Builds rows directly, so review tests do not depend on the patient flow.
    """
    now = now or timezone.now()
    appointment, _ = make_appointment(now=now, **appointment_fields)
    intake = appointment.intake
    Intake.objects.filter(pk=intake.pk).update(
        status=Status.SUBMITTED,
        submitted_at=now,
        signature=appointment.patient.full_name,
        answers={
            "medications": [{"name": "Eliquis 5 mg twice a day"}],
            "supplements": [{"name": "fish oil"}],
            "allergies": [],
            "answers": {"pregnant": "no", "has_escort": True},
        },
    )
    if flags is None:
        flags = [
            (f"TEST_{s.upper()}", s, f"A {s} finding.", "Eliquis 5 mg twice a day")
            for s in severities
        ]
    Flag.objects.bulk_create(
        Flag(
            intake=intake,
            position=index,
            code=code,
            severity=severity,
            message=message,
            action="Do the recommended thing.",
            source="Test guideline, section 1",
            evidence=evidence,
        )
        for index, (code, severity, message, evidence) in enumerate(flags)
    )
    Intake.objects.filter(pk=intake.pk).refresh_queue_fields()
    intake.refresh_from_db()
    return intake


# A working day's typical intake: 3 high, 4 moderate and 1 info flag, real codes.
EIGHT_FLAGS = [
    (
        "ANTICOAGULANT",
        "high",
        "Anticoagulant apixaban (Eliquis) before the vertebroplasty, a high "
        "bleeding-risk procedure (SIR 2019).",
        "Eliquis 5 mg twice a day",
    ),
    (
        "ANTIPLATELET",
        "high",
        "Antiplatelet clopidogrel (Plavix) before the vertebroplasty, a high "
        "bleeding-risk procedure (SIR 2019).",
        "Plavix 75 mg daily",
    ),
    (
        "NO_ESCORT",
        "high",
        "No adult to take the patient home after IV sedation in the vertebroplasty.",
        "Answered: an adult will take me home: no",
    ),
    (
        "BLEEDING_SUPPLEMENT",
        "moderate",
        "Supplement fish oil may add to bleeding, and an antithrombotic drug is "
        "also listed.",
        "fish oil",
    ),
    ("LATEX_ALLERGY", "moderate", "Latex allergy (latex gloves).", "latex gloves"),
    (
        "NSAID",
        "moderate",
        "NSAID ibuprofen by mouth before the vertebroplasty, a high bleeding-risk "
        "procedure (SIR 2019).",
        "ibuprofen 400 mg",
    ),
    (
        "UNRECOGNIZED_MEDICATION",
        "moderate",
        "The engine could not identify “blue” in this medication entry.",
        "blue pill",
    ),
    (
        "DIABETES_STEROID",
        "info",
        "Diabetes and a corticosteroid injection: blood sugar rises for 1-3 days.",
        "Answered: diabetes: yes",
    ),
]


@pytest.fixture
def appointment_with_token(db):
    return make_appointment()


def verify(client, token, date_of_birth=DOB):
    """Open the link and confirm the date of birth; return the last response."""
    client.get(f"/i/{token}/")
    return client.post(
        "/intake/verify/",
        {
            "day": date_of_birth.day,
            "month": date_of_birth.month,
            "year": date_of_birth.year,
        },
    )


def rows(*entries, prefix="rows"):
    """Formset data for the given row dicts."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(entries)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, entry in enumerate(entries):
        for key, value in entry.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


NO_ALLERGY_QUESTIONS = {
    "local_anesthetic": "no",
    "general_anesthesia": "no",
    "iodinated_contrast": "no",
    "latex": "no",
}

# Valid answers for every step: a patient on Eliquis who takes fish oil.
VALID_STEPS = {
    "about": {
        "details_correct": "yes",
        "phone": "555-0142",
        "emergency_name": "Tom Lee",
        "emergency_phone": "555-0199",
    },
    "procedure": {"has_read": "on"},
    "medications": rows(
        {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day"},
        {"name": "metoprolol", "dose": "25 mg", "frequency": "daily"},
    ),
    "supplements": {"common": ["fish oil"], **rows()},
    "allergies": {**NO_ALLERGY_QUESTIONS, "none": "on", **rows()},
    "health": {
        "pregnant": "not_applicable",
        "bleeding_disorder": "no",
        "kidney_disease": "no",
        "diabetes": "no",
        "fever_or_infection": "no",
        "sleep_apnea": "no",
        "malignant_hyperthermia": "no",
    },
    "day": {
        "has_escort": "yes",
        "escort_name": "Tom Lee",
        "escort_phone": "555-0199",
        "understood": "on",
    },
}


def fill_all_steps(client, steps=None):
    for slug, data in (steps or VALID_STEPS).items():
        response = client.post(f"/intake/{slug}/", data)
        assert response.status_code == 302, (slug, response.content[:3000])


def sign(client, signature="Margaret Lee", **extra):
    """Open the check page and sign the answers it shows."""
    page = client.get("/intake/review/")
    version = page.context["form"].initial["answers_version"] if page.context else ""
    data = {"consent": "on", "signature": signature, "answers_version": version}
    return client.post("/intake/review/", {**data, **extra})


@pytest.fixture
def patient(client, db):
    """A client verified on a fresh link; returns (client, appointment)."""
    appointment, token = make_appointment()
    verify(client, token)
    return client, appointment


@pytest.fixture
def desk_client(client, front_desk):
    """A client signed in as front desk staff."""
    client.force_login(front_desk)
    return client


@pytest.fixture
def rad_client(client, radiologist):
    """A client signed in as a radiologist."""
    client.force_login(radiologist)
    return client


def token_on(response):
    """The token of the intake link shown on a desk page."""
    return re.search(r'value="http://[^"]+/i/([^/"]+)/"', response.content.decode())[1]


@pytest.fixture
def tablet(desk_client):
    """A clinic device handed to the patient through the desk's tablet mode."""
    appointment, _ = make_appointment()
    desk_client.post(f"/desk/appointments/{appointment.pk}/tablet/")
    return desk_client, appointment
