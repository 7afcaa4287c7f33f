"""Remove every directory record marked as sample data, and nothing else."""

from django.core.management.base import BaseCommand

from kinship.directory import services


class Command(BaseCommand):
    help = (
        "Delete the sample support groups, their locations and schedules, "
        "and the sample organisation."
    )

    def handle(self, *args, **options):
        counts = services.remove_sample_directory()
        for kind in ("services", "schedules", "locations", "organisations"):
            self.stdout.write(f"{kind} removed: {counts[kind]}")
        if counts["organisations kept"]:
            self.stdout.write(
                f"sample organisations kept because real records use them: "
                f"{counts['organisations kept']}"
            )
