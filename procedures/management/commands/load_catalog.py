from django.core.management.base import BaseCommand

from procedures.catalog import load_catalog


class Command(BaseCommand):
    help = (
        "Load (or reload) the clinic's starting procedure catalog from catalog.json; "
        "every change goes into history and clinical changes into the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", help="Another catalog file in the same format.")

    def handle(self, *args, **options):
        count = load_catalog(options["file"])
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} procedures."))
