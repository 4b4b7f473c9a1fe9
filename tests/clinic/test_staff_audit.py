"""Staff sign-in, sign-out and admin changes leave audit events."""

import pytest

from clinic.models import AuditEvent
from intake.models import LocalMedicationName

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"


def _codes():
    return list(AuditEvent.objects.order_by("pk").values_list("code", flat=True))


def test_a_sign_in_is_audited_with_who_and_from_where(client, front_desk):
    client.post(
        "/accounts/login/",
        {"username": "desk", "password": PASSWORD},
        REMOTE_ADDR="10.4.4.4",
    )

    event = AuditEvent.objects.get(code="staff.login")
    assert event.actor == front_desk
    assert event.ip_address == "10.4.4.4"


def test_a_failed_sign_in_is_audited_without_the_password(client, front_desk):
    client.post("/accounts/login/", {"username": "desk", "password": "Secret-Guess-1"})

    event = AuditEvent.objects.get(code="staff.login_failed")
    assert event.actor is None
    assert event.target_id == str(front_desk.pk)
    assert "Secret-Guess-1" not in str(event.data)


def test_a_failed_sign_in_under_an_unknown_name_does_not_keep_the_name(client):
    client.post("/accounts/login/", {"username": "Ada Byrne", "password": "x"})

    event = AuditEvent.objects.get(code="staff.login_failed")
    assert event.data == {"known_account": False}
    assert event.target_id == ""


def test_a_sign_out_is_audited(client, front_desk):
    client.force_login(front_desk)

    client.post("/accounts/logout/")

    event = AuditEvent.objects.get(code="staff.logout")
    assert event.actor == front_desk


def test_an_admin_addition_is_audited(client, content_admin):
    client.force_login(content_admin)

    client.post(
        "/admin/intake/localmedicationname/add/",
        {"name": "Xarelto Starter", "generic": "rivaroxaban", "note": ""},
    )

    name = LocalMedicationName.objects.get()
    event = AuditEvent.objects.get(code="admin.added")
    assert event.actor == content_admin
    assert (event.target_type, event.target_id) == (
        "intake.localmedicationname",
        str(name.pk),
    )


def test_an_admin_change_is_audited_with_the_fields_but_not_the_values(
    client, content_admin
):
    name = LocalMedicationName.objects.create(name="Eliq", generic="apixaban")
    client.force_login(content_admin)

    client.post(
        f"/admin/intake/localmedicationname/{name.pk}/change/",
        {"name": "Eliq", "generic": "apixaban", "note": "local shorthand"},
    )

    event = AuditEvent.objects.get(code="admin.changed")
    assert event.target_id == str(name.pk)
    assert event.data == {"fields": ["Note"]}


def test_an_admin_bulk_deletion_audits_every_object(client, content_admin):
    names = [
        LocalMedicationName.objects.create(name=name, generic="apixaban")
        for name in ("Eliq", "Apix")
    ]
    client.force_login(content_admin)

    client.post(
        "/admin/intake/localmedicationname/",
        {
            "action": "delete_selected",
            "_selected_action": [name.pk for name in names],
            "post": "yes",
        },
    )

    assert not LocalMedicationName.objects.exists()
    deleted = AuditEvent.objects.filter(code="admin.deleted")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(
        str(name.pk) for name in names
    )
