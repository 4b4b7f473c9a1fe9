"""Register a patient and a procedure from the command line, and print the link."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intake.forms.desk import RegistrationForm
from intake.services.emails import queue_invitation
from intake.services.invitations import intake_url, register_appointment
from procedures.models import Procedure

# The form field each option fills, so errors name the option the user typed.
OPTIONS = {
    "first_name": "--first-name",
    "last_name": "--last-name",
    "date_of_birth": "--dob",
    "email": "--email",
    "phone": "--phone",
    "medical_record_number": "--mrn",
    "procedure": "--procedure",
    "spinal_level": "--spinal-level",
    "scheduled_date": "--scheduled",
    "scheduled_time": "--scheduled",
    "send_email": "--send-email",
}


class Command(BaseCommand):
    help = (
        "Register a patient and a scheduled procedure (the same checks as the front "
        "desk page) and print the intake link. --scheduled is in the clinic's time "
        "zone (settings.TIME_ZONE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", required=True)
        parser.add_argument("--dob", required=True, help="YYYY-MM-DD")
        parser.add_argument("--procedure", required=True, help="A catalog slug.")
        parser.add_argument("--scheduled", required=True, help='"YYYY-MM-DD HH:MM"')
        parser.add_argument("--email", default="")
        parser.add_argument("--phone", default="")
        parser.add_argument("--mrn", default="", help="Medical record number.")
        parser.add_argument(
            "--spinal-level", default="", help="cervical, thoracic, lumbar or sacral."
        )
        parser.add_argument(
            "--send-email", action="store_true", help="Also email the link."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        form = RegistrationForm(_form_data(options), now=now)
        if not form.is_valid():
            raise CommandError(_first_error(form, options["procedure"]))
        appointment, token = register_appointment(
            patient_fields=form.patient_fields(),
            procedure=form.cleaned_data["procedure"],
            scheduled_at=form.cleaned_data["scheduled_at"],
            spinal_level=form.cleaned_data["spinal_level"],
            now=now,
        )
        self.stdout.write(intake_url(token))
        if options["send_email"]:
            if queue_invitation(appointment, token, now=now):
                self.stdout.write(f"Email queued for {appointment.patient.email}.")
            else:
                self.stderr.write("No email address; give the link above.")


def _form_data(options):
    day, _, time = options["scheduled"].strip().partition(" ")
    data = {
        "first_name": options["first_name"],
        "last_name": options["last_name"],
        "date_of_birth": options["dob"],
        "email": options["email"],
        "phone": options["phone"],
        "medical_record_number": options["mrn"],
        "procedure": options["procedure"],
        "spinal_level": options["spinal_level"],
        "scheduled_date": day,
        "scheduled_time": time.strip(),
    }
    if options["send_email"]:
        data["send_email"] = "on"
    return data


def _first_error(form, slug):
    """One line naming the option, e.g. '--dob: Enter a valid date.'"""
    field, errors = next(iter(form.errors.as_data().items()))
    error = errors[0]
    if field == "procedure" and error.code == "invalid_choice":
        known = ", ".join(Procedure.objects.offered().values_list("slug", flat=True))
        return f"--procedure: no bookable procedure {slug!r}. Choose one of: {known}."
    if field.startswith("scheduled_") and error.code in ("invalid", "required"):
        return '--scheduled: use the form "YYYY-MM-DD HH:MM".'
    return f"{OPTIONS.get(field, field)}: {' '.join(error.messages)}"
