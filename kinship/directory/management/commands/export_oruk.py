"""Write the directory's ORUK 3.0 feed as static JSON files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinship.directory.oruk.export import export_feed
from kinship.directory.oruk.views import DEFAULT_PER_PAGE, MAX_PER_PAGE


class Command(BaseCommand):
    help = "Write the Open Referral UK 3.0 feed, page by page, as JSON files in DIR."

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DIR", type=Path)
        parser.add_argument(
            "--base-url",
            default="",
            help="where the files will be published, e.g. https://example.org/oruk",
        )
        parser.add_argument("--per-page", type=int, default=DEFAULT_PER_PAGE)

    def handle(self, *args, folder, base_url, per_page, **options):
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise CommandError(f"--per-page must be from 1 to {MAX_PER_PAGE}.")
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder.")
        counts = export_feed(folder, base_url, per_page)
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"{kind}: {count:,}")
        self.stdout.write(f"Feed written to {folder}")
