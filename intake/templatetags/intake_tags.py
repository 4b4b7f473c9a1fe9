import datetime as dt

from django import template

from intake.forms.errors import form_error_items

register = template.Library()


@register.filter
def isodate(value):
    """Turn a stored 'YYYY-MM-DD' answer back into a date for the |date filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.inclusion_tag("_error_summary.html")
def error_summary(source, heading=""):
    """The error summary at the top of a page, for a form or a step's forms."""
    if hasattr(source, "error_items"):
        items = source.error_items()
    else:
        items = list(form_error_items(source))
    return {"error_items": items, "heading": heading}
