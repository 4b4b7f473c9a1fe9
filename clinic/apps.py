from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic")

    def ready(self):
        from clinic import staff_events
        from clinic.services import sync_role_permissions

        post_migrate.connect(
            sync_role_permissions, dispatch_uid="sync_role_permissions"
        )
        staff_events.connect()


class AuditedAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that audits every change made through it."""

    default = False
    default_site = "clinic.admin_site.AuditedAdminSite"
