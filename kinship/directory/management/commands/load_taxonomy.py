"""Load the kinship taxonomy from kinship/directory/data/taxonomy.toml."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinship.directory import services


def report(stdout, counts):
    for kind, outcome in counts.items():
        parts = ", ".join(f"{outcome[key]} {key}" for key in ("created", "updated", "unchanged"))
        stdout.write(f"{kind}: {parts}")


class Command(BaseCommand):
    help = "Create or update the taxonomy terms from the taxonomy data file (matched by slug)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            type=Path,
            default=services.TAXONOMY_FILE,
            help="Taxonomy file to load (default: the one in the repository).",
        )

    def handle(self, *args, file, **options):
        try:
            counts = services.load_taxonomy(file)
        except services.DataFileError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from exc
        report(self.stdout, counts)
