from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = _("Clinic")

    def ready(self):
        from clinic.services import sync_role_permissions

        post_migrate.connect(
            sync_role_permissions, dispatch_uid="sync_role_permissions"
        )
