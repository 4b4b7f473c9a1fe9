from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from clinic.roles import Role, has_role
from procedures.models import Procedure


def home(request):
    procedures = Procedure.objects.published().only("name", "slug", "summary")
    return render(request, "clinic/home.html", {"procedures": procedures})


@login_required
def staff_home(request):
    user = request.user
    roles = [role for role in Role if has_role(user, role)]
    return render(request, "clinic/staff_home.html", {"roles": roles, "Role": Role})


def page_not_found(request, exception):
    context = {"message": _("We could not find that page.")}
    return render(request, "404.html", context, status=404)
