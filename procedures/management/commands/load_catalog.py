from django.core.management.base import BaseCommand
from django.db import transaction

from procedures.catalog import load_catalog
from procedures.models import Benefit, Instruction, Procedure, Risk


class Command(BaseCommand):
    help = "Load (or reload) the clinic's starting procedure catalog from catalog.json."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Another catalog file in the same format.")

    @transaction.atomic
    def handle(self, *args, **options):
        count = load_catalog(
            Procedure, Benefit, Risk, Instruction, path=options["file"]
        )
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} procedures."))
