"""Opening links: audited before the date-of-birth check; unknown tokens throttled."""

import datetime as dt
import logging

import pytest
from django.utils import timezone

from clinic.models import AuditEvent
from clinic.services import record_event
from intake.link_guessing import UNKNOWN_LINK_LIMIT, UNKNOWN_LINK_WINDOW
from intake.models import IntakeLink
from tests.intake.conftest import make_appointment

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.7"


def _guess(client, n, address=GUESSER):
    return client.get(f"/i/made-up-token-{n}/", REMOTE_ADDR=address)


def _codes():
    return list(AuditEvent.objects.order_by("seq").values_list("code", flat=True))


def test_opening_a_link_is_audited_before_the_date_of_birth_is_asked(client):
    _, token = make_appointment()

    client.get(f"/i/{token}/", REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(code="link.opened")
    assert event.target_id == str(IntakeLink.objects.get().pk)
    assert event.ip_address == "198.51.100.4"
    assert event.data == {"usable": True}
    assert not AuditEvent.objects.filter(code="link.verified").exists()


def test_opening_an_expired_link_is_audited_as_unusable(client):
    appointment, token = make_appointment()
    IntakeLink.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    client.get(f"/i/{token}/")

    assert AuditEvent.objects.get(code="link.opened").data == {"usable": False}


def test_an_unknown_token_is_audited_without_the_token(client):
    response = client.get("/i/made-up-token-secret/", REMOTE_ADDR=GUESSER)

    assert response.status_code == 404
    event = AuditEvent.objects.get(code="link.unknown")
    assert event.ip_address == GUESSER
    stored = f"{event.target_type} {event.target_id} {event.data}"
    assert "made-up" not in stored and "secret" not in stored


def test_too_many_unknown_tokens_from_one_address_stop_every_link_from_it(client):
    _, token = make_appointment()
    misses = [_guess(client, n) for n in range(UNKNOWN_LINK_LIMIT)]

    after = _guess(client, "next")
    real = client.get(f"/i/{token}/", REMOTE_ADDR=GUESSER)

    assert {response.status_code for response in misses} == {404}
    assert after.status_code == 429
    assert "Too many links tried" in after.content.decode()
    assert real.status_code == 429  # a hit would tell a guesser they found one
    assert _codes().count("link.unknown") == UNKNOWN_LINK_LIMIT
    assert _codes().count("link.guessing_throttled") == 1


def test_other_addresses_keep_working_while_one_is_throttled(client):
    _, token = make_appointment()
    for n in range(UNKNOWN_LINK_LIMIT):
        _guess(client, n)

    response = client.get(f"/i/{token}/", REMOTE_ADDR="198.51.100.4")

    assert response.status_code == 302


@pytest.mark.parametrize(
    "age,status",
    [
        (UNKNOWN_LINK_WINDOW + dt.timedelta(seconds=1), 302),
        (UNKNOWN_LINK_WINDOW - dt.timedelta(minutes=1), 429),
    ],
)
def test_the_throttle_forgets_misses_older_than_its_window(client, age, status):
    _, token = make_appointment()
    for _ in range(UNKNOWN_LINK_LIMIT):
        record_event("link.unknown", now=timezone.now() - age)  # no address

    response = client.get(f"/i/{token}/", REMOTE_ADDR="")

    assert response.status_code == status


def test_hitting_the_limit_is_logged_once_without_any_token(client, caplog):
    with caplog.at_level(logging.WARNING, logger="intake.link_guessing"):
        for n in range(UNKNOWN_LINK_LIMIT + 5):
            _guess(client, n)

    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("intake")]
    assert len(warnings) == 1
    assert GUESSER in warnings[0]
    assert "made-up" not in warnings[0]
