"""Load-test the app as users meet it: gunicorn, production settings, PostgreSQL.

Stdlib threads and http.client (no locust): each virtual user is a thread with its
own cookies, sending requests back to back for the case's duration.

    make load                                  # 20 s per case
    .venv/bin/python tests/benchmarks/load.py --seconds 5

Creates (and drops at the end) the PostgreSQL database named in LOAD_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/clinic_load), migrates it, seeds 2,000
intakes waiting for review, starts gunicorn (2 sync workers) on a free loopback
port with the production settings plus one bare one-query view (the floor; its URL
exists only in tests/benchmarks/load_urls.py), and prints each page's requests per
second at 1 and 16 users beside the floor's. Then 32 patients do the whole flow at
once, and every acknowledged submission is checked in the database.

The cases run in interleaved rounds (`--rounds`, each `--seconds` / rounds long):
a shared machine's speed drifts by half within minutes, and interleaving lets the
drift reach the floor and each page alike. A page's ratio is the median of its
per-round ratios to the floor measured in the same round; the range is printed too.
Each run also reads the CPU time gunicorn and PostgreSQL spent (from /proc), so
a page's server cost a request compares with the floor's whatever the client and
the neighbours take.

The radiologist signs in like a person: password, then enrollment of an
authenticator app whose TOTP codes this script computes from the key on the page.
"""

import argparse
import html
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/clinic_load"
PASSWORD = "a-long-load-test-password-42"
WORKERS = 2
FLOW_PATIENTS = 32
MEDICATION_ROWS = [
    {"name": "Eliquis", "dose": "5 mg", "frequency": "twice a day"},
    {"name": "metoprolol", "dose": "25 mg", "frequency": "daily"},
    {"name": "atorvastatin", "dose": "20 mg", "frequency": "nightly"},
    {"name": "aspirin", "dose": "81 mg", "frequency": "daily"},
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per case")
    parser.add_argument(
        "--rounds", type=int, default=4, help="interleaved rounds the seconds split in"
    )
    parser.add_argument("--users", type=int, nargs="+", default=[1, 16])
    parser.add_argument("--waiting", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--only", default="", help="time only the pages whose label has this text"
    )
    parser.add_argument("--no-flow", action="store_true", help="skip the 32 patients")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main():
    args = parse_args()
    url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    name = urlsplit(url).path.lstrip("/")
    if name in {"postgres", "test", "template0", "template1", ""}:
        raise SystemExit(f"refusing to use the database {name!r}: name a scratch one")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.load_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_DEBUG": "false",
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    _recreate_database(url, name)
    try:
        run(args, env)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _drop_database(url, name)


def _maintenance(url):
    import psycopg

    parts = urlsplit(url)
    # template1 is the server's own maintenance database (as createdb uses it).
    return psycopg.connect(parts._replace(path="/template1").geturl(), autocommit=True)


def _recreate_database(url, name):
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')


def _drop_database(url, name):
    with _maintenance(url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(args, env):
    import django
    from django.core.management import call_command

    django.setup()
    print("migrating and collecting static files ...", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    # Two pools of timed patients: one only ever opens a blank step.
    timed = 2 * max(args.users)
    seeded = seed(args.waiting, patients=timed + FLOW_PATIENTS)
    port = _free_port()
    server = _start_gunicorn(env, port)
    try:
        site = Site(port)
        site.wait_until_up()
        print(f"gunicorn: {WORKERS} sync workers on 127.0.0.1:{port}", flush=True)
        tokens = seeded["tokens"]
        sessions = [site.patient(token) for token in tokens[:timed]]
        cold = [_timed_get(session, "/intake/medications/") for session in sessions[:2]]
        radiologist = site.radiologist(seeded["radiologist"])
        pools = {
            "blank": sessions[: max(args.users)],
            "patients": sessions[max(args.users) :],
            "radiologist": [radiologist] * max(args.users),
        }
        figures = measure_cases(site, args, pools, server.pid)
        print_table(figures, args.users, args.seconds, args.waiting)
        print(
            "first medications GET of each fresh worker: "
            + ", ".join(f"{ms:.0f} ms" for ms in cold)
        )
        if not args.no_flow:
            flow(site, tokens[timed:], seeded)
    finally:
        server.terminate()
        server.wait(timeout=30)


def seed(waiting, *, patients):
    """Create the radiologist, `waiting` intakes to review and patients with links."""
    import random

    from clinic.roles import Role
    from tests.benchmarks.review_queue import fill
    from tests.conftest import make_user
    from tests.intake.conftest import make_appointment

    print(
        f"seeding {waiting:,} waiting intakes and {patients} patients ...", flush=True
    )
    user = make_user("load-radiologist", Role.RADIOLOGIST, is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    fill(waiting, random.Random(5))
    tokens = [make_appointment(email="")[1] for _ in range(patients)]
    return {"radiologist": user.username, "tokens": tokens}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_gunicorn(env, port):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "clinic.wsgi",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    config = ROOT / "gunicorn.conf.py"
    if config.exists():
        command += ["--config", str(config)]
    return subprocess.Popen(command, cwd=ROOT, env=env)


class Site:
    """The server under test; hands out signed-in user agents."""

    def __init__(self, port):
        self.port = port

    def agent(self):
        return Agent(self.port)

    def wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.agent().get("/__bench__/floor/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 60 s")

    def patient(self, token, date_of_birth=None):
        """Open the link and give the date of birth; return the verified agent."""
        from tests.intake.conftest import DOB

        born = date_of_birth or DOB
        agent = self.agent()
        agent.expect(agent.get(f"/i/{token}/"), 302)
        agent.expect(agent.get("/intake/verify/"), 200)
        answer = {"day": born.day, "month": born.month, "year": born.year}
        agent.expect(agent.post("/intake/verify/", answer), 302)
        return agent

    def radiologist(self, username):
        """Sign in with the password, enroll an app from the key shown, confirm."""
        agent = self.agent()
        agent.expect(agent.get("/accounts/login/"), 200)
        form = {"username": username, "password": PASSWORD}
        signed_in = agent.expect(agent.post("/accounts/login/", form), 302)
        setup = agent.follow(signed_in)
        if not setup.url.startswith("/accounts/two-factor/setup/"):
            raise SystemExit(f"expected the enrollment page, reached {setup.url}")
        key = re.search(r"<code>([A-Z2-7 ]{16,})</code>", setup.text)[1]
        enrolled = agent.post(
            "/accounts/two-factor/setup/", {"token": totp(key), "next": "/review/"}
        )
        agent.expect(enrolled, 200)
        if "recovery" not in enrolled.text.lower():
            raise SystemExit("the authenticator app was not enrolled")
        agent.expect(agent.get("/review/"), 200)
        return agent


def totp(readable_key):
    """Return the current six-digit code for a base32 key, as an app computes it."""
    import base64

    from django_otp.oath import totp as oath_totp

    key = base64.b32decode(readable_key.replace(" ", ""))
    return f"{oath_totp(key, step=30, t0=0, digits=6):06d}"


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Agent:
    """One browser: its cookies, a CSRF token, plain HTTP to the loopback server.

    gunicorn's sync workers close every connection, so each request opens its own.
    The production settings expect HTTPS from a proxy: the agent says so in
    X-Forwarded-Proto, as the proxy would.
    """

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "127.0.0.1",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            data = raw.read()
            for header in raw.msg.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return Response(raw.status, raw.msg, data)
        finally:
            connection.close()

    def get(self, path):
        response = self.request("GET", path)
        response.url = path
        return response

    def follow(self, response, limit=5):
        """Follow redirects to the page that answers 200."""
        for _ in range(limit):
            if response.status != 302:
                return self.expect(response, 200)
            response = self.get(response.location)
        raise AssertionError("too many redirects")

    def post(self, path, data, headers=None):
        fields = {"csrfmiddlewaretoken": self.csrf_token(), **data}
        body = urlencode(fields, doseq=True)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{self.port}",
            **(headers or {}),
        }
        return self.request("POST", path, body, headers)

    def csrf_token(self):
        return next(
            (value for name, value in self.cookies.items() if "csrftoken" in name), ""
        )

    @staticmethod
    def expect(response, status):
        if response.status != status:
            raise AssertionError(
                f"expected {status}, got {response.status}: {response.text[:300]}"
            )
        return response


def _timed_get(agent, path):
    started = time.perf_counter()
    agent.expect(agent.get(path), 200)
    return (time.perf_counter() - started) * 1000


def medications_post_data(rows=MEDICATION_ROWS):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-{key}": value for key, value in row.items()})
    return data


def _page_rev(agent):
    page = agent.expect(agent.get("/intake/medications/"), 200)
    return int(re.search(r'data-rev="(\d+)"', page.text)[1])


def cases():
    """(label, make a per-user request function) for each measured page."""
    posted = medications_post_data()

    def floor(agent):
        return lambda: agent.expect(agent.get("/__bench__/floor/"), 200)

    def procedure(agent):
        return lambda: agent.expect(agent.get("/procedures/vertebroplasty/"), 200)

    def step_get(agent):
        return lambda: agent.expect(agent.get("/intake/medications/"), 200)

    def step_post(agent):
        return lambda: agent.expect(agent.post("/intake/medications/", posted), 302)

    def autosave(agent):
        state = {"rev": _page_rev(agent)}

        def send():
            headers = {"X-Autosave": "1", "X-Draft-Rev": str(state["rev"])}
            response = agent.post("/intake/medications/", posted, headers)
            agent.expect(response, 204)
            state["rev"] = int(response.headers["X-Draft-Rev"])

        return send

    def review(agent):
        return lambda: agent.expect(agent.get("/review/"), 200)

    return [
        ("bare view, one query", floor, "anonymous"),
        ("/procedures/vertebroplasty/", procedure, "anonymous"),
        # Patients who never save: the step stays blank in every round.
        ("medications step GET", step_get, "blank"),
        ("medications step POST (4 rows)", step_post, "patients"),
        # The same page once those rows are saved: every field bound, none cached.
        ("medications step GET (4 rows saved)", step_get, "patients"),
        ("medications autosave", autosave, "patients"),
        ("/review/ (waiting intakes)", review, "radiologist"),
    ]


def measure_cases(site, args, pools, server_pid):
    """Time each chosen case in interleaved rounds; return {(label, users): [runs]}.

    A run is (req/s, median ms, errors, server CPU ms a request).
    """
    chosen = [
        case for case in cases() if args.only in case[0] or case[1].__name__ == "floor"
    ]
    figures = {}
    for number in range(1, args.rounds + 1):
        print(f"round {number} of {args.rounds}", flush=True)
        for label, make, who in chosen:
            for users in args.users:
                if who == "anonymous":
                    agents = [site.agent() for _ in range(users)]
                else:
                    agents = pools[who][:users]
                calls = [make(agent) for agent in agents]
                cpu_before = server_cpu_seconds(server_pid)
                rate, median, errors, count = hammer(calls, args.seconds / args.rounds)
                cpu = (server_cpu_seconds(server_pid) - cpu_before) * 1000 / count
                figures.setdefault((label, users), []).append(
                    (rate, median, errors, cpu)
                )
                print(
                    f"  {label:<38}{users:>3} users: {rate:7.1f} req/s, "
                    f"median {median:6.1f} ms, errors {errors}, "
                    f"server CPU {cpu:5.2f} ms a request",
                    flush=True,
                )
    return figures


def hammer(calls, seconds):
    """Run each call in its own thread, back to back; return (req/s, median, errors)."""
    latencies, errors = [], []
    lock = threading.Lock()
    start = time.monotonic() + 0.2
    deadline = start + seconds

    def user(call):
        mine, failed = [], 0
        while time.monotonic() < start:
            time.sleep(0.01)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                call()
            except (AssertionError, OSError) as error:
                failed += 1
                if failed == 1:
                    print(f"    error: {str(error)[:200]}", flush=True)
                continue
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    threads = [threading.Thread(target=user, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Requests begun before the deadline finish after it: count the time they took.
    elapsed = time.monotonic() - start
    median = statistics.median(latencies) if latencies else float("nan")
    count = max(len(latencies), 1)
    return len(latencies) / elapsed, median, sum(errors), count


def server_cpu_seconds(server_pid):
    """CPU seconds used so far by gunicorn and every PostgreSQL process (Linux).

    The load client shares the machine; this counts only the server side, so a
    page's cost against the floor's does not depend on the client's share. A
    process that ends in between (an autovacuum worker, say) leaves its time in
    its parent's count of reaped children, so that count is added in too.
    """
    pids = {server_pid, *_children(server_pid)}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _read(entry / "comm").strip() == "postgres":
            pids.add(int(entry.name))
    ticks = 0
    for pid in pids:
        fields = _read(Path(f"/proc/{pid}/stat")).rpartition(")")[2].split()
        if len(fields) > 12:
            ticks += sum(map(int, fields[11:15]))  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _children(pid):
    text = _read(Path(f"/proc/{pid}/task/{pid}/children"))
    return [int(child) for child in text.split()]


def _read(path):
    try:
        return path.read_text()
    except OSError:  # a process that ended in between
        return ""


def print_table(figures, users, seconds, waiting):
    """Print each page's mean rate, its median ratio to the floor (and range), its
    median latency; every ratio compares runs of the same round."""
    floor = "bare view, one query"
    heading = " / ".join(str(n) for n in users)
    print()
    print(f"{seconds:g} s per case; /review/ with {waiting:,} waiting intakes")
    print(
        f"| page | req/s at {heading} users | ratio to the floor "
        "| ratio range over rounds | median ms "
        "| server CPU ms a request | floor's CPU / page's |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    labels = list(dict.fromkeys(label for label, _ in figures))
    for label in labels:
        rates, ratios, ranges, medians, cpus, cpu_ratios = [], [], [], [], [], []
        for n in users:
            runs = figures[label, n]
            per_round = [
                run[0] / base[0] if base[0] else 0
                for run, base in zip(runs, figures[floor, n], strict=True)
            ]
            rates.append(statistics.mean(run[0] for run in runs))
            ratios.append(statistics.median(per_round))
            ranges.append(f"{min(per_round):.2f}–{max(per_round):.2f}")
            medians.append(statistics.median(run[1] for run in runs))
            cpus.append(statistics.median(run[3] for run in runs))
            floor_cpu = statistics.median(run[3] for run in figures[floor, n])
            cpu_ratios.append(floor_cpu / cpus[-1] if cpus[-1] else 0)
        print(
            f"| {label} | {' / '.join(f'{r:.0f}' for r in rates)} | "
            f"{' / '.join(f'{r:.2f}' for r in ratios)} | {' / '.join(ranges)} | "
            f"{' / '.join(f'{m:.1f}' for m in medians)} | "
            f"{' / '.join(f'{c:.2f}' for c in cpus)} | "
            f"{' / '.join(f'{r:.2f}' for r in cpu_ratios)} |"
        )
    print()


def flow(site, tokens, seeded):
    """Have every token's patient do the whole intake at once; check the database."""
    from tests.intake.conftest import VALID_STEPS

    acknowledged, failures = {}, []
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))

    def patient(token):
        barrier.wait()
        began = time.perf_counter()
        try:
            agent = site.patient(token)
            for slug, data in VALID_STEPS.items():
                agent.expect(agent.get(f"/intake/{slug}/"), 200)
                agent.expect(agent.post(f"/intake/{slug}/", data), 302)
            page = agent.expect(agent.get("/intake/review/"), 200)
            version = re.search(r'name="answers_version" value="([^"]*)"', page.text)
            signed = {
                "consent": "on",
                "signature": "Margaret Lee",
                "answers_version": html.unescape(version[1]),
            }
            response = agent.expect(agent.post("/intake/review/", signed), 302)
            if response.location != "/intake/outcome/":
                raise AssertionError(f"signed, then sent to {response.location}")
            agent.expect(agent.get("/intake/outcome/"), 200)
        except (AssertionError, OSError, TypeError) as error:
            with lock:
                failures.append(str(error)[:200])
            return
        with lock:
            acknowledged[token] = (time.perf_counter() - began) * 1000

    started = time.perf_counter()
    threads = [threading.Thread(target=patient, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    median = statistics.median(acknowledged.values() or [0])
    problems = check_submissions(acknowledged)
    print(
        f"whole flow, {len(tokens)} patients at once: {len(acknowledged)} acknowledged "
        f"in {elapsed:.1f} s (median {median:.0f} ms per patient)"
        f", {len(failures)} failed"
    )
    for failure in failures[:5]:
        print(f"  failure: {failure}")
    if problems:
        for problem in problems:
            print(f"  DATABASE CHECK FAILED: {problem}")
        raise SystemExit(1)
    print(
        "database check: every acknowledged submission stored exactly once with flags"
    )
    if failures:
        raise SystemExit(1)


def check_submissions(acknowledged):
    """Return what is wrong with the acknowledged submissions in the database."""
    from django.db import connections

    from clinic.models import AuditEvent
    from intake.models import Intake, IntakeLink, Status, hash_token

    connections.close_all()
    expected_codes = {"ANTICOAGULANT", "BLEEDING_SUPPLEMENT"}
    problems = []
    for token in acknowledged:
        link = IntakeLink.objects.get(token_hash=hash_token(token))
        intake = Intake.objects.get(appointment_id=link.appointment_id)
        submitted = AuditEvent.objects.filter(
            code="intake.submitted", target_type="intake.intake", target_id=intake.pk
        ).count()
        codes = list(intake.flags.values_list("code", flat=True))
        if intake.status != Status.SUBMITTED or not intake.submitted_at:
            problems.append(f"intake {intake.pk} is {intake.status}")
        if submitted != 1:
            problems.append(f"intake {intake.pk} has {submitted} submission events")
        if len(codes) != len(set(codes)) or not expected_codes <= set(codes):
            problems.append(f"intake {intake.pk} has flags {sorted(codes)}")
    return problems


if __name__ == "__main__":
    main()
