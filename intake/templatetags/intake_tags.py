import datetime as dt

from django import template

register = template.Library()


@register.filter
def isodate(value):
    """Turn a stored 'YYYY-MM-DD' answer back into a date for the |date filter."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value
