"""Security middleware: headers, staff session limits and the second-factor gate."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

from clinic.second_factor import second_factor_pending, verify_or_enroll_url
from clinic.services import record_event
from clinic.staff_events import SIGNED_IN_AT

# Paths whose pages are for staff only; never stored by a browser or a proxy.
STAFF_PREFIXES = ("/staff/", "/desk/", "/review/", "/admin/", "/accounts/")


def forwarded_client_address(get_response):
    """Behind the proxy, take the client's address from the entry the proxy added.

    Lockouts and audit events key on REMOTE_ADDR, which behind a load balancer is
    the balancer itself: every client would share one lockout counter. Only the
    right-most X-Forwarded-For entry is the proxy's word; the rest is the client's.
    """

    def middleware(request):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if settings.BEHIND_PROXY and forwarded:
            request.META["REMOTE_ADDR"] = forwarded.rsplit(",", 1)[-1].strip()
        return get_response(request)

    return middleware


def patient_language(get_response):
    """Activate the patient's language on public pages and English on staff pages.

    The patient's choice (the language cookie, set by the switch or by their
    intake link) wins over the browser's Accept-Language; staff pages ignore both.
    """

    def middleware(request):
        request.offers_language_choice = not request.path.startswith(STAFF_PREFIXES)
        if not request.offers_language_choice:
            language = settings.LANGUAGE_CODE
        else:
            language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = get_response(request)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    return middleware


def security_headers(get_response):
    """Add the headers Django's SecurityMiddleware does not send."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        staff = getattr(request, "user", None) and request.user.is_authenticated
        if staff or request.path.startswith(STAFF_PREFIXES):
            add_never_cache_headers(response)
        return response

    return middleware


REFRESHED_AT = "_idle_refreshed_at"


def refresh_idle_session(get_response):
    """Push a session's idle expiry forward at most once a minute, not on every GET.

    Saving on every request wrote a row per page view; saving when the last refresh
    is SESSION_REFRESH_SECONDS old means a session idles out between 29 and 30
    minutes after the last request: never later than SESSION_COOKIE_AGE.
    """

    def middleware(request):
        response = get_response(request)
        session = request.session
        if not session.keys():
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now
        return response

    return middleware


def staff_session_limits(get_response):
    """Sign staff out once their session is older than STAFF_SESSION_MAX_SECONDS.

    The idle timeout (SESSION_COOKIE_AGE) alone lets a session in constant use live
    for ever.
    """

    def middleware(request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT, 0)
            if time.time() - started > settings.STAFF_SESSION_MAX_SECONDS:
                record_event(
                    "staff.session_expired", request=request, target=request.user
                )
                logout(request)
                messages.info(
                    request, _("Your session has ended. Please sign in again.")
                )
                return redirect_to_login(_return_path(request))
        return get_response(request)

    return middleware


def second_factor_gate(get_response):
    """Keep a user who has given only the password away from every other page."""

    def middleware(request):
        if second_factor_pending(request.user) and request.path not in _open_paths():
            return redirect(verify_or_enroll_url(request.user, _return_path(request)))
        return get_response(request)

    return middleware


def _return_path(request):
    """Where to go back after signing in: a staff page, never a patient link.

    A patient link's token must not travel on in a query string, where log
    redaction would not find it.
    """
    if request.path.startswith(STAFF_PREFIXES):
        return request.get_full_path()
    return reverse("staff_home")


def _open_paths():
    return {
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
        reverse("logout"),
    }
