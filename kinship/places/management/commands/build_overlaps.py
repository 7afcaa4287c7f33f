"""``manage.py build_overlaps``: work out which councils and constituencies
overlap, and by how much, from the postcodes."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from kinship.places.loading.overlaps import build_overlaps


class Command(BaseCommand):
    help = (
        "Recompute the council-constituency overlaps (postcodes in use in both, and "
        "each as a share of the council and of the constituency) from the loaded "
        "postcodes. Run after load_geography. Safe to run again."
    )

    def handle(self, *args, **options):
        report = build_overlaps()
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
