"""The audit log's hash chain, `verify_audit`, and PostgreSQL's append-only trigger.

Tests that tamper in SQL switch the trigger off first (inside the test's own
transaction, so the switch is rolled back with it); SQLite has no trigger.
"""

import hashlib
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from clinic.audit import GENESIS, canonical
from clinic.models import AuditChainHead, AuditEvent
from clinic.services import record_event

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL only"
)


def _events(count, actor=None):
    return [
        record_event(f"x.happened_{n}", actor=actor, data={"n": n})
        for n in range(count)
    ]


def _verify():
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def _broken():
    with pytest.raises(CommandError) as error:
        _verify()
    assert error.value.returncode == 1
    return str(error.value)


TRIGGERS = {
    "clinic_auditevent": "clinic_auditevent_append_only",
    "clinic_auditchainhead": "clinic_auditchainhead_advances",
}


def _switch_triggers(cursor, state):
    if connection.vendor != "postgresql":
        return
    # ALTER TABLE waits for no deferred check: run the pending foreign-key ones now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, trigger in TRIGGERS.items():
        cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {trigger}")


@contextmanager
def _tampering():
    """Raw SQL on the audit tables, with PostgreSQL's triggers switched off."""
    with connection.cursor() as cursor:
        _switch_triggers(cursor, "DISABLE")
        yield cursor
        _switch_triggers(cursor, "ENABLE")


def test_each_event_is_chained_to_the_one_before(radiologist):
    first, second, third = _events(3, actor=radiologist)

    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.entry_hash == hashlib.sha256(canonical(stored)).hexdigest()
    assert AuditChainHead.objects.get().seq == 3


def test_an_event_created_directly_joins_the_chain():
    first = _events(1)[0]

    second = AuditEvent.objects.create(code="x.direct", occurred_at=first.occurred_at)

    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert "2 events" in _verify()


@pytest.mark.parametrize(
    "field,value",
    [
        ("code", "x.rewritten"),
        ("actor_id", None),
        ("occurred_at", "2020-01-01T00:00:00+00:00"),
        ("ip_address", "10.9.9.9"),
        ("target_type", "intake.intake"),
        ("target_id", "999"),
        ("data", {"n": 2}),
        ("seq", 7),
        ("prev_hash", "f" * 64),
    ],
)
def test_the_hash_covers_every_field(radiologist, field, value):
    event = _events(1, actor=radiologist)[0]
    before = canonical(event)
    if field == "occurred_at":
        import datetime as dt

        value = dt.datetime.fromisoformat(value)
    setattr(event, field, value)

    assert canonical(event) != before


def test_verify_audit_passes_an_intact_chain():
    _events(3)

    assert _verify().startswith("Audit chain intact: 3 events, last hash ")


def test_verify_audit_passes_an_empty_log():
    assert "0 events" in _verify()


@pytest.mark.parametrize(
    "assignment",
    [
        "code = 'x.innocent'",
        "occurred_at = occurred_at - interval '1 day'",
        "actor_id = NULL",
        "ip_address = '10.9.9.9'",
        "target_id = '42'",
    ],
)
def test_verify_audit_names_an_event_changed_in_sql(radiologist, assignment):
    events = _events(3, actor=radiologist)
    if connection.vendor == "sqlite":
        assignment = assignment.replace(
            "occurred_at - interval '1 day'", "'2020-01-01 00:00:00'"
        )

    with _tampering() as cursor:
        cursor.execute(
            f"UPDATE clinic_auditevent SET {assignment} WHERE id = %s", [events[1].pk]
        )

    assert _broken() == (
        f"Event 2 (id {events[1].pk}) was changed after it was written: its fields "
        "no longer match its hash."
    )


def test_verify_audit_names_an_event_deleted_in_sql():
    events = _events(4)

    with _tampering() as cursor:
        cursor.execute("DELETE FROM clinic_auditevent WHERE id = %s", [events[1].pk])

    assert _broken() == (
        f"Event 2 is missing: event 3 (id {events[2].pk}) comes after event 1."
    )


def test_verify_audit_notices_a_deleted_event_whose_successors_were_renumbered():
    events = _events(3)

    with _tampering() as cursor:
        cursor.execute("DELETE FROM clinic_auditevent WHERE id = %s", [events[0].pk])
        cursor.execute("UPDATE clinic_auditevent SET seq = seq - 1")

    assert "does not follow event 0" in _broken()


def test_verify_audit_notices_the_last_event_removed():
    events = _events(3)

    with _tampering() as cursor:
        cursor.execute("DELETE FROM clinic_auditevent WHERE id = %s", [events[2].pk])

    assert _broken() == (
        "Event 3 is missing: the chain ends at event 2 but its head records event 3."
    )


def test_writing_goes_on_after_the_head_row_is_lost():
    first = _events(1)[0]
    with _tampering() as cursor:
        cursor.execute("DELETE FROM clinic_auditchainhead")

    second = _events(1)[0]

    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert "2 events" in _verify()


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE clinic_auditevent SET code = 'x.innocent'",
        "DELETE FROM clinic_auditevent",
        "UPDATE clinic_auditchainhead SET seq = seq - 1",
        "UPDATE clinic_auditchainhead SET seq = seq + 1",
        "DELETE FROM clinic_auditchainhead",
    ],
)
def test_postgresql_refuses_to_change_or_delete_audit_rows(statement):
    _events(2)

    with pytest.raises(DatabaseError, match="append-only|only moves"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)

    assert AuditEvent.objects.filter(code="x.happened_0").exists()
    assert "2 events" in _verify()
