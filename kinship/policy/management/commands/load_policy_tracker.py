from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kinship.policy.loading import TRACKER_FILE, TrackerFileError, load


class Command(BaseCommand):
    help = "Add the policy tracker's starting areas and history (areas already there are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=TRACKER_FILE)
        parser.add_argument(
            "--replace-untouched",
            action="store_true",
            help="Write again from the file every area that no staff member has ever drafted "
            "or published (brings older starting content up to date).",
        )

    def handle(self, *args, file: Path, replace_untouched: bool, **options):
        try:
            report = load(file, replace_untouched=replace_untouched)
        except TrackerFileError as error:
            raise CommandError(
                "The tracker file was not loaded; nothing changed:\n- "
                + "\n- ".join(error.problems)
            ) from None
        replaced = f", {len(report.replaced)} replaced" if report.replaced else ""
        welsh = f" ({len(report.welsh_added)} given their Welsh)" if report.welsh_added else ""
        self.stdout.write(
            f"Policy tracker: {len(report.added)} areas added{replaced}, "
            f"{len(report.kept)} already there{welsh}."
        )
