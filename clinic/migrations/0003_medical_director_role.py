"""Create the Medical director role group (its permissions come from the post_migrate
sync, clinic.services.sync_role_permissions, like the other roles')."""

from django.db import migrations

ROLE = "Medical director"


def create_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


def remove_role(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ROLE).delete()


class Migration(migrations.Migration):
    dependencies = [("clinic", "0002_staff_roles")]

    operations = [migrations.RunPython(create_role, remove_role)]
