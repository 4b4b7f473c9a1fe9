"""Staff roles: Django groups, their permissions, and who may do what."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RADIOLOGIST = "Radiologist", _("Radiologist")
    FRONT_DESK = "Front desk", _("Front desk")
    CONTENT_ADMIN = "Content admin", _("Content admin")
    MEDICAL_DIRECTOR = "Medical director", _("Medical director")


_CATALOG_MODELS = ("procedure", "benefit", "risk", "instruction")
_ACTIONS = ("add", "change", "delete", "view")

# Permission codenames ("app_label.codename") each role holds. Kept in sync by a
# post_migrate handler so models added later get their permissions too.
ROLE_PERMISSIONS = {
    Role.CONTENT_ADMIN: [
        f"procedures.{action}_{model}"
        for model in _CATALOG_MODELS
        for action in _ACTIONS
    ]
    + [f"intake.{action}_localmedicationname" for action in _ACTIONS],
    Role.FRONT_DESK: [
        "intake.add_patient",
        "intake.view_patient",
        "intake.add_appointment",
        "intake.change_appointment",
        "intake.view_appointment",
    ],
    Role.RADIOLOGIST: ["intake.review_intake"],
    # The clinical attributes only: the words stay with content admins (see
    # procedures/admin.py), so each change has one owner.
    Role.MEDICAL_DIRECTOR: [
        "procedures.change_clinical_attributes",
        *(f"procedures.view_{model}" for model in _CATALOG_MODELS),
    ],
}


def has_role(user, *roles):
    """Return True if the user is active and in one of the roles (superusers always)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = {str(role) for role in roles}
    return any(group.name in names for group in user.groups.all())
