"""Write one FHIR bundle per intake submitted since a date, for a record system."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from intake.medication_names import get_knowledge_base
from intake.models import FROZEN, Intake
from intake.services.export import export_fhir


class Command(BaseCommand):
    help = (
        "Write intake-<id>-fhir.json (a FHIR R4 collection Bundle) into --out for "
        "every intake submitted on or after --since (a date in the clinic's time "
        "zone). Each file written is an audit event."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", default=".", help="Folder (default: here).")

    def handle(self, *args, since, out, **options):
        start = _start_of(since)
        folder = Path(out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"--out: cannot create {folder}: {error}") from None
        intakes = (
            Intake.objects.filter(status__in=FROZEN, submitted_at__gte=start)
            .select_related("appointment__patient", "appointment__procedure")
            .select_related("decided_by")
            .order_by("submitted_at", "pk")
        )
        knowledge_base = get_knowledge_base()
        count = 0
        for intake in intakes.iterator(chunk_size=200):
            text = export_fhir(
                intake, now=timezone.now(), via="command", knowledge_base=knowledge_base
            )
            (folder / f"intake-{intake.pk}-fhir.json").write_text(text, "utf-8")
            count += 1
        self.stdout.write(f"Wrote {count} bundle(s) to {folder}.")


def _start_of(value):
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since: {value!r} is not a date (YYYY-MM-DD).") from None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
