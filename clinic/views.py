from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from clinic.roles import Role, has_role
from procedures.models import Procedure


def home(request):
    procedures = Procedure.objects.offered().only("name", "slug", "summary")
    return render(request, "clinic/home.html", {"procedures": procedures})


@login_required
def staff_home(request):
    user = request.user
    roles = [role for role in Role if has_role(user, role)]
    return render(request, "clinic/staff_home.html", {"roles": roles, "Role": Role})


def page_not_found(request, exception):
    response = render(request, "404.html", status=404)
    # A 404 under /intake/ may follow a patient page: keep it out of caches too.
    add_never_cache_headers(response)
    return response
