"""The procedure text in the patient's language, whole or not at all.

A procedure's Spanish lives beside its English (`what_it_is_es`, `Benefit.text_es`,
...). A patient never reads a half-translated page: until every piece has its
translation, the procedure is shown wholly in English with a note saying so.
"""

import copy

from django.utils.translation import gettext as _

TEXT_FIELDS = (
    "name",
    "summary",
    "what_it_is",
    "what_to_expect",
    "recovery",
    "expected_results",
)
ITEMS = ("benefits", "risks", "instructions")
ITEM_TEXT = {
    "benefits": ("text",),
    "risks": ("text", "frequency"),
    "instructions": ("text",),
}


def _translated(obj, field, language):
    return (getattr(obj, f"{field}_{language}", "") or "").strip()


def missing_translation(procedure, language="es"):
    """Name each piece of patient text that has no translation in the language."""
    missing = [
        str(procedure._meta.get_field(f"{field}_{language}").verbose_name)
        for field in TEXT_FIELDS
        if not _translated(procedure, field, language)
    ]
    labels = {
        "benefits": _("benefit"),
        "risks": _("risk"),
        "instructions": _("instruction"),
    }
    for name in ITEMS:
        for number, item in enumerate(getattr(procedure, name).all(), start=1):
            for field in ITEM_TEXT[name]:
                if getattr(item, field) and not _translated(item, field, language):
                    piece = f"{labels[name]} {number}"
                    missing.append(piece if field == "text" else f"{piece} ({field})")
    return missing


def in_language(procedure, language):
    """Return a display copy of the procedure in the language, else in English.

    The copy is for reading only: it carries `text_language` and `text_fallback`
    (True when the language was wanted but its translation is incomplete).
    """
    shown = copy.copy(procedure)
    shown.text_language = "en"
    shown.text_fallback = False
    if not language or language.startswith("en"):
        return shown
    if missing_translation(procedure, language):
        shown.text_fallback = True
        return shown
    for field in TEXT_FIELDS:
        setattr(shown, field, _translated(procedure, field, language))
    shown._prefetched_objects_cache = {
        name: _items_in_language(procedure, name, language) for name in ITEMS
    }
    shown.text_language = language
    return shown


def _items_in_language(procedure, name, language):
    rows = []
    for item in getattr(procedure, name).all():
        row = copy.copy(item)
        for field in ITEM_TEXT[name]:
            setattr(row, field, _translated(item, field, language))
        rows.append(row)
    queryset = getattr(procedure, name).all()._chain()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def shown_in_language(procedures, language):
    """Return each procedure of an iterable through in_language."""
    return [in_language(procedure, language) for procedure in procedures]
