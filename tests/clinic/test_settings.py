import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import clinic.settings"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _import_settings()

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_it_starts_with_a_secret_key_and_a_real_mail_backend():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50, DJANGO_EMAIL_BACKEND=SMTP)

    assert result.returncode == 0, result.stderr


def test_it_refuses_to_print_emails_to_the_console_in_production():
    result = _import_settings(DJANGO_SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "console backend" in result.stderr


def test_debug_mode_may_run_without_a_key():
    assert _import_settings(DJANGO_DEBUG="true").returncode == 0


def test_production_settings_are_hardened():
    code = (
        "import clinic.settings as s; "
        "assert not s.DEBUG; assert s.SESSION_COOKIE_SECURE; "
        "assert s.CSRF_COOKIE_SECURE; "
        "assert s.SECURE_HSTS_SECONDS > 0; assert s.SECURE_SSL_REDIRECT"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_EMAIL_BACKEND": SMTP},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr


def test_database_url_switches_to_postgresql():
    code = "import clinic.settings as s; print(s.DATABASES['default']['ENGINE'])"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_EMAIL_BACKEND": SMTP,
            "DATABASE_URL": "postgres://u@db.invalid:5432/clinic",
        },
        capture_output=True,
        text=True,
    )

    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_intake_tokens_are_redacted_from_request_logs(caplog):
    import logging

    from clinic.logging import RedactIntakeTokens

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /i/s3cr3t-T0k3n/ HTTP/1.1", 302),
        None,
    )

    RedactIntakeTokens().filter(record)

    assert "s3cr3t" not in record.getMessage()
    assert "/i/[redacted]/" in record.getMessage()


@pytest.mark.parametrize(
    "path",
    ["GET /i/s3cr3t HTTP/1.1", "GET /i/s3cr3t?x=1 HTTP/1.1", "Not Found: /i/s3cr3t/"],
)
def test_tokens_are_redacted_with_or_without_the_trailing_slash(path):
    import logging

    from clinic.logging import RedactIntakeTokens

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, path, (), None
    )

    RedactIntakeTokens().filter(record)

    assert "s3cr3t" not in record.getMessage()


def test_every_log_handler_redacts_tokens():
    from django.conf import settings

    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_tokens" in handler.get("filters", []), name
