"""``manage.py set_up_data``: migrate the database and load every data set
the site needs, in order. ``make run``, ``make bench`` and the deployment
guide all use this one command, so the set-up cannot differ between them.

Each step is another app's command, called by name (this shared app imports
no other kinship app). Every step is safe to run again: migrate applies
only what is missing, the loaders skip unchanged files or write only the
differences, and the directory and tracker loaders never overwrite what
staff have changed.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand

from kinship.core.tasks import schedule_daily_jobs

# The date of the Give Food count in the shared data (January 2026); its
# file name carries no date.
FOOD_BANKS_AS_OF = "2026-01-01"


def steps(*, sample_content: bool = True, food_banks_as_of: str = FOOD_BANKS_AS_OF):
    """The commands ``set_up_data`` runs, in order: (name, arguments)."""
    listed = [
        ("migrate", ["--noinput"]),
        # The geography first: everything below points at its councils,
        # districts, constituencies and postcodes.
        ("load_geography", []),
        ("load_population", []),
        ("build_overlaps", []),
        ("load_boundaries", []),
        ("load_constituency_data", ["--food-banks-as-of", food_banks_as_of]),
    ]
    if sample_content:
        listed.append(("load_sample_directory", []))
    else:
        # The taxonomy, national services and council kinship teams, no
        # made-up groups; then take away any sample records (a database
        # set up earlier with them, and the empty sample organisation).
        listed += [
            ("load_sample_directory", ["--groups", "0"]),
            ("remove_sample_directory", []),
        ]
    listed += [
        ("load_programmes", []),
        ("load_policy_tracker", []),
    ]
    return listed


class Command(BaseCommand):
    help = (
        "Migrate the database, then load the geography, population, overlaps, boundaries, "
        "constituency figures, directory content, programmes and policy tracker from "
        "settings.DATA_DIR (KINSHIP_DATA_DIR) and the files in the repository. Safe to run "
        "again: each step changes only what differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-sample-content",
            action="store_false",
            dest="sample_content",
            help="load no sample support groups, and remove any loaded before (for a real "
            "deployment); the taxonomy, national services and council teams are still loaded",
        )
        parser.add_argument(
            "--food-banks-as-of",
            default=FOOD_BANKS_AS_OF,
            metavar="YYYY-MM-DD",
            help=f"date of the food bank count (default: {FOOD_BANKS_AS_OF}, the date of "
            "the count in the shared data)",
        )

    def handle(self, *args, sample_content, food_banks_as_of, **options):
        verbosity = options["verbosity"]
        for name, arguments in steps(
            sample_content=sample_content, food_banks_as_of=food_banks_as_of
        ):
            if verbosity > 0:
                self.stdout.write(self.style.MIGRATE_HEADING(" ".join(["==", name, *arguments])))
            call_command(
                name,
                *arguments,
                # migrate lists every migration it applies: only at -v 2.
                verbosity=max(verbosity - 1, 0) if name == "migrate" else verbosity,
                no_color=options["no_color"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        # The daily jobs (retention, unused accounts) keep themselves going
        # once queued; queue them unless a run is already waiting.
        if schedule_daily_jobs() and verbosity > 0:
            self.stdout.write("Daily jobs queued for 02:30 UK time.")
