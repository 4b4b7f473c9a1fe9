from django.contrib import admin

from clinic.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only list of the audit trail, for superusers."""

    list_display = (
        "seq",
        "occurred_at",
        "code",
        "actor",
        "ip_address",
        "target_type",
        "target_id",
    )
    list_filter = ("code",)
    search_fields = ("code", "target_id", "actor__username")
    date_hierarchy = "occurred_at"
    list_select_related = ("actor",)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
