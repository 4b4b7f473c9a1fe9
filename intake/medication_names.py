"""The screening knowledge base with the clinic-local names from the admin.

`get_knowledge_base()` returns the process-wide knowledge base (loaded once, lazily)
overlaid with every `LocalMedicationName`. The overlay is cached for
`CACHE_SECONDS`; saving or deleting a local name clears the cache at once in the
process that made the change (signals connected by `connect_signals()`, called from
`IntakeConfig.ready`), and other worker processes pick it up within `CACHE_SECONDS`.
"""

import logging
import threading
import time

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html_join

from intake.models import LocalMedicationName
from intake.screening import default_knowledge_base

logger = logging.getLogger(__name__)

CACHE_SECONDS = 60

_lock = threading.Lock()
_cache = {"knowledge_base": None, "expires": 0.0, "generation": 0}


def get_knowledge_base(*, now=None):
    """Return the knowledge base with clinic-local names, cached briefly."""
    now = time.monotonic() if now is None else now
    with _lock:
        cached, generation = _cache["knowledge_base"], _cache["generation"]
        if cached is not None and now < _cache["expires"]:
            return cached
    pairs = list(LocalMedicationName.objects.values_list("name", "generic"))
    knowledge_base = default_knowledge_base().with_local_names(pairs)
    with _lock:
        # A save while the names were being read must not be hidden by this result.
        if _cache["generation"] == generation:
            _cache.update(knowledge_base=knowledge_base, expires=now + CACHE_SECONDS)
    return knowledge_base


def invalidate(**kwargs):
    """Forget the cached overlay (a signal receiver, also callable directly)."""
    with _lock:
        _cache["knowledge_base"] = None
        _cache["generation"] += 1


def suggestion_options():
    """Return the combobox's <option> markup, built once per knowledge base.

    Hundreds of options through the template loop cost more than the rest of the
    step page; the markup depends only on the names, never on the request.
    """
    knowledge_base = get_knowledge_base()
    with _lock:
        cached = _cache.get("options")
        if cached is not None and cached[0] is knowledge_base:
            return cached[1]
    names = knowledge_base.suggestion_names()
    markup = format_html_join("", '<option value="{}"></option>', ((n,) for n in names))
    with _lock:
        _cache["options"] = (knowledge_base, markup)
    return markup


def warm_up():
    """Load the knowledge base and the combobox markup before the first request."""
    default_knowledge_base()
    try:
        suggestion_options()
    except DatabaseError:
        # The local names load on first use instead; a worker must still start.
        logger.warning("Clinic-local medication names not loaded at start")


def connect_signals():
    """Clear the cache whenever a clinic-local name is saved or deleted."""
    post_save.connect(
        invalidate, sender=LocalMedicationName, dispatch_uid="local_name_saved"
    )
    post_delete.connect(
        invalidate, sender=LocalMedicationName, dispatch_uid="local_name_deleted"
    )
