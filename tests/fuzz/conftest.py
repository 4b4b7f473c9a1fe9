"""Hypothesis profiles for the fuzz tests, and one database state per example.

HYPOTHESIS_PROFILE=ci (the default) runs a few dozen examples per form, the same
ones every run; HYPOTHESIS_PROFILE=fuzz (`make fuzz`) runs FUZZ_EXAMPLES per form
(2,000 unless set), new ones each run.
"""

import os
from contextlib import contextmanager
from http.cookies import SimpleCookie

from django.db import transaction
from hypothesis import HealthCheck, settings

from tests.intake.conftest import desk_client, patient, rad_client  # noqa: F401

_COMMON = {
    "deadline": None,  # a request's time depends on the machine, not on the input
    # Each example runs in its own savepoint (`isolated`), so the function-scoped
    # fixtures (a signed-in client, an intake) are the same for every example.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile(
    "ci", max_examples=30, derandomize=True, database=None, **_COMMON
)
settings.register_profile(
    "fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "2000")), **_COMMON
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@contextmanager
def isolated(client):
    """Undo an example's writes and cookies, so each example starts the same."""
    cookies = SimpleCookie()
    cookies.load(client.cookies.output(header="", sep=";"))
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    client.cookies = cookies
