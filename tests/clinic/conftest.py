"""Fixtures for the clinic-wide tests."""

import pytest

from procedures.models import Procedure


@pytest.fixture
def broken_home(client, monkeypatch):
    """Make the home page fail with a server error; return the client."""

    def broken(self):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(type(Procedure.objects), "offered", broken)
    client.raise_request_exception = False
    return client
