from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from clinic.roles import Role, has_role
from intake.services.emails import alert_recipients
from procedures.models import Procedure


def home(request):
    procedures = Procedure.objects.published().only("name", "slug", "summary")
    return render(request, "clinic/home.html", {"procedures": procedures})


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
