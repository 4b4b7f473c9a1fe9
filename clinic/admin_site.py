"""The admin site: every add, change and delete also becomes an audit event.

Django's own LogEntry stays as it is; the audit log is the one that is append-only
and that staff cannot edit.
"""

from django.contrib import admin

from clinic.services import record_event


def _changed_fields(message):
    """Field labels from the admin's change message; never the values."""
    fields = []
    for part in message if isinstance(message, list) else []:
        for details in part.values():
            fields.extend(details.get("fields", []))
    return sorted({str(field) for field in fields})


class AuditedModelAdmin:
    """Mixed into every registered ModelAdmin by AuditedAdminSite."""

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        record_event("admin.added", request=request, target=obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        data = {"fields": _changed_fields(message)}
        record_event("admin.changed", request=request, target=obj, data=data)
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            record_event("admin.deleted", request=request, target=obj)
        return entries


class AuditedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        audited = type(base.__name__, (AuditedModelAdmin, base), {})
        super().register(model_or_iterable, audited, **options)
