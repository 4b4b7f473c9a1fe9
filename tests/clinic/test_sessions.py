"""The session store reads exactly the sessions Django's database store reads."""

import datetime as dt

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from clinic.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _saved(data):
    store = DjangoStore()
    store.update(data)
    store.save()
    return store.session_key


def test_it_reads_what_django_wrote():
    data = {"patient_intake": {"intake": 7, "link": 9, "tablet": False}, "n": 1.5}
    key = _saved(data)

    assert SessionStore(key).load() == data
    assert SessionStore(key).load() == DjangoStore(key).load()


def test_an_expired_session_reads_as_empty_and_loses_its_key():
    key = _saved({"a": 1})
    Session.objects.filter(pk=key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    store = SessionStore(key)

    assert store.load() == {}
    assert store.session_key is None


def test_a_deleted_or_unknown_session_reads_as_empty():
    key = _saved({"a": 1})
    DjangoStore(key).delete()

    assert SessionStore(key).load() == {}
    assert SessionStore("no-such-session-key-at-all").load() == {}


def test_a_tampered_session_reads_as_empty():
    key = _saved({"a": 1})
    Session.objects.filter(pk=key).update(session_data="not-signed-data")

    assert SessionStore(key).load() == {}


def test_it_is_the_sessions_engine(settings):
    assert settings.SESSION_ENGINE == "clinic.sessions"
