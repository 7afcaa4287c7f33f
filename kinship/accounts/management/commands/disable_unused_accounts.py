"""Switch off accounts nobody has signed in to for
``ACCOUNT_UNUSED_DISABLE_DAYS`` days (120), each in the audit trail. Runs
daily (kinship/core/tasks.py); ``--simulate`` lists them and changes
nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.accounts.services import disable_unused_accounts


class Command(BaseCommand):
    help = "Switch off accounts unused for ACCOUNT_UNUSED_DISABLE_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--simulate", action="store_true", help="List them; change nothing.")

    def handle(self, *args, simulate, **options):
        accounts = disable_unused_accounts(simulate=simulate)
        verb = "Would switch off" if simulate else "Switched off"
        days = settings.ACCOUNT_UNUSED_DISABLE_DAYS
        self.stdout.write(f"{verb} {len(accounts)} account(s) unused for {days} days.")
        for account in accounts:
            self.stdout.write(f"  account {account.pk}")
