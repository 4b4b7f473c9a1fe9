"""Refused requests are logged as one line each, never with a traceback."""

import io
import logging

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """What the app's console handler writes, as configured in settings.LOGGING."""
    handler = next(
        h for h in logging.getLogger("django").handlers if h.name == "console"
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_forbidden_page_logs_one_line_without_a_traceback(
    client, front_desk, log_output
):
    client.force_login(front_desk)

    response = client.get("/review/")

    assert response.status_code == 403
    lines = log_output.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /review/"]


def test_an_oversized_request_logs_one_line_without_a_traceback(
    client, settings, log_output
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = client.post(
        "/accounts/login/", {"username": "x", "password": "Jane Doe " * 500}
    )

    assert response.status_code == 400
    output = log_output.getvalue()
    assert "Traceback" not in output
    assert "Jane Doe" not in output
    assert output.strip().splitlines() == [
        "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."
    ]


def test_a_server_error_keeps_its_traceback(broken_home, log_output):
    broken_home.get("/")

    assert "Traceback" in log_output.getvalue()
