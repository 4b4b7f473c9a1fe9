"""The production URLs plus a bare one-query view, routed only while load.py runs."""

from django.http import HttpResponse
from django.urls import include, path

from procedures.models import Procedure


def floor(request):
    """Do one query and return a line of text: the cheapest page Django can serve."""
    return HttpResponse(f"{Procedure.objects.count()} procedures\n")


urlpatterns = [
    path("__bench__/floor/", floor),
    path("", include("clinic.urls")),
]

handler404 = "clinic.views.page_not_found"
handler500 = "clinic.views.server_error"
