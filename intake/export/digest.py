"""The SHA-256 that ties a printed or exported intake to the stored answers.

Canonical JSON: keys sorted, no spaces (separators "," and ":"), UTF-8 without
escaping non-ASCII. Anyone can recompute it from the stored answers:
`hashlib.sha256(json.dumps(answers, sort_keys=True, separators=(",", ":"),
ensure_ascii=False).encode()).hexdigest()`.
"""

import hashlib
import json


def canonical_json(answers):
    """Return the answers as canonical JSON bytes."""
    text = json.dumps(
        answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return text.encode("utf-8")


def answers_digest(answers):
    """Return the hex SHA-256 of the canonical JSON of the frozen answers."""
    return hashlib.sha256(canonical_json(answers or {})).hexdigest()
