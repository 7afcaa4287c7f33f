"""``createsuperuser`` is not how a deployment gets its first administrator:
there are no superusers here. ``add_staff`` makes accounts with roles."""

from django.core.management.base import BaseCommand, CommandError

from kinship.accounts.models import NO_SUPERUSERS


class Command(BaseCommand):
    help = "Refuses: use add_staff, which gives an account roles instead."

    def add_arguments(self, parser):
        # Whatever Django's own command would take, so that the refusal
        # (not an argument error) is what a person sees.
        parser.add_argument("args", nargs="*")
        parser.add_argument("--noinput", "--no-input", action="store_true")
        parser.add_argument("--email")
        parser.add_argument("--username")
        parser.add_argument("--database")

    def handle(self, *args, **options):
        raise CommandError(NO_SUPERUSERS)
