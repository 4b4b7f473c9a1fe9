from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError

from clinic.services import record_event
from clinic.staff_events import account_named


class Command(BaseCommand):
    help = "Lift a staff sign-in lockout for a user name, an address, or both."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="The account to unlock.")
        parser.add_argument("--address", help="The IP address to unlock.")

    def handle(self, *args, username=None, address=None, **options):
        if not username and not address:
            raise CommandError("Give --username, --address, or both.")
        account = account_named(username)
        if username and account is None:
            raise CommandError(f"No account is called {username!r}.")
        cleared = reset(ip=address, username=username)
        record_event(
            "staff.unlocked",
            target=account,
            data={"address": address or "", "attempts_cleared": cleared},
        )
        self.stdout.write(f"Cleared {cleared} failed sign-in record(s).")
