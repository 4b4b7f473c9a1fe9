"""Logging filters: keep intake link tokens out of the logs."""

import logging
import re

_TOKEN_PATH = re.compile(r"/i/[^/\s?#\"]+")


class RedactIntakeTokens(logging.Filter):
    """Replace the token in /i/<token>/ paths (Django logs the path of 4xx replies)."""

    def filter(self, record):
        if record.args:
            record.args = tuple(
                _TOKEN_PATH.sub("/i/[redacted]", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _TOKEN_PATH.sub("/i/[redacted]", record.msg)
        return True


class ConciseClientErrors(logging.Filter):
    """Log a refused request (403, oversized 400) as one line, without a traceback.

    These are the client's doing; a traceback per request only fills the logs (and
    a local variable in one could hold what a patient typed).
    """

    def filter(self, record):
        status = getattr(record, "status_code", None)
        refused = record.name.startswith("django.security.") or (
            status is not None and 400 <= status < 500
        )
        if refused:
            record.exc_info = None
            record.exc_text = None
        return True
