"""Import another directory's Open Referral UK 3.0 feed (see
kinship/directory/oruk/importer.py for what is checked and how)."""

from django.core.management.base import BaseCommand, CommandError

from kinship.directory.oruk import importer
from kinship.directory.oruk.schemas import SchemasMissing


class Command(BaseCommand):
    help = (
        "Import an Open Referral UK 3.0 feed (a web address, a folder of saved JSON files "
        "or one saved file) as the source NAME. Safe to run again: only changes are written."
    )

    def add_arguments(self, parser):
        parser.add_argument("feed", help="The feed's web address, a folder or a JSON file.")
        parser.add_argument(
            "--source",
            required=True,
            help="A short name for where the feed comes from, like leeds-fis.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the feed and report what would change, but write nothing.",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=importer.DEFAULT_TIMEOUT,
            help="Seconds to wait for each answer from the feed's server.",
        )

    def handle(self, *args, feed, source, dry_run, timeout, **options):
        try:
            report = importer.import_feed(feed, source, dry_run=dry_run, timeout=timeout)
        except (importer.FeedError, SchemasMissing) as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        for line in importer.report_lines(report):
            self.stdout.write(line)
