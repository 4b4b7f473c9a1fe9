from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render, resolve_url
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from clinic.forms import EnrollmentForm, SecondFactorForm
from clinic.roles import Role, has_role
from clinic.second_factor import (
    confirm_app,
    has_app,
    pending_app,
    qr_code_data_uri,
    readable_key,
    second_factor_pending,
    throttled,
    verify_or_enroll_url,
    verify_second_factor,
)
from intake.services.emails import alert_recipients
from procedures.localization import ITEMS, shown_in_language
from procedures.models import Procedure


def home(request):
    procedures = Procedure.objects.offered().prefetch_related(*ITEMS)
    shown = shown_in_language(procedures, get_language())
    return render(request, "clinic/home.html", {"procedures": shown})


@login_required
def staff_home(request):
    user = request.user
    roles = [role for role in Role if has_role(user, role)]
    context = {"roles": roles, "Role": Role}
    if Role.RADIOLOGIST in roles:
        context["no_alert_recipients"] = not alert_recipients()
    return render(request, "clinic/staff_home.html", context)


def page_not_found(request, exception):
    response = render(request, "404.html", status=404)
    # A 404 under /intake/ may follow a patient page: keep it out of caches too.
    add_never_cache_headers(response)
    return response


@never_cache
@login_required
def two_factor_verify(request):
    """The code step after the password, for roles that need a second factor."""
    user = request.user
    if not second_factor_pending(user):
        return redirect(_next_url(request))
    if not has_app(user):
        return redirect(verify_or_enroll_url(user, _next_url(request)))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if verify_second_factor(user, token=token, request=request):
            return redirect(_next_url(request))
        form.add_error("token", _wrong_code_message(user))
    return render(request, "registration/two_factor_verify.html", {"form": form})


def _wrong_code_message(user):
    if throttled(user):
        return _("Too many wrong codes. Wait a minute, then try the newest code.")
    return _("That code is not right. Try the newest code, or a recovery code.")


@never_cache
@login_required
def two_factor_setup(request):
    """Add an authenticator app: scan the QR code, confirm with its first code."""
    user = request.user
    if has_app(user):
        # A second app may be added only through an administrator: a stolen
        # password alone must never be enough to add one.
        return render(request, "registration/two_factor_done.html")
    device = pending_app(user)
    form = EnrollmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = confirm_app(device, token=form.cleaned_data["token"], request=request)
        if codes is not None:
            context = {"codes": codes, "next": _next_url(request)}
            return render(request, "registration/recovery_codes.html", context)
        form.add_error("token", _wrong_code_message(user))
    context = {
        "form": form,
        "qr_code": qr_code_data_uri(device),
        "key": readable_key(device),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def server_error(request):
    """The 500 page, never cached (it may follow a page with patient data)."""
    # Rendered without context processors: they may be what failed.
    response = HttpResponseServerError(loader.get_template("500.html").render())
    add_never_cache_headers(response)
    return response


def locked_out(request, original_response, credentials):
    """The page django-axes shows instead of signing in while a lockout lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes}
    status = settings.AXES_HTTP_RESPONSE_CODE
    response = render(request, "registration/locked_out.html", context, status=status)
    add_never_cache_headers(response)
    return response
