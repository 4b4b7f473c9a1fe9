"""Cross-app writes: role permissions and the audit log."""

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from clinic.models import AuditEvent
from clinic.roles import ROLE_PERMISSIONS


def sync_role_permissions(**kwargs):
    """Give each role group exactly the permissions listed in ROLE_PERMISSIONS."""
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        wanted = []
        for code in codes:
            app_label, codename = code.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def record_event(code, *, actor=None, request=None, target=None, data=None, now=None):
    """Append one audit event, inside the transaction of the change it records."""
    if request is not None and actor is None and request.user.is_authenticated:
        actor = request.user
    event = AuditEvent(
        code=code,
        actor=actor,
        ip_address=client_ip(request),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        occurred_at=now or timezone.now(),
    )
    event.save()  # chained to the previous event (AuditEvent.save)
    return event


def client_ip(request):
    """Return the address the request came from, or None."""
    if request is None:
        return None
    # REMOTE_ADDR is what the app server saw; behind a proxy, set it from the proxy's
    # header in the proxy or gunicorn (--forwarded-allow-ips), not here.
    return request.META.get("REMOTE_ADDR") or None
