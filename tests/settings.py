"""Test settings: the project's own, with a throwaway key and no manifest."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("DJANGO_HTTPS", "false")
os.environ.setdefault(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)

from clinic.settings import *  # noqa: E402,F403
from clinic.settings import STORAGES  # noqa: E402

# Templates using {% static %} would need collectstatic with the manifest storage.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Personas sign in with force_login, which has no second-factor step; the tests in
# tests/clinic/test_second_factor.py switch it back on.
SECOND_FACTOR_REQUIRED = False
# Tasks run in the test process as soon as the work commits; tests/intake/
# test_email_tasks.py runs the real database queue and its worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
