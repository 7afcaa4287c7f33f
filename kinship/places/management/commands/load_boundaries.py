"""``manage.py load_boundaries``: load or refresh the outlines of councils
and constituencies, and the constituencies' hexagons, drawn on the maps."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.places.loading.boundaries import load_boundaries


class Command(BaseCommand):
    help = (
        "Load the boundaries of councils (utla*.geojson) and constituencies "
        "(pcon*.geojson), and the constituencies' hexagons (pcon*.hexjson, if there is "
        "one), as SVG paths for the maps. Run after load_geography. Safe to run again: "
        "only differences are written, and a bad file leaves the table as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            dest="directory",
            help="folder holding the boundary files (or a data folder with "
            "geography/boundaries/); default: settings.DATA_DIR / 'geography' / 'boundaries'",
        )

    def handle(self, *args, directory=None, **options):
        report = load_boundaries(directory or Path(settings.DATA_DIR) / "geography" / "boundaries")
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
