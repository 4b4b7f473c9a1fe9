"""The queue's columns on the intake follow the appointment and the flags.

The review queue reads the procedure time, the cancellation and the worst flag from
the intake itself (so a partial index serves it whatever the history): every
service that changes them must copy them there in the same transaction.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.models import NO_OPEN_FLAG, Intake, Status
from intake.services.invitations import cancel_appointment, reschedule_appointment
from intake.services.review import resolve_flag
from tests.conftest import migrated_back_to
from tests.intake.conftest import (
    fill_all_steps,
    make_appointment,
    make_submitted_intake,
    sign,
)

pytestmark = pytest.mark.django_db


def _stored(intake):
    return Intake.objects.values(
        "scheduled_at", "cancelled", "worst_rank", "has_flags"
    ).get(pk=intake.pk)


def test_a_new_intake_carries_its_procedure_time():
    appointment, _ = make_appointment(days_ahead=4)

    assert _stored(appointment.intake)["scheduled_at"] == appointment.scheduled_at


def test_rescheduling_moves_the_intake_in_the_queue(front_desk):
    intake = make_submitted_intake()
    later = timezone.now().replace(microsecond=0) + dt.timedelta(days=9)

    reschedule_appointment(
        intake.appointment,
        scheduled_at=later,
        spinal_level="",
        actor=front_desk,
        now=timezone.now(),
    )

    assert _stored(intake)["scheduled_at"] == later


def test_cancelling_takes_the_intake_out_of_the_queue(front_desk):
    intake = make_submitted_intake()

    cancel_appointment(intake.appointment, actor=front_desk, now=timezone.now())

    assert _stored(intake)["cancelled"] is True
    assert not Intake.objects.awaiting_review().filter(pk=intake.pk).exists()


def test_submitting_stores_the_worst_flag(patient):
    client, appointment = patient
    fill_all_steps(client)
    sign(client)

    stored = _stored(appointment.intake)
    assert appointment.intake.flags.exists()
    assert stored["has_flags"] is True
    assert stored["worst_rank"] == 1  # the Eliquis of VALID_STEPS: high


def test_resolving_the_last_flag_leaves_no_open_rank(radiologist):
    intake = make_submitted_intake(severities=["critical"])
    flag = intake.flags.get()

    resolve_flag(
        flag,
        expected_version=intake.version,
        disposition="proceed",
        note="Checked.",
        actor=radiologist,
        now=timezone.now(),
    )

    stored = _stored(intake)
    assert (stored["worst_rank"], stored["has_flags"]) == (NO_OPEN_FLAG, True)


def test_each_filter_of_the_queue_reads_the_intake_alone():
    sql = str(Intake.objects.in_queue(start=dt.date(2026, 12, 1)).queue_order().query)

    assert "intake_appointment" not in sql


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_existing_appointments():
    call_command("load_catalog", verbosity=0)  # a transactional test may flush it
    with migrated_back_to("intake", "0007_preferred_language") as old:
        Patient = old.get_model("intake", "Patient")
        Appointment = old.get_model("intake", "Appointment")
        procedure = old.get_model("procedures", "Procedure").objects.first()
        when = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
        ids = []
        for cancelled_at in (None, timezone.now()):
            appointment = Appointment.objects.create(
                patient=Patient.objects.create(
                    first_name="A", last_name="B", date_of_birth=dt.date(1950, 1, 1)
                ),
                procedure=procedure,
                scheduled_at=when,
                cancelled_at=cancelled_at,
            )
            intake = old.get_model("intake", "Intake").objects.create(
                appointment=appointment, status=Status.SUBMITTED
            )
            ids.append(intake.pk)

    live, cancelled = (_stored(Intake(pk=pk)) for pk in ids)
    assert live["scheduled_at"] == when and live["cancelled"] is False
    assert cancelled["scheduled_at"] == when and cancelled["cancelled"] is True
