"""Queue the patient reminders that are due; safe to run every few minutes."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from intake.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Queue the intake reminders due now (each is sent once, however often run)."

    def handle(self, *args, **options):
        queued = send_due_reminders(now=timezone.now())
        self.stdout.write(f"{queued} reminder(s) queued.")
