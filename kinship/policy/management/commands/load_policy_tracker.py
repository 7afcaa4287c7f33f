from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinship.policy.loading import TRACKER_FILE, TrackerFileError, load


class Command(BaseCommand):
    help = "Add the policy tracker's starting areas and history (areas already there are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=TRACKER_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            report = load(file)
        except TrackerFileError as error:
            raise CommandError(
                "The tracker file was not loaded; nothing changed:\n- "
                + "\n- ".join(error.problems)
            ) from None
        self.stdout.write(
            f"Policy tracker: {len(report.added)} areas added, {len(report.kept)} already there."
        )
