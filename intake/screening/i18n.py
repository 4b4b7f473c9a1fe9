"""Translation helpers that also work when Django is not configured.

Messages are lazy: they are translated when rendered, in the language active then (the
radiologist's), not the one active when the screening ran. Outside a configured Django
project (the benchmark, a plain script) they render as the English source text.
`makemessages` picks the strings up through the usual keywords (`_`, `ngettext_lazy`).
"""

from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import format_lazy

__all__ = ["_", "format_lazy", "ngettext_lazy"]


def _django_ready():
    return settings.configured and apps.ready


def _gettext(message):
    return translation.gettext(message) if _django_ready() else message


def _ngettext(singular, plural, number):
    if _django_ready():
        return translation.ngettext(singular, plural, number)
    return singular if number == 1 else plural


_ = lazy(_gettext, str)
ngettext_lazy = lazy(_ngettext, str)
