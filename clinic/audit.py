"""The audit log's hash chain: how an event is hashed, appended and verified.

Each event's hash is SHA-256 over a canonical JSON form of every field but its
database id: its place in the chain (`seq`), the previous event's hash, the code,
the actor's id, the time (UTC, microseconds), the address, the target and the data.
Changing, removing or reordering an event in SQL breaks the chain at that event;
`manage.py verify_audit` walks it. One head row records the last event: writers lock
it, so the chain has one order however many processes write at once.
"""

import datetime as dt
import hashlib
import ipaddress
import json

from django.utils import timezone

GENESIS = "0" * 64
HEAD_PK = 1


def canonical(event):
    """Return the bytes an event's hash covers (also for historical models)."""
    when = event.occurred_at
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    fields = {
        "seq": event.seq,
        "prev_hash": event.prev_hash,
        "code": event.code,
        "actor": event.actor_id,
        "occurred_at": when.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "ip_address": _address(event.ip_address),
        "target_type": event.target_type,
        "target_id": str(event.target_id),
        "data": event.data,
    }
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.encode("ascii")


def entry_hash(event):
    return hashlib.sha256(canonical(event)).hexdigest()


def _address(value):
    # PostgreSQL's inet type may spell an address differently from what was saved.
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return str(value)


def append(event, *, head_model):
    """Chain the unsaved event after the head, insert it and move the head on.

    The caller holds a transaction: the head's row lock is kept until it commits.
    """
    head = _locked_head(head_model, type(event))
    event.seq = head.seq + 1
    event.prev_hash = head.entry_hash
    event.entry_hash = entry_hash(event)
    event.save(force_insert=True)
    head_model.objects.filter(pk=head.pk).update(
        seq=event.seq, entry_hash=event.entry_hash
    )
    return event


def _locked_head(head_model, event_model):
    head = head_model.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    # A fresh database (or a test flush): start where the table ends.
    last = event_model.objects.order_by("-seq").first()
    head_model.objects.get_or_create(
        pk=HEAD_PK,
        defaults={
            "seq": last.seq if last else 0,
            "entry_hash": last.entry_hash if last else GENESIS,
        },
    )
    return head_model.objects.select_for_update().get(pk=HEAD_PK)


def first_break(events, head):
    """Return a sentence naming the first broken or missing event, or None.

    `events` in chain order; `head` the head row, or None when there is none.
    """
    seq, previous = 0, GENESIS
    for event in events:
        seq += 1
        if event.seq != seq:
            return (
                f"Event {seq} is missing: event {event.seq} (id {event.pk}) comes "
                f"after event {seq - 1}."
            )
        if event.prev_hash != previous:
            return (
                f"Event {seq} (id {event.pk}) does not follow event {seq - 1}: "
                "an event before it was changed or replaced."
            )
        if entry_hash(event) != event.entry_hash:
            return (
                f"Event {seq} (id {event.pk}) was changed after it was written: "
                "its fields no longer match its hash."
            )
        previous = event.entry_hash
    if head is None:
        return None if seq == 0 else "The chain's head record is missing."
    if (head.seq, head.entry_hash) != (seq, previous):
        return (
            f"Event {seq + 1} is missing: the chain ends at event {seq} but its head "
            f"records event {head.seq}."
        )
    return None
