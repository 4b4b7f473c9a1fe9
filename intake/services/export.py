"""Exports of a submitted intake for the patient's record: FHIR bundle and chart PDF.

Each export is one audit event (`intake.exported_fhir`, `intake.exported_pdf`) with
the intake's id and how it left the app, never its content.
"""

from django.db import transaction

from clinic.services import record_event
from intake.export.digest import answers_digest
from intake.export.fhir import build_bundle, bundle_json
from intake.export.pdf import render_chart_pdf
from intake.medication_names import get_knowledge_base


def _flags(intake):
    return list(intake.flags.select_related("acted_by").worst_first())


@transaction.atomic
def export_fhir(intake, *, now, via, actor=None, request=None, knowledge_base=None):
    """Return the intake's FHIR bundle as JSON and record the export."""
    if knowledge_base is None:
        knowledge_base = get_knowledge_base()
    bundle = build_bundle(
        intake, flags=_flags(intake), now=now, knowledge_base=knowledge_base
    )
    record_event(
        "intake.exported_fhir",
        actor=actor,
        request=request,
        target=intake,
        now=now,
        data={"via": via, "resources": len(bundle.entry)},
    )
    return bundle_json(bundle)


@transaction.atomic
def export_chart_pdf(intake, *, actor, now, request=None):
    """Return the intake's chart PDF and record the download."""
    pdf = render_chart_pdf(intake, flags=_flags(intake), printed_by=actor, now=now)
    record_event(
        "intake.exported_pdf",
        actor=actor,
        request=request,
        target=intake,
        now=now,
        data={"digest": answers_digest(intake.answers)},
    )
    return pdf
