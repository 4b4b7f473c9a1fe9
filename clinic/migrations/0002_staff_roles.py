"""Create the staff role groups so every install has them.

Their permissions are (re)assigned after every migrate by
clinic.services.sync_role_permissions, because permissions for models of later
migrations do not exist yet when this one runs.
"""

from django.db import migrations

ROLES = ("Radiologist", "Front desk", "Content admin")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
