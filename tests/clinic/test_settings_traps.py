"""Start-up refuses settings that would quietly weaken the app in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SMTP = "django.core.mail.backends.smtp.EmailBackend"
PRODUCTION = {"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_EMAIL_BACKEND": SMTP}


def _settings(code="", **env):
    """Import the settings in a fresh process with only the given DJANGO_ variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", f"import clinic.settings as s\n{code}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_the_placeholder_secret_key_from_env_example_is_refused():
    result = _settings(
        **{**PRODUCTION, "DJANGO_SECRET_KEY": "change-me-to-a-long-random-value"}
    )

    assert result.returncode != 0
    assert "placeholder from .env.example" in result.stderr


@pytest.mark.parametrize("value", ["ture", "flase", "enabled", "2"])
def test_an_unknown_boolean_stops_start_up_with_a_clear_message(value):
    result = _settings(**PRODUCTION, DJANGO_HTTPS=value)

    assert result.returncode != 0
    assert f"DJANGO_HTTPS='{value}' is not a yes/no value" in result.stderr


@pytest.mark.parametrize(
    "value,expected", [("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_known_boolean_spellings_are_accepted(value, expected):
    result = _settings("print(s.HTTPS)", **PRODUCTION, DJANGO_HTTPS=value)

    assert result.stdout.strip() == str(expected), result.stderr


def test_forwarded_proto_is_ignored_unless_the_app_is_behind_a_proxy():
    code = "print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"

    alone = _settings(code, **PRODUCTION)
    proxied = _settings(code, **PRODUCTION, DJANGO_BEHIND_PROXY="true")

    assert alone.stdout.strip() == "None", alone.stderr
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout


def test_a_client_cannot_claim_https_with_a_forwarded_proto_header(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_email_uses_tls_unless_told_otherwise():
    assert _settings("print(s.EMAIL_USE_TLS)", **PRODUCTION).stdout.strip() == "True"


def test_cookies_carry_the_host_prefix_under_https():
    code = (
        "print(getattr(s, 'SESSION_COOKIE_NAME', 'sessionid'), "
        "getattr(s, 'CSRF_COOKIE_NAME', 'csrftoken'))"
    )

    https = _settings(code, **PRODUCTION).stdout.split()
    plain = _settings(code, **PRODUCTION, DJANGO_HTTPS="false").stdout.split()

    assert https == ["__Host-sessionid", "__Host-csrftoken"]
    assert plain == ["sessionid", "csrftoken"]


def test_production_cannot_run_without_the_second_factor():
    result = _settings(**PRODUCTION, DJANGO_SECOND_FACTOR_REQUIRED="false")

    assert result.returncode != 0
    assert "second factor" in result.stderr


def test_production_settings_require_the_second_factor_by_default():
    result = _settings("print(s.SECOND_FACTOR_REQUIRED)", **PRODUCTION)

    assert result.stdout.strip() == "True", result.stderr


def test_debug_may_skip_the_second_factor_for_demo_accounts():
    result = _settings("print(s.SECOND_FACTOR_REQUIRED)", DJANGO_DEBUG="true")

    assert result.stdout.strip() == "False", result.stderr


def test_check_deploy_with_the_env_example_settings_gives_no_warning():
    result = subprocess.run(
        [sys.executable, ".ci/check_deploy.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout
