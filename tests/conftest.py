"""Shared fixtures: staff personas and the browser set-up."""

import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from clinic.roles import Role

# Playwright's sync API runs an event loop, which pytest-django's database set-up
# would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def migrated_back_to(app, migration):
    """Migrate the test database back to `migration`, give its historical apps, and
    migrate forward to the latest again on leaving (a transactional test only)."""
    target = [(app, migration)]
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    try:
        yield executor.loader.project_state(target).apps
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def make_user(username, *roles, **extra):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username=username, password="a-long-test-password-42", **extra
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=str(role)))
    return user


def skip_unless_postgresql():
    """Skip a test that needs real concurrent connections when the run uses SQLite."""
    if connection.vendor != "postgresql":
        pytest.skip(
            f"needs PostgreSQL for real concurrent connections; this run uses "
            f"{connection.vendor} (set DATABASE_URL to a PostgreSQL server)"
        )


@pytest.fixture
def concurrent_postgresql():
    """Two real connections need PostgreSQL; transactional tests flush the catalog."""
    skip_unless_postgresql()
    call_command("load_catalog", verbosity=0)


@pytest.fixture
def radiologist(db):
    return make_user("rad", Role.RADIOLOGIST, is_staff=True, first_name="Rita")


@pytest.fixture
def front_desk(db):
    return make_user("desk", Role.FRONT_DESK, is_staff=True)


@pytest.fixture
def content_admin(db):
    return make_user("content", Role.CONTENT_ADMIN, is_staff=True)


@pytest.fixture
def medical_director(db):
    return make_user("director", Role.MEDICAL_DIRECTOR, is_staff=True)


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        "boss", "boss@example.com", "a-long-test-password-42"
    )


@pytest.fixture(scope="session")
def browser(live_server, browser):
    """pytest-playwright's browser, started after the test server and closed first.

    The other way round, the server stopped at the end of the run while Chromium
    still held connections open, and the server's threads for them failed when
    Chromium closed (two "DatabaseWrapper objects created in a thread" warnings).
    """
    return browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }
