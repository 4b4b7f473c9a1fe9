"""Requests for intake links that do not exist: audited, and throttled per address.

Tokens carry 256 bits, so guessing one is hopeless; the throttle keeps a guesser
from trying at speed and the audit log shows who tried. The count is read from the
audit log itself (code `link.unknown`, the client's address, the last 15 minutes),
so every app server and worker shares it and nothing else is stored. The token is
never recorded. Behind a proxy, REMOTE_ADDR must be the client's address (see the
README): otherwise every patient shares the proxy's one budget.
"""

import datetime as dt
import logging

from clinic.models import AuditEvent
from clinic.services import client_ip, record_event

UNKNOWN_LINK_LIMIT = 10
UNKNOWN_LINK_WINDOW = dt.timedelta(minutes=15)

logger = logging.getLogger(__name__)


def _recent_unknown(request, *, now):
    address = client_ip(request)
    events = AuditEvent.objects.filter(
        code="link.unknown", occurred_at__gt=now - UNKNOWN_LINK_WINDOW
    )
    if address is None:
        return events.filter(ip_address__isnull=True).count()
    return events.filter(ip_address=address).count()


def guessing_throttled(request, *, now):
    """Return True once this address asked for too many unknown links lately."""
    return _recent_unknown(request, now=now) >= UNKNOWN_LINK_LIMIT


def record_unknown_link(request, *, now):
    """Audit an unknown token (never the token); note the moment the limit is hit."""
    record_event("link.unknown", request=request, now=now)
    if _recent_unknown(request, now=now) == UNKNOWN_LINK_LIMIT:
        record_event(
            "link.guessing_throttled",
            request=request,
            now=now,
            data={"minutes": UNKNOWN_LINK_WINDOW.seconds // 60},
        )
        logger.warning(
            "Intake links: %d unknown tokens from %s in %d minutes; throttled.",
            UNKNOWN_LINK_LIMIT,
            client_ip(request),
            UNKNOWN_LINK_WINDOW.seconds // 60,
        )
