"""Staff sign-in lockout: django-axes with one limit per counter.

Three counters of failed sign-ins within the cool-off period (settings.AXES_*):

- one account from one address (few: a person mistyping, or one machine guessing);
- one account from any address (more: guessing spread over many machines);
- one address for any account (most: a whole clinic shares one public address, so a
  low limit here would lock every colleague out after a few typos).

Axes compares a single count with a single limit, so this handler reports the counter
closest to its own limit, shifted onto AXES_FAILURE_LIMIT.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum


def _counter_name(parameter):
    return parameter if isinstance(parameter, str) else "+".join(parameter)


class ClinicLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        """Return AXES_FAILURE_LIMIT minus the fewest failures any counter has left."""
        limits = [
            settings.LOGIN_FAILURE_LIMITS[_counter_name(parameter)]
            for parameter in settings.AXES_LOCKOUT_PARAMETERS
        ]
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        left = min(limit - count for limit, count in zip(limits, counts, strict=True))
        return settings.AXES_FAILURE_LIMIT - left


def attempted_username(request, credentials=None):
    """Return the user name a sign-in tried, no longer than any user name can be.

    Any text can be posted as a user name, and django-axes keeps it in a column of
    255 characters: PostgreSQL refused a longer one and the sign-in page answered
    500. No account's name is longer than the user model allows, so the attempt is
    counted under its first characters up to that length.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    user_model = get_user_model()
    longest = user_model._meta.get_field(user_model.USERNAME_FIELD).max_length
    return str(username)[:longest]
