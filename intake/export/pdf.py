"""The chart PDF of a submitted intake, rendered by WeasyPrint from a template.

The page footer (patient name, date of birth, page X of Y) comes from CSS page
margin boxes, so it is on every page whatever the length. Nothing is fetched while
rendering: the template carries its own styles and no images.
"""

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from intake.export.digest import answers_digest
from intake.review_display import answer_sections

TEMPLATE = "intake/review/chart_pdf.html"
_PLACEHOLDER = re.compile(r"(%\(page\)s|%\(pages\)s)")


def _css_string(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + escaped.replace("\n", " ") + '"'


def page_counter_css():
    """Return the CSS `content` value for "Page X of Y", in the active language."""
    label = _("Page %(page)s of %(pages)s")
    tokens = []
    for part in _PLACEHOLDER.split(label):
        if part == "%(page)s":
            tokens.append("counter(page)")
        elif part == "%(pages)s":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(_css_string(part))
    return " ".join(tokens)


def _age(born, today):
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def chart_context(intake, *, flags, printed_by, now):
    """Return what the chart template shows."""
    appointment = intake.appointment
    unresolved = [flag for flag in flags if flag.status != "resolved"]
    return {
        "intake": intake,
        "appointment": appointment,
        "patient": appointment.patient,
        "procedure": appointment.procedure,
        "age": _age(appointment.patient.date_of_birth, timezone.localdate(now)),
        "flags": flags,
        "unresolved": unresolved,
        "unresolved_critical": [f for f in unresolved if f.severity == "critical"],
        "answers": answer_sections(intake.answers, flags),
        "digest": answers_digest(intake.answers),
        "printed_by": printed_by,
        "printed_at": now,
        "page_counter": page_counter_css(),
        "clinic_name": settings.CLINIC_NAME,
    }


def render_chart_pdf(intake, *, flags, printed_by, now):
    """Return the PDF bytes of the intake's chart copy."""
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    html = render_to_string(
        TEMPLATE, chart_context(intake, flags=flags, printed_by=printed_by, now=now)
    )
    return HTML(string=html, url_fetcher=_refuse).write_pdf()


def _refuse(url, *args, **kwargs):
    raise ValueError("The chart PDF loads nothing from outside the template.")
