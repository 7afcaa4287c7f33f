"""``manage.py load_population``: load or refresh the child population of
councils, districts and constituencies."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.places.loading.population import load_population


class Command(BaseCommand):
    help = (
        "Load the population (all ages, 0-15 and 0-17) of each council, district and "
        "constituency from the ONS files in the population folder. Safe to run again: "
        "only differences are written, and a bad file leaves the table as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            dest="directory",
            help="folder holding the population files (or a data folder with a "
            "population/ folder); default: settings.DATA_DIR / 'population'",
        )

    def handle(self, *args, directory=None, **options):
        report = load_population(directory or Path(settings.DATA_DIR) / "population")
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
