import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from intake.management.commands.invite_patient import Command
from intake.models import Appointment, IntakeLink, Patient
from intake.services.invitations import find_link

pytestmark = pytest.mark.django_db

NEXT_WEEK = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
ARGS = {
    "--first-name": "Ana",
    "--last-name": "Costa",
    "--dob": "1950-03-27",
    "--procedure": "vertebroplasty",
    "--scheduled": f"{NEXT_WEEK} 09:30",
    "--email": "ana.costa@example.com",
}


def argv(**changes):
    args = {**ARGS, **{f"--{key.replace('_', '-')}": v for key, v in changes.items()}}
    return [item for pair in args.items() for item in pair if pair[1] is not None]


def invite(capsys, *extra, **changes):
    call_command("invite_patient", *argv(**changes), *extra)
    return capsys.readouterr().out


def test_it_prints_a_link_whose_token_opens_the_new_appointment(capsys):
    out = invite(capsys)

    assert out.startswith("http://127.0.0.1:8000/i/")
    token = out.strip().split("/i/")[1].rstrip("/")
    link = find_link(token)
    assert link.appointment == Appointment.objects.get()
    assert link.is_usable(now=timezone.now())
    assert Patient.objects.get().full_name == "Ana Costa"


def test_the_scheduled_time_is_the_clinics_local_time(capsys, settings):
    invite(capsys)

    clinic_zone = ZoneInfo(settings.TIME_ZONE)
    day = dt.date.fromisoformat(NEXT_WEEK)
    expected = dt.datetime.combine(day, dt.time(9, 30), tzinfo=clinic_zone)
    assert Appointment.objects.get().scheduled_at == expected


def test_a_facet_injection_records_its_spinal_level(capsys):
    invite(capsys, procedure="facet-joint-injection", spinal_level="lumbar")

    assert Appointment.objects.get().spinal_level == "lumbar"


def test_a_phone_number_can_replace_the_email(capsys):
    invite(capsys, email="", phone="555-0199")

    assert Patient.objects.get().phone == "555-0199"


def test_it_emails_the_link_when_asked(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = invite(capsys, "--send-email")

    assert len(mail.outbox) == 1
    assert out.splitlines()[0] in mail.outbox[0].body
    assert "Email queued for ana.costa@example.com." in out


def test_it_sends_no_email_unless_asked(capsys):
    invite(capsys)

    assert mail.outbox == []


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"dob": "1950-13-40"}, "--dob: Enter a valid date."),
        ({"dob": "2999-01-01"}, "--dob: The date of birth cannot be in the future."),
        ({"procedure": "brain-surgery"}, "--procedure: no bookable procedure"),
        ({"scheduled": "2020-01-01 09:00"}, "--scheduled: The procedure date and"),
        ({"scheduled": "tomorrow"}, '--scheduled: use the form "YYYY-MM-DD HH:MM".'),
        ({"scheduled": f"{NEXT_WEEK} 9h"}, '--scheduled: use the form "YYYY-MM-DD'),
        (
            {"procedure": "facet-joint-injection"},
            "--spinal-level: Choose the spinal level for this procedure.",
        ),
        ({"spinal_level": "neck"}, "--spinal-level: Select a valid choice."),
        ({"email": "ana@"}, "--email: Enter a valid email address."),
        ({"email": ""}, "--email: Enter an email address or a phone number."),
        ({"first_name": ""}, "--first-name: This field is required."),
    ],
)
def test_bad_input_is_a_one_line_error_and_saves_nothing(changes, message):
    with pytest.raises(CommandError) as error:
        call_command("invite_patient", *argv(**changes))

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)
    assert Patient.objects.count() == 0
    assert IntakeLink.objects.count() == 0


def test_an_unknown_procedure_lists_the_published_ones():
    with pytest.raises(CommandError) as error:
        call_command("invite_patient", *argv(procedure="brain-surgery"))

    assert "'brain-surgery'" in str(error.value)
    assert "vertebroplasty" in str(error.value)


def test_email_without_an_address_is_refused():
    with pytest.raises(CommandError) as error:
        call_command(
            "invite_patient", *argv(email="", phone="555-0199"), "--send-email"
        )

    assert str(error.value) == "--email: Enter an email address to email the link."


def test_from_the_shell_bad_input_exits_1_without_a_traceback(capsys):
    with pytest.raises(SystemExit) as exit:
        Command().run_from_argv(
            ["manage.py", "invite_patient", *argv(scheduled="2020-01-01 09:00")]
        )

    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().count("\n") == 0
    assert err.startswith("CommandError: --scheduled:")


def test_a_missing_option_is_refused():
    with pytest.raises(CommandError):
        call_command("invite_patient", *argv(dob=None))
