import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from clinic.roles import Role

DEMO_ACCOUNTS = (
    ("radiologist", Role.RADIOLOGIST),
    ("frontdesk", Role.FRONT_DESK),
    ("content", Role.CONTENT_ADMIN),
    ("director", Role.MEDICAL_DIRECTOR),
)


class Command(BaseCommand):
    help = "Create one demo staff account per role for local use (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Give existing demo accounts new passwords.",
        )

    def handle(self, *args, reset=False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for local development (DJANGO_DEBUG=true)."
            )
        User = get_user_model()
        self.stdout.write("Staff sign-in: http://127.0.0.1:8000/accounts/login/")
        for username, role in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            user.groups.add(Group.objects.get(name=str(role)))
            if created or reset:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                self.stdout.write(
                    f"  {role.label:<16} {username:<12} password: {password}"
                )
            else:
                self.stdout.write(
                    f"  {role.label:<16} {username:<12} (exists; "
                    "new password: DJANGO_DEBUG=true .venv/bin/python manage.py "
                    "create_demo_staff --reset)"
                )
