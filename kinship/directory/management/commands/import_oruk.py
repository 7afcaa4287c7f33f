"""Import another directory's Open Referral UK 3.0 feed (see
kinship/directory/oruk/importing/ for the steps, and what is checked and
how)."""

from django.core.management.base import BaseCommand, CommandError

from kinship.directory.oruk import importing
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
            default=importing.DEFAULT_TIMEOUT,
            help="Seconds to wait for each answer from the feed's server.",
        )
        parser.add_argument(
            "--allow-empty",
            action="store_true",
            help=(
                "Import a whole feed even if it gives no service we can use (empty, or every "
                "record rejected), marking all the source's services inactive. Without it, "
                "such a feed is refused when the source has services listed."
            ),
        )

    def handle(self, *args, feed, source, dry_run, timeout, allow_empty, **options):
        try:
            report = importing.import_feed(
                feed, source, dry_run=dry_run, timeout=timeout, allow_empty=allow_empty
            )
        except importing.EmptyFeed as exc:
            lines = [f"Nothing was imported. {exc}"]
            if exc.rejected:
                lines += ["Rejected:", *importing.rejected_lines(exc.rejected)]
            raise CommandError("\n".join(lines)) from exc
        except (importing.FeedError, SchemasMissing) as exc:
            raise CommandError(f"Nothing was imported. {exc}") from exc
        for line in importing.report_lines(report):
            self.stdout.write(line)
