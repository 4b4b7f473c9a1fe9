"""Time the radiologist's queue and the desk's worklist with 10,000 intakes.

Builds its own throwaway database, fills it (12,000 appointments with links and some
emails), requests /review/ as a radiologist and /desk/ as the front desk, and prints
the median (and p90) time of N requests, plus the queries each page runs.

    DJANGO_SETTINGS_MODULE=tests.settings \\
        .venv/bin/python tests/benchmarks/review_queue.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        DJANGO_SETTINGS_MODULE=tests.settings \\
        .venv/bin/python tests/benchmarks/review_queue.py

SQLite (the default without DATABASE_URL): a file in a new temporary directory,
removed at the end; the developer's db.sqlite3 is never opened. PostgreSQL: a new
database, bench_review_queue, on the server DATABASE_URL points at, created and
dropped here; the database named in DATABASE_URL is only used to connect.
"""

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

SEVERITIES = ["critical", "high", "moderate", "info"]
SEVERITY_WEIGHTS = [1, 3, 4, 4]
MEDICATIONS = [
    {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day", "last_dose": ""},
    {"name": "metformin", "dose": "500 mg", "frequency": "twice a day"},
    {"name": "aspirin", "dose": "81 mg", "frequency": "daily"},
    {"name": "lisinopril", "dose": "10 mg", "frequency": "daily"},
    {"name": "heart pill", "dose": "", "frequency": "daily"},
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--intakes", type=int, default=10_000, help="waiting")
    parser.add_argument(
        "--cleared", type=int, default=0, help="history: cleared intakes added"
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--pg-database",
        default="bench_review_queue",
        help="the PostgreSQL database to create and drop (one per engineer)",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-review-queue-"))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args, workdir):
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'unused.sqlite3'}"
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.conf import settings
    from django.db import connection

    database = connection.settings_dict
    sqlite = connection.vendor == "sqlite"
    test_name = str(workdir / "bench.sqlite3") if sqlite else args.pg_database
    database["TEST"]["NAME"] = test_name
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original_name = database["NAME"]
    print(f"database: {connection.vendor}, creating {test_name}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        fill(args.intakes, random.Random(args.seed), cleared=args.cleared)
        measure(args.requests)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def fill(count, rng, *, cleared=0):
    """Create `count` submitted intakes, `cleared` cleared ones, and drafts as noise."""
    from django.db import connection
    from django.utils import timezone

    from intake.models import Appointment, Flag, Intake, Patient
    from procedures.models import Procedure

    started = time.perf_counter()
    now = timezone.now()
    procedures = list(Procedure.objects.all())
    noise = count // 5 + cleared
    patients = Patient.objects.bulk_create(
        Patient(
            first_name=f"First{n}",
            last_name=f"Last{n}",
            date_of_birth=dt.date(1940, 1, 1) + dt.timedelta(days=n % 15000),
        )
        for n in range(count + noise)
    )
    appointments = Appointment.objects.bulk_create(
        Appointment(
            patient=patient,
            procedure=rng.choice(procedures),
            scheduled_at=now + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 60)),
        )
        for patient in patients
    )
    intakes = Intake.objects.bulk_create(
        Intake(
            appointment=appointment,
            scheduled_at=appointment.scheduled_at,
            status=_status(n, count, cleared, rng),
            decision="cleared" if count <= n < count + cleared else "",
            submitted_at=now,
            answers=_answers(rng),
        )
        for n, appointment in enumerate(appointments)
    )
    flags = []
    for intake in intakes:
        for position in range(rng.choice([0, 0, 1, 2, 3, 4, 6])):
            flags.append(
                Flag(
                    intake=intake,
                    position=position,
                    code="BENCH",
                    severity=rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0],
                    message="A finding.",
                    action="An action.",
                    source="A source.",
                    evidence="Eliquis",
                    status="resolved"
                    if intake.status == "reviewed"
                    else rng.choice(
                        ["open", "open", "open", "acknowledged", "resolved"]
                    ),
                )
            )
    Flag.objects.bulk_create(flags, batch_size=5000)
    Intake.objects.refresh_queue_fields()
    _links_and_emails(appointments, rng, now)
    with connection.cursor() as cursor:
        # What autovacuum does within a minute of a bulk load in production: fresh
        # statistics, and a visibility map that lets counts read the index alone.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    print(
        f"filled: {count} waiting intakes, {cleared} cleared, {noise - cleared} "
        f"others, {len(flags)} flags "
        f"in {time.perf_counter() - started:.1f} s"
    )


_NOISE_STATUSES = ["reviewed", "in_progress", "not_opened"]


def _status(n, count, cleared, rng):
    if n < count:
        return "submitted"
    if n < count + cleared:
        return "reviewed"
    return rng.choice(_NOISE_STATUSES)


def _links_and_emails(appointments, rng, now):
    """One link per appointment (a few locked) and an email record for most."""
    from intake.models import IntakeLink, Notification

    IntakeLink.objects.bulk_create(
        (
            IntakeLink(
                appointment=appointment,
                token_hash=f"{n:064d}",
                issued_at=now,
                expires_at=appointment.link_expiry(now),
                locked_at=now if rng.random() < 0.02 else None,
            )
            for n, appointment in enumerate(appointments)
        ),
        batch_size=5000,
    )
    Notification.objects.bulk_create(
        (
            Notification(
                appointment=appointment,
                kind="invitation",
                state="failed" if rng.random() < 0.02 else "sent",
                created_at=now,
                finished_at=now,
            )
            for appointment in appointments
            if rng.random() < 0.8
        ),
        batch_size=5000,
    )


def _answers(rng):
    return {
        "procedure": "vertebroplasty",
        "medications": rng.sample(MEDICATIONS, rng.randrange(0, len(MEDICATIONS))),
        "supplements": [{"name": "fish oil"}],
        "allergies": [],
        "answers": {"pregnant": "no", "has_escort": True},
    }


def measure(requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from clinic.roles import Role
    from intake.models import Intake
    from tests.conftest import make_user

    radiologist, desk = Client(), Client()
    radiologist.force_login(make_user("bench-radiologist", Role.RADIOLOGIST))
    desk.force_login(make_user("bench-desk", Role.FRONT_DESK))
    intake = Intake.objects.filter(status="submitted", flags__isnull=False).first()
    month = timezone.localdate() + dt.timedelta(days=30)
    pages = [
        (radiologist, "queue", "/review/", None),
        (radiologist, "queue, critical only", "/review/?severity=critical", None),
        (radiologist, "queue, page 20", "/review/?page=20", None),
        (radiologist, "intake page", f"/review/{intake.pk}/", None),
        (desk, "worklist", "/desk/", None),
        (desk, "worklist, attention", "/desk/?attention=on", None),
        (desk, "worklist, name search", "/desk/", {"q": "Last4242"}),
        (desk, "worklist, birth date", "/desk/", {"q": "1950-06-01"}),
        (desk, "worklist, filters", "/desk/", {"status": "in_progress", "end": month}),
        (desk, "worklist, page 20", "/desk/", {"page": "20"}),
        (
            desk,
            "appointment page",
            f"/desk/appointments/{intake.appointment_id}/",
            None,
        ),
    ]
    print(f"{'page':<24}{'median ms':>10}{'p90 ms':>9}{'min ms':>9}{'queries':>9}")
    for client, label, url, data in pages:
        for _ in range(3):
            _get(client, url, data)
        timings = [_get(client, url, data) for _ in range(requests)]
        with CaptureQueriesContext(connection) as queries:
            _get(client, url, data)
        deciles = statistics.quantiles(timings, n=10)
        print(
            f"{label:<24}{statistics.median(timings):>10.1f}{deciles[-1]:>9.1f}"
            f"{min(timings):>9.1f}{len(queries.captured_queries):>9}"
        )
    print(f"({requests} requests each after 3 warm-up requests)")


def _get(client, url, data=None):
    """Time one request; a desk search is posted, as the page posts it."""
    started = time.perf_counter()
    response = client.post(url, data) if data else client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed


if __name__ == "__main__":
    main()
