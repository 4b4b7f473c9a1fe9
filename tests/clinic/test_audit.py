import pytest
from django.test import RequestFactory

from clinic.models import AuditEvent
from clinic.services import record_event

pytestmark = pytest.mark.django_db


def test_record_event_keeps_who_what_and_from_where(radiologist):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = radiologist

    event = record_event("catalog.viewed", request=request, target=radiologist)

    assert event.actor == radiologist
    assert event.ip_address == "10.1.2.3"
    assert event.target_type == "auth.user"
    assert event.target_id == str(radiologist.pk)


def test_events_cannot_be_changed(radiologist):
    event = record_event("x.happened", actor=radiologist)
    event.code = "x.rewritten"

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(code="x.rewritten")
    assert AuditEvent.objects.get().code == "x.happened"


def test_events_cannot_be_deleted(radiologist):
    event = record_event("x.happened", actor=radiologist)

    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_superuser_can_list_events_but_not_change_them(client, superuser):
    event = record_event("x.happened", actor=superuser)
    client.force_login(superuser)

    assert client.get("/admin/clinic/auditevent/").status_code == 200
    assert client.get(f"/admin/clinic/auditevent/{event.pk}/delete/").status_code == 403
    assert client.get("/admin/clinic/auditevent/add/").status_code == 403


def test_other_staff_cannot_see_the_audit_log(client, content_admin):
    client.force_login(content_admin)

    assert client.get("/admin/clinic/auditevent/").status_code == 403
