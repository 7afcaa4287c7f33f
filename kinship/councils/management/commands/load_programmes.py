"""Load the charity's programmes and the councils that commission them."""

from django.core.management.base import BaseCommand, CommandError

from kinship.councils.services import PROGRAMMES_FILE, ProgrammesFileError, load_programmes


class Command(BaseCommand):
    help = "Load programmes and current commissions from the programmes file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(PROGRAMMES_FILE))

    def handle(self, *args, file, **options):
        try:
            counts = load_programmes(file)
        except ProgrammesFileError as error:
            raise CommandError(f"Nothing was loaded.\n{error}") from None
        changes = {kind: count for kind, count in counts.items() if count}
        if not changes:
            self.stdout.write("Programmes and commissions: nothing changed.")
        for kind, count in sorted(changes.items()):
            self.stdout.write(f"{kind}: {count}")
