"""The patient pages' fixed read of a link, its appointment and its intake.

It must build exactly what the ORM builds, on SQLite and on PostgreSQL, and the
session must still end the moment the link stops working.
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DataError, connection, transaction
from django.utils import timezone

from intake.models import Intake, IntakeLink
from intake.models.link_read import PREPARED, read_link
from intake.patient_session import SESSION_KEY
from tests.conftest import make_user
from tests.intake.conftest import make_appointment, verify

pytestmark = pytest.mark.django_db


def _fields(instance):
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def _with_next_id(instance):
    """Store the row again under the next id its table gives (nothing refers to it)."""
    type(instance).objects.filter(pk=instance.pk).delete()
    instance.pk, instance._state.adding = None, True
    instance.save()
    return instance


def _filled_in_link():
    """A link whose every column holds a value: dates, JSON, text, numbers, flags.

    The link, its appointment and its intake get three different ids, whatever
    the tables' sequences stand at: a join on the wrong column cannot pass by luck.
    """
    now = timezone.now().replace(microsecond=123456)
    appointment, _ = make_appointment(now=now, spinal_level="lumbar")
    appointment.cancelled_at = now
    appointment.rescheduled_from = now - dt.timedelta(days=1)
    appointment.reminders_stopped_at = now
    appointment.created_by = make_user("desk-reader")
    appointment.save()
    intake = appointment.intake
    while intake.pk == appointment.pk:
        _with_next_id(intake)
    link = appointment.links.get()
    while link.pk in {appointment.pk, intake.pk}:
        _with_next_id(link)
    Intake.objects.filter(appointment=appointment).update(
        draft={"steps": {"medications": {"rows-0-name": ["Eliquis ü 5 mg"]}}},
        draft_revision=3,
        answers={"medications": [{"name": "Warfarin"}], "note": "née Müller"},
        signature="Margaret Lee",
        language="es",
        submitted_at=now,
        instructions="Hold for 2 days",
        decided_at=now,
        version=7,
        has_flags=True,
        worst_rank=1,
        cancelled=True,
    )
    link = appointment.links.get()
    assert len({link.pk, appointment.pk, appointment.intake.pk}) == 3
    link.failed_attempts = 2
    link.locked_at = now
    link.revoked_at = now
    link.save()
    return link


def test_it_builds_the_same_objects_the_orm_builds():
    link = _filled_in_link()
    expected = IntakeLink.objects.select_related("appointment__intake").get(pk=link.pk)

    read = read_link(link.pk)

    assert _fields(read) == _fields(expected)
    assert _fields(read.appointment) == _fields(expected.appointment)
    assert _fields(read.appointment.intake) == _fields(expected.appointment.intake)
    assert read.appointment.intake.draft["steps"]["medications"] == {
        "rows-0-name": ["Eliquis ü 5 mg"]
    }
    assert timezone.is_aware(read.appointment.cancelled_at)
    assert read._state.db == expected._state.db == "default"


def test_the_three_objects_come_from_one_query_and_point_at_each_other(
    django_assert_num_queries,
):
    link = _filled_in_link()

    with django_assert_num_queries(1):
        read = read_link(link.pk)
        intake = read.appointment.intake
        assert intake.appointment is read.appointment
        assert read.appointment.intake is intake


def test_what_it_reads_saves_as_an_update_not_a_new_row():
    link = _filled_in_link()

    count = Intake.objects.count()
    intake = read_link(link.pk).appointment.intake
    intake.signature = "M. Lee"
    intake.save()

    assert Intake.objects.get(pk=intake.pk).signature == "M. Lee"
    assert Intake.objects.count() == count


def test_an_unknown_link_reads_as_none():
    assert read_link(987654) is None


def test_a_link_whose_appointment_has_no_intake_reads_as_none():
    link = _filled_in_link()
    Intake.objects.filter(appointment=link.appointment_id).delete()

    assert read_link(link.pk) is None


def test_the_open_intake_is_refused_through_another_intakes_link(client):
    _, token = make_appointment()
    verify(client, token)
    other, _ = make_appointment(first_name="Ruth")
    session = client.session
    state = session[SESSION_KEY]
    session[SESSION_KEY] = {**state, "link": other.links.get().pk}
    session.save()

    response = client.get("/intake/about/")

    assert response["Location"] == "/intake/goodbye/"


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"locked_at": timezone.now()},
        {"expires_at": timezone.now() - dt.timedelta(seconds=1)},
    ],
    ids=["revoked", "locked", "expired"],
)
def test_a_link_that_stops_working_ends_the_session_in_progress(client, change):
    _, token = make_appointment()
    verify(client, token)
    assert client.get("/intake/about/").status_code == 200

    IntakeLink.objects.update(**change)

    response = client.get("/intake/about/")
    assert response["Location"] == "/intake/goodbye/"
    assert SESSION_KEY not in client.session


def postgresql_outside_transactions(test):
    """PostgreSQL only, and outside the test's own transaction, as patient requests."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
    )(test)


@pytest.fixture
def committed_link():
    call_command("load_catalog", verbosity=0)  # a transactional test may flush it
    return _filled_in_link()


def _prepared_here():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return [name for (name,) in cursor.fetchall()]


def _run(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)


@postgresql_outside_transactions
def test_on_postgresql_the_read_is_prepared_once_then_executed(
    committed_link, django_assert_num_queries
):
    read_link(committed_link.pk)

    with django_assert_num_queries(2) as captured:
        first, second = read_link(committed_link.pk), read_link(committed_link.pk)

    assert _prepared_here().count(PREPARED) == 1
    assert all(q["sql"].startswith(f"EXECUTE {PREPARED} (") for q in captured)
    assert _fields(first) == _fields(IntakeLink.objects.get(pk=committed_link.pk))
    intake = Intake.objects.get(appointment_id=first.appointment.pk)
    assert _fields(first.appointment.intake) == _fields(intake)
    assert _fields(second.appointment.intake) == _fields(intake)


@postgresql_outside_transactions
def test_a_new_connection_prepares_the_read_again(committed_link):
    read_link(committed_link.pk)
    connection.close()

    assert read_link(committed_link.pk).pk == committed_link.pk
    assert _prepared_here() == [PREPARED]


def _statements(captured):
    return [q["sql"].split()[0] for q in captured]


def _two_reads(link, assert_num_queries):
    """Read twice after the session was disturbed: the statements each read sent."""
    with assert_num_queries(3) as fallen_back:
        assert read_link(link.pk).pk == link.pk
    with assert_num_queries(2) as prepared_again:
        assert read_link(link.pk).pk == link.pk
    return _statements(fallen_back), _statements(prepared_again)


@postgresql_outside_transactions
def test_a_statement_dropped_behind_its_back_falls_back_then_prepares_again(
    committed_link, django_assert_num_queries
):
    read_link(committed_link.pk)
    _run("DEALLOCATE ALL")  # as a pooler's reset does

    fallen_back, prepared_again = _two_reads(committed_link, django_assert_num_queries)

    assert fallen_back == ["EXECUTE", "DEALLOCATE", "SELECT"]
    assert prepared_again == ["PREPARE", "EXECUTE"]


@postgresql_outside_transactions
def test_a_session_that_already_holds_the_name_still_reads(
    committed_link, django_assert_num_queries
):
    read_link(committed_link.pk)
    setattr(connection.connection, PREPARED, False)  # prepared by another client

    fallen_back, prepared_again = _two_reads(committed_link, django_assert_num_queries)

    assert fallen_back == ["PREPARE", "DEALLOCATE", "SELECT"]
    assert prepared_again == ["PREPARE", "EXECUTE"]


@postgresql_outside_transactions
def test_a_column_changed_under_the_prepared_read_still_reads(
    committed_link, django_assert_num_queries
):
    read_link(committed_link.pk)
    column = f'"{Intake._meta.db_table}" ALTER COLUMN "signature" TYPE'
    _run(f"ALTER TABLE {column} text")  # a migration, while this worker runs
    try:
        with django_assert_num_queries(3) as fallen_back:
            read = read_link(committed_link.pk)
        assert read.appointment.intake.signature == "Margaret Lee"
        assert read_link(committed_link.pk).pk == committed_link.pk
    finally:
        _run(f"ALTER TABLE {column} varchar(160)")
        connection.close()  # its prepared read was planned for the other type

    assert _statements(fallen_back) == ["EXECUTE", "DEALLOCATE", "SELECT"]


@postgresql_outside_transactions
def test_inside_a_transaction_the_read_is_plain(
    committed_link, django_assert_num_queries
):
    with transaction.atomic(), django_assert_num_queries(1) as captured:
        assert read_link(committed_link.pk).pk == committed_link.pk

    assert captured[0]["sql"].startswith("SELECT ")


@postgresql_outside_transactions
def test_behind_a_transaction_pooler_the_read_is_not_prepared(
    committed_link, monkeypatch, django_assert_num_queries
):
    connection.close()  # a new session, which holds no prepared read yet
    monkeypatch.setitem(connection.settings_dict, "DISABLE_SERVER_SIDE_CURSORS", True)

    with django_assert_num_queries(1) as captured:
        assert read_link(committed_link.pk).pk == committed_link.pk

    assert captured[0]["sql"].startswith("SELECT ")
    assert PREPARED not in _prepared_here()


@postgresql_outside_transactions
def test_a_real_failure_of_the_prepared_read_is_raised_not_retried(
    committed_link, django_assert_num_queries
):
    read_link(committed_link.pk)

    with pytest.raises(DataError), django_assert_num_queries(1) as captured:
        read_link("not a number")

    assert _statements(captured) == ["EXECUTE"]
    assert read_link(committed_link.pk).pk == committed_link.pk


@postgresql_outside_transactions
def test_with_server_side_binding_psycopg_prepares_and_this_does_not(
    committed_link, monkeypatch, django_assert_num_queries
):
    options = {**connection.settings_dict["OPTIONS"], "server_side_binding": True}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)

    with django_assert_num_queries(1) as captured:
        assert read_link(committed_link.pk).pk == committed_link.pk

    assert _statements(captured) == ["SELECT"]
