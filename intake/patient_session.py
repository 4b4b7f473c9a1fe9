"""The patient's side of the session: which intake this browser may fill.

A patient proves who they are once (date of birth on the link, or in person in
tablet mode); from then on the session, not the URL, carries the intake.

A browser signed in as staff never starts or resumes a patient session: a link
opened there (from an email, or a page on another site) must not sign the staff
member out, and staff must not see a patient's answers through a patient link.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from intake.models import Intake

SESSION_KEY = "patient_intake"
PENDING_LINK = "pending_link"
TABLET_IDLE_SECONDS = 15 * 60


def staff_signed_in(request):
    """Return True if a staff member is signed in on this browser."""
    return request.user.is_authenticated


def begin_patient_session(request, intake, *, link=None, tablet=False):
    """Start a fresh session for the intake (a new session key: no fixation).

    Any staff sign-in on this browser ends: the desk's tablet mode relies on it to
    hand the device over. Patient links refuse to get here while staff are signed
    in (refuse_staff_session).
    """
    request.session.flush()
    request.session[SESSION_KEY] = {
        "intake": intake.pk,
        "link": link.pk if link is not None else None,
        "tablet": tablet,
    }
    if tablet:
        # A clinic device left mid-way clears itself sooner than a patient's own.
        request.session.set_expiry(TABLET_IDLE_SECONDS)


def end_patient_session(request):
    """Forget the patient's intake on this browser; a staff sign-in stays."""
    if staff_signed_in(request):
        for key in (SESSION_KEY, PENDING_LINK):
            request.session.pop(key, None)
    else:
        request.session.flush()


def staff_session_page(request):
    """Explain why a patient page does not open while signed in as staff."""
    return render(request, "intake/patient/staff_signed_in.html", status=409)


def refuse_staff_session(view):
    """Show staff_session_page instead of the view while staff are signed in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if staff_signed_in(request):
            return staff_session_page(request)
        return view(request, *args, **kwargs)

    return wrapper


def is_tablet(request):
    return bool(request.session.get(SESSION_KEY, {}).get("tablet"))


def current_intake(request, *, now):
    """Return the session's intake while its link is still usable, else None."""
    state = request.session.get(SESSION_KEY)
    if not state:
        return None
    return Intake.objects.open_to_patient(state["intake"], link=state["link"], now=now)


def patient_required(view):
    """Give the view the session's intake, or end the session and explain."""

    @wraps(view)
    @never_cache
    @refuse_staff_session
    def wrapper(request, *args, **kwargs):
        intake = current_intake(request, now=timezone.now())
        if intake is None:
            end_patient_session(request)
            return redirect("patient:goodbye")
        return view(request, intake, *args, **kwargs)

    return wrapper


def remember_language(response, language):
    """Set the language cookie the switch also sets, when the desk recorded one."""
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
