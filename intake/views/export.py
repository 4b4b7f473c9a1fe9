"""Downloads of a submitted intake for the patient's record. Radiologists only."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from clinic.roles import Role
from intake.access import role_required
from intake.models import FROZEN, Intake
from intake.services.export import export_chart_pdf, export_fhir

radiologist_required = role_required(Role.RADIOLOGIST)


def _submitted_intake(pk):
    """Return the submitted intake with what the exports read, or raise 404."""
    queryset = Intake.objects.select_related(
        "appointment__patient", "appointment__procedure", "decided_by"
    )
    return get_object_or_404(queryset, pk=pk, status__in=FROZEN)


def _attachment(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    # The id only: names are health information and file names end up in logs.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@radiologist_required
@require_GET
def fhir_bundle(request, pk):
    intake = _submitted_intake(pk)
    text = export_fhir(intake, now=timezone.now(), via="download", request=request)
    return _attachment(
        text, "application/fhir+json; charset=utf-8", f"intake-{intake.pk}-fhir.json"
    )


@radiologist_required
@require_GET
def chart_pdf(request, pk):
    intake = _submitted_intake(pk)
    pdf = export_chart_pdf(
        intake, actor=request.user, now=timezone.now(), request=request
    )
    return _attachment(pdf, "application/pdf", f"intake-{intake.pk}-chart.pdf")
