"""A procedure in use is never deleted; it is retired instead."""

import pytest

from clinic.models import AuditEvent
from procedures.models import Procedure
from tests.intake.conftest import make_appointment
from tests.procedures.conftest import admin_form_data, change_url

pytestmark = pytest.mark.django_db


def _delete_url(slug):
    return change_url(slug).replace("/change/", "/delete/")


@pytest.fixture
def booked(db):
    """Two appointments for the hip joint injection."""
    make_appointment(procedure="hip-joint-injection")
    make_appointment(procedure="hip-joint-injection", first_name="Joan")
    return Procedure.objects.get(slug="hip-joint-injection")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_procedure_with_appointments_is_not_deleted_and_says_why(
    client, content_admin, booked, method
):
    client.force_login(content_admin)

    response = getattr(client, method)(
        _delete_url(booked.slug), {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == change_url(booked.slug)
    message = str(list(response.context["messages"])[0])
    assert "is used by 2 appointments and cannot be deleted" in message
    assert "Retire it instead" in message
    assert Procedure.objects.filter(pk=booked.pk).exists()


def test_a_superuser_cannot_delete_it_either(client, superuser, booked):
    client.force_login(superuser)

    client.post(_delete_url(booked.slug), {"post": "yes"})

    assert Procedure.objects.filter(pk=booked.pk).exists()


def test_a_procedure_nobody_booked_can_still_be_deleted(client, content_admin):
    client.force_login(content_admin)

    response = client.post(_delete_url("hip-joint-injection"), {"post": "yes"})

    assert response.status_code == 302
    assert not Procedure.objects.filter(slug="hip-joint-injection").exists()


def test_the_list_offers_no_bulk_delete(client, content_admin):
    client.force_login(content_admin)

    response = client.get("/admin/procedures/procedure/")

    assert "delete_selected" not in response.content.decode()


def test_content_admin_retires_a_procedure_and_it_is_audited(
    client, content_admin, booked
):
    client.force_login(content_admin)
    data = admin_form_data(client, change_url(booked.slug))

    response = client.post(change_url(booked.slug), {**data, "retired": "on"})

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.retired is True
    assert booked.history.latest().history_user == content_admin
    event = AuditEvent.objects.get(code="procedure.retired")
    assert (event.actor, event.target_id) == (content_admin, str(booked.pk))


def test_content_admin_brings_a_retired_procedure_back(client, content_admin, booked):
    Procedure.objects.filter(pk=booked.pk).update(retired=True)
    client.force_login(content_admin)
    data = admin_form_data(client, change_url(booked.slug))
    data.pop("retired")

    client.post(change_url(booked.slug), data)

    booked.refresh_from_db()
    assert booked.retired is False
    assert AuditEvent.objects.filter(code="procedure.unretired").count() == 1
