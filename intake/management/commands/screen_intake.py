"""Screen one intake given as JSON and print the findings as JSON.

    python manage.py screen_intake FILE     # FILE a path, or - for standard input

Runs the engine the web flow runs (with the clinic-local medication names) and needs
no patient in the database, only the procedure catalog. Bad input (not JSON, unknown
procedure, wrong types, unreadable file) prints one line on standard error and exits
with status 2.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from intake.medication_names import get_knowledge_base
from intake.screening import InvalidIntake, ProcedureProfile, intake_from_dict, screen
from procedures.models import Procedure

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Screen one intake (JSON file, or - for standard input) and print JSON."
    # Tests pass their own standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="a JSON intake file, or - for standard input")

    def handle(self, *args, **options):
        data = _load_json(options["file"], options.get("stdin") or sys.stdin)
        try:
            intake = intake_from_dict(data)
        except InvalidIntake as error:
            raise CommandError(
                f"invalid intake: {error}", returncode=BAD_INPUT
            ) from None
        try:
            procedure = Procedure.objects.filter(slug=intake.procedure).first()
        except DatabaseError as error:
            raise CommandError(f"database not ready: {error}".splitlines()[0]) from None
        if procedure is None:
            raise CommandError(
                f"unknown procedure {intake.procedure!r}", returncode=BAD_INPUT
            )
        profile = ProcedureProfile.from_attributes(procedure.clinical_attributes())
        findings = screen(intake, profile, knowledge_base=get_knowledge_base())
        result = {
            "procedure": intake.procedure,
            "flags": [finding.as_dict() for finding in findings],
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))


def _load_json(path, stdin):
    try:
        if path == "-":
            text = stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        message = getattr(error, "strerror", None) or str(error)
        raise CommandError(
            f"cannot read {path}: {message}", returncode=BAD_INPUT
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"not JSON: {error}", returncode=BAD_INPUT) from None
