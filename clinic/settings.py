"""Settings for the clinic intake project, configured from the environment.

A fresh checkout runs on SQLite; production sets DATABASE_URL, DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS. See .env.example and the README for every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envbool(name, default=False):
    """Read a yes/no variable; anything unrecognised stops start-up."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in _TRUE | _FALSE:
        # A typo such as "ture" must not quietly turn secure cookies or HSTS off.
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a yes/no value: use true or false."
        )
    return value in _TRUE


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = envbool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value "
            "(or set DJANGO_DEBUG=true for local development only)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
if "change-me" in SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is still the placeholder from .env.example. Set it to a "
        "long random value, for example the output of: python3 -c "
        '"import secrets; print(secrets.token_urlsafe(50))"'
    )

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

CLINIC_NAME = os.environ.get("CLINIC_NAME", "Riverside Pain & Interventional Radiology")
CLINIC_PHONE = os.environ.get("CLINIC_PHONE", "555-0100")
# Used to build the absolute intake links that go into emails and commands.
SITE_URL = os.environ.get("CLINIC_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "clinic",
    "procedures",
    "intake",
    # The admin with every add, change and delete also written to the audit log.
    "clinic.apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "clinic.middleware.forwarded_client_address",
    "django.middleware.security.SecurityMiddleware",
    "clinic.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clinic.middleware.refresh_idle_session",
    # Patients get their own language (chosen, recorded, or the browser's); staff
    # pages stay English.
    "clinic.middleware.patient_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "clinic.middleware.staff_session_limits",
    "clinic.middleware.second_factor_gate",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clinic.context_processors.clinic",
                "intake.context_processors.tablet",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock when their transaction starts, so two concurrent
    # submissions wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account or address is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
# Each language named in itself, so a patient who reads only that one can find it.
LANGUAGES = [("en", "English"), ("es", "Español")]
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Named patient date formats per language (clinic/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["clinic.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Django's widget templates, with the common ones written out in Python: the same
# markup, a fraction of the time (clinic/renderers.py).
FORM_RENDERER = "clinic.renderers.FastWidgets"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if not DEBUG and EMAIL_BACKEND.endswith("console.EmailBackend"):
    # The console backend prints invitations, live links and names into the logs.
    raise ImproperlyConfigured(
        "DJANGO_EMAIL_BACKEND is the console backend; set a real one (for example "
        "django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST) in production."
    )
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
# On by default: invitations carry patients' names and live intake links.
EMAIL_USE_TLS = envbool("DJANGO_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "clinic@localhost")

# Background jobs (every email): the database queue, worked by `manage.py db_worker`
# in production. Development runs each job in the request once it commits, so
# `make run` needs no worker; DJANGO_TASKS_BACKEND=database tries the real queue.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {
    "default": {
        "BACKEND": TASK_BACKENDS[
            os.environ.get("DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database")
        ]
    }
}
# Failed sends are retried this many times in all, waiting longer each time.
EMAIL_ATTEMPTS = envint("CLINIC_EMAIL_ATTEMPTS", 4)
EMAIL_RETRY_FIRST_DELAY = timedelta(minutes=envint("CLINIC_EMAIL_RETRY_MINUTES", 2))

# Reminders (`manage.py send_reminders`), in the clinic's time zone (TIME_ZONE).
REMINDERS = {
    "unopened_after": timedelta(days=envint("CLINIC_REMIND_UNOPENED_AFTER_DAYS", 2)),
    # Started but not submitted: a first and a last reminder before the procedure.
    "first_before": timedelta(days=envint("CLINIC_REMIND_FIRST_DAYS_BEFORE", 3)),
    "last_before": timedelta(days=envint("CLINIC_REMIND_LAST_DAYS_BEFORE", 1)),
    # Nothing is sent outside these local hours (start inclusive, end exclusive).
    "quiet_from_hour": envint("CLINIC_REMINDERS_QUIET_FROM_HOUR", 20),
    "quiet_until_hour": envint("CLINIC_REMINDERS_QUIET_UNTIL_HOUR", 8),
}

# Sessions: staff and patients alike are signed out after 30 idle minutes.
# Django's database sessions, read with one plain query (clinic/sessions.py).
SESSION_ENGINE = "clinic.sessions"
SESSION_COOKIE_AGE = envint("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
# Not saved on every request: clinic.middleware.refresh_idle_session pushes the
# expiry forward once this many seconds have passed since it last did.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Staff are signed out this long after signing in, however busy they have been.
STAFF_SESSION_MAX_SECONDS = envint("DJANGO_STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by clinic.middleware.security_headers.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# X-Forwarded-Proto (and the last X-Forwarded-For address) are believed only behind
# a proxy that sets them: any client could otherwise claim HTTPS or another address.
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = not DEBUG and envbool("DJANGO_HTTPS", True)
if HTTPS:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse the cookie unless it is secure,
    # host-only and for the whole site, so a sibling subdomain cannot plant one.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # The app has a host of its own (intake.<clinic domain>): HTTPS-only applies to
    # that host and its subdomains, never to the clinic's other sites. Browsers
    # preload only a registrable domain someone submits, so the flag is harmless on
    # a subdomain and ready if the app ever runs on one.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", True)

# Staff sign-in lockout (django-axes): see clinic/lockout.py for the policy.
AXES_HANDLER = "clinic.lockout.ClinicLockoutHandler"
AXES_USERNAME_CALLABLE = "clinic.lockout.attempted_username"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
LOGIN_FAILURE_LIMITS = {
    "username+ip_address": envint("DJANGO_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS", 5),
    "username": envint("DJANGO_LOGIN_FAILURES_PER_ACCOUNT", 10),
    "ip_address": envint("DJANGO_LOGIN_FAILURES_PER_ADDRESS", 30),
}
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMITS["username+ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=envint("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "clinic.views.locked_out"
# A success must not wipe an address's failures: one known password would let a
# guesser reset the count between tries on other accounts.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

# Second factor (django-otp): Radiologists, Content admins and superusers must
# confirm a code from their authenticator app (or a recovery code) after the
# password. Only local development may switch it off.
SECOND_FACTOR_REQUIRED = envbool("DJANGO_SECOND_FACTOR_REQUIRED", not DEBUG)
if not DEBUG and not SECOND_FACTOR_REQUIRED:
    raise ImproperlyConfigured(
        "DJANGO_SECOND_FACTOR_REQUIRED is off outside DEBUG: staff who see patient "
        "data must use a second factor in production."
    )
OTP_TOTP_ISSUER = CLINIC_NAME
# Superusers reset a lost app by deleting it; they never need to see its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
RECOVERY_CODE_COUNT = 10

# Everything is served by the app itself: no third-party script, style or font.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "clinic.logging.RedactIntakeTokens"},
        "concise_client_errors": {"()": "clinic.logging.ConciseClientErrors"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens", "concise_client_errors"],
        },
        # runserver's request lines, which name every path requested.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_tokens"],
        },
    },
    "loggers": {
        # Replaces Django's default handlers, which would print unredacted paths.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        # Every sign-in is in the audit log; axes' own lines are kept for failures.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint reports every layout step of a chart PDF at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}
