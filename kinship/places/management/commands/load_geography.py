"""``manage.py load_geography``: load or refresh the geography tables."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.places.loading import load_geography


class Command(BaseCommand):
    help = (
        "Load countries, regions, councils, districts, constituencies, postcodes and "
        "postcode districts from the open data files. Safe to run again: unchanged "
        "files are skipped, and a failure leaves the tables as they were."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help="data directory holding geography/ (or the files themselves); "
            "default: settings.DATA_DIR",
        )
        parser.add_argument(
            "--postcodes",
            type=Path,
            help="postcode file to load instead of the one in the source directory: "
            "postcodes*.csv(.gz) in our own format, or an ONS Postcode Directory "
            ".csv, .csv.gz or .zip",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="read every file even if it has not changed since the last load",
        )

    def handle(self, *args, source=None, postcodes=None, force=False, **options):
        report = load_geography(
            source or settings.DATA_DIR,
            postcodes,
            force=force,
            progress=options["verbosity"] > 0 and self.stderr.isatty(),
        )
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
