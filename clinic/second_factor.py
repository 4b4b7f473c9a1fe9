"""The staff second factor: an authenticator app (TOTP) plus one-time recovery codes.

django-otp stores the devices and checks the codes (with its own throttling); this
module decides who needs one, enrolls a device, and audits every use.
"""

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clinic.roles import Role, has_role
from clinic.services import record_event

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def needs_second_factor(user):
    """Return True if the user's role sees clinical data or edits the catalog."""
    return settings.SECOND_FACTOR_REQUIRED and has_role(
        user, Role.RADIOLOGIST, Role.CONTENT_ADMIN
    )


def second_factor_pending(user):
    """Return True for a user who gave the password but still owes the code."""
    return (
        user.is_authenticated
        and needs_second_factor(user)
        and not (hasattr(user, "is_verified") and user.is_verified())
    )


def verify_or_enroll_url(user, next_url):
    """Where a half-signed-in user goes: the code step, or enrollment if no app yet."""
    name = "two_factor_verify" if has_app(user) else "two_factor_setup"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def has_app(user):
    """Return True once the user has a confirmed authenticator app."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_app(user):
    """Return the user's unconfirmed authenticator device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=APP_DEVICE_NAME, confirmed=False
        )
    return device


def qr_code_data_uri(device):
    """Render the device's otpauth:// address as an SVG QR code, on this server."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    encoded = base64.b64encode(buffer.getvalue()).decode()
    return f"data:image/svg+xml;base64,{encoded}"


def readable_key(device):
    """The secret in base32 groups of four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm_app(device, *, token, request):
    """Confirm a new authenticator app with its first code; return recovery codes.

    Returns None (and changes nothing) if the code is wrong.
    """
    if not otp_verify_token(device.user, device.persistent_id, token):
        return None
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.refresh_from_db()
    codes = _replace_recovery_codes(device.user)
    _elevate(request, device)
    record_event(
        "staff.second_factor_enrolled",
        actor=device.user,
        request=request,
        target=device.user,
    )
    return codes


def _replace_recovery_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return codes


def verify_second_factor(user, *, token, request):
    """Check a code from the app (6 digits) or a recovery code; audit either way.

    Returns the device that accepted it, or None.
    """
    token = "".join(token.split()).lower()
    recovery = not (token.isdigit() and len(token) == 6)
    model = StaticDevice if recovery else TOTPDevice
    device = None
    for candidate in model.objects.devices_for_user(user):
        device = otp_verify_token(user, candidate.persistent_id, token)
        if device is not None:
            break
    method = "recovery_code" if recovery else "app"
    if device is None:
        record_event(
            "staff.second_factor_failed",
            actor=user,
            request=request,
            target=user,
            data={"method": method},
        )
        return None
    _elevate(request, device)
    data = {"method": method}
    if recovery:
        data["codes_left"] = device.token_set.count()
    code = "staff.recovery_code_used" if recovery else "staff.second_factor_verified"
    record_event(code, actor=user, request=request, target=user, data=data)
    return device


def _elevate(request, device):
    """Mark the session as fully signed in, under a new key (no fixation)."""
    request.session.cycle_key()
    otp_login(request, device)


def throttled(user):
    """Return True while django-otp makes the user wait after wrong codes."""
    return any(
        not device.verify_is_allowed()[0]
        for model in (TOTPDevice, StaticDevice)
        for device in model.objects.devices_for_user(user)
    )
