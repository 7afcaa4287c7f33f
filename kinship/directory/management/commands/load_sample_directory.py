"""Load the directory content that `make run` needs: taxonomy, real national
services, a kinship team record for each council and sample support groups."""

from django.core.management.base import BaseCommand, CommandError

from kinship.directory import services
from kinship.directory.management.commands.load_taxonomy import report


class Command(BaseCommand):
    help = (
        "Load the taxonomy, real national services, one kinship team record per council "
        "and sample support groups at real postcodes. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--groups",
            type=int,
            default=services.DEFAULT_SAMPLE_GROUPS,
            help="How many sample support groups to make (fewer if the geography is small).",
        )

    def handle(self, *args, groups, **options):
        if groups < 0:
            raise CommandError("--groups must be 0 or more")
        try:
            counts = services.load_sample_directory(groups=groups)
        except services.DataFileError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from exc
        report(self.stdout, counts)
