"""``manage.py load_constituency_data``: load or refresh each constituency's
MP and its child poverty and food bank figures."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from kinship.constituencies.loading import load_constituency_data, parse_day


class Command(BaseCommand):
    help = (
        "Load the sitting MP of each constituency of England and Wales, the share of "
        "children in poverty and affected by the two-child limit, and the number of food "
        "banks, from the files in the data folder. Safe to run again: only differences are "
        "written, and a bad file leaves everything as it was. Staff's local figures are "
        "never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            type=Path,
            dest="directory",
            help="data folder holding people/ and services/ (default: settings.DATA_DIR)",
        )
        parser.add_argument(
            "--mps",
            type=Path,
            metavar="FILE",
            help="MP file: a list of sitting MPs or the 2024 election results (default: the "
            "newest people/mps_current_YYYY-MM.csv)",
        )
        parser.add_argument(
            "--mps-as-of",
            metavar="YYYY-MM-DD",
            help="date of the MP list (default: the first of the month in its file name, or "
            "4 July 2024 for the election results)",
        )
        parser.add_argument(
            "--poverty",
            type=Path,
            metavar="FILE",
            help="End Child Poverty file (default: the newest "
            "services/child_poverty_YYYY_by_pcon24.csv)",
        )
        parser.add_argument(
            "--food-banks",
            type=Path,
            metavar="FILE",
            help="Give Food count of food banks (default: the one "
            "services/foodbanks_count_by_pcon24_*.csv)",
        )
        parser.add_argument(
            "--food-banks-as-of",
            metavar="YYYY-MM-DD",
            help="date of the food bank count, shown with it (default: a date in its file "
            "name, if any)",
        )

    def handle(self, *args, directory=None, **options):
        report = load_constituency_data(
            directory or Path(settings.DATA_DIR),
            members=options["mps"],
            members_as_of=parse_day(options["mps_as_of"], "--mps-as-of"),
            poverty=options["poverty"],
            food_banks=options["food_banks"],
            food_banks_as_of=parse_day(options["food_banks_as_of"], "--food-banks-as-of"),
        )
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
