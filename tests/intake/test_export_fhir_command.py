"""`manage.py export_fhir --since DATE [--out DIR]`: one bundle per submitted intake."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clinic.models import AuditEvent
from intake.models import Intake
from tests.intake.conftest import make_appointment, make_submitted_intake

pytestmark = pytest.mark.django_db


def export(*args):
    stdout = io.StringIO()
    call_command("export_fhir", *args, stdout=stdout)
    return stdout.getvalue()


def submitted_on(day):
    intake = make_submitted_intake()
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Intake.objects.filter(pk=intake.pk).update(submitted_at=when)
    return intake


def test_it_writes_one_bundle_per_intake_submitted_since_the_date(tmp_path):
    old = submitted_on(dt.date(2026, 11, 1))
    recent = submitted_on(dt.date(2026, 11, 20))
    make_appointment()  # never submitted

    output = export("--since", "2026-11-20", "--out", str(tmp_path))

    assert output.strip() == f"Wrote 1 bundle(s) to {tmp_path}."
    assert [p.name for p in tmp_path.iterdir()] == [f"intake-{recent.pk}-fhir.json"]
    bundle = json.loads((tmp_path / f"intake-{recent.pk}-fhir.json").read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert not AuditEvent.objects.about(old).filter(code="intake.exported_fhir")


def test_each_bundle_written_is_an_audit_event(tmp_path):
    intakes = [submitted_on(dt.date(2026, 11, 20)) for _ in range(2)]

    export("--since", "2026-11-01", "--out", str(tmp_path / "new-folder"))

    for intake in intakes:
        [event] = AuditEvent.objects.about(intake).filter(code="intake.exported_fhir")
        assert event.actor is None and event.data["via"] == "command"


def test_a_date_that_is_not_a_date_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError) as raised:
        export("--since", "20/11/2026", "--out", str(tmp_path))

    assert str(raised.value) == "--since: '20/11/2026' is not a date (YYYY-MM-DD)."


def test_an_output_folder_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")

    with pytest.raises(CommandError) as raised:
        export("--since", "2026-11-01", "--out", str(blocker / "sub"))

    assert str(raised.value).startswith("--out: cannot create")
