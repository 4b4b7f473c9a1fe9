"""Audit events for staff sign-in, sign-out and lockout (signal receivers).

What someone typed as a user name is kept only when it names a real account: a
stranger may type anything there, a patient's name included.
"""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.utils import timezone

from clinic.services import record_event

SIGNED_IN_AT = "staff_signed_in_at"


def account_named(username):
    """Return the account a typed user name names, or None."""
    if not username or not isinstance(username, str):
        return None
    User = get_user_model()
    return User.objects.filter(**{User.USERNAME_FIELD: username}).first()


def _about(username):
    """Audit target and details for a typed user name: the account, or nothing."""
    account = account_named(username)
    return {"target": account, "data": {"known_account": account is not None}}


def signed_in(sender, request, user, **kwargs):
    now = timezone.now()
    if request is not None and hasattr(request, "session"):
        # The absolute session lifetime counts from here (clinic.middleware).
        request.session[SIGNED_IN_AT] = now.timestamp()
    record_event("staff.login", actor=user, request=request, target=user, now=now)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record_event("staff.logout", actor=user, request=request, target=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD)
    record_event("staff.login_failed", request=request, **_about(username))


def locked_out(sender, request, username, ip_address, **kwargs):
    record_event("staff.locked_out", request=request, **_about(username))


def connect():
    user_logged_in.connect(signed_in, dispatch_uid="audit_staff_login")
    user_logged_out.connect(signed_out, dispatch_uid="audit_staff_logout")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit_staff_login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit_staff_locked_out")
