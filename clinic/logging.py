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
