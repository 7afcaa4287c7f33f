"""How councils and constituencies overlap, measured in postcodes.

One GROUP BY query over the postcodes in use (neither terminated nor
possibly terminated), joined to their district for its council, counts the
postcodes in each council and constituency pair; the shares follow from the
totals. The few hundred pairs then replace ``CouncilConstituency`` in one
transaction, writing only the differences.

A share of postcodes is not a share of people: postcodes hold from one
address to a hundred or so, so treat the shares as a guide to which
councils and constituencies meet, not as a population split.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count

from kinship.core.caching import content_changed
from kinship.places.models import CouncilConstituency, Postcode

from .report import Changes
from .sync import replace_rows

FIELDS = ("postcodes", "share_of_council", "share_of_constituency")


@dataclass
class OverlapReport:
    changes: Changes = field(default_factory=Changes)
    pairs: int = 0
    councils: int = 0
    constituencies: int = 0
    postcodes: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return self.changes.any

    def lines(self) -> list[str]:
        return [
            f"Council–constituency overlaps from {self.postcodes:,} postcodes in use "
            f"({self.seconds:.1f} s)",
            f"{self.pairs:,} pairs: {self.councils:,} councils, "
            f"{self.constituencies:,} constituencies",
            f"overlaps: {self.changes}",
            "Changes made." if self.changed else "Nothing changed.",
        ]


def count_pairs() -> dict[tuple[int, int], int]:
    """{(council id, constituency id): postcodes in use in both}, in one query."""
    rows = (
        Postcode.objects.filter(maybe_terminated=False, terminated_on__isnull=True)
        .order_by()
        .values_list("district__council_id", "constituency_id")
        .annotate(count=Count("*"))
    )
    return {(council, constituency): count for council, constituency, count in rows}


def wanted_rows(pairs: dict[tuple[int, int], int]) -> dict[tuple[int, int], dict]:
    by_council, by_constituency = Counter(), Counter()
    for (council, constituency), count in pairs.items():
        by_council[council] += count
        by_constituency[constituency] += count
    return {
        (council, constituency): {
            "postcodes": count,
            "share_of_council": count / by_council[council],
            "share_of_constituency": count / by_constituency[constituency],
        }
        for (council, constituency), count in pairs.items()
    }


def build_overlaps() -> OverlapReport:
    """Recompute every council–constituency overlap and store the
    differences. Returns what changed."""
    started = time.monotonic()
    report = OverlapReport()
    with transaction.atomic():
        pairs = count_pairs()
        wanted = wanted_rows(pairs)
        existing = {
            (row.council_id, row.constituency_id): row
            for row in CouncilConstituency.objects.select_for_update()
        }
        report.changes = replace_rows(
            CouncilConstituency,
            lambda pair: {"council_id": pair[0], "constituency_id": pair[1]},
            FIELDS,
            existing,
            wanted,
        )
        content_changed()  # council pages list the constituencies they overlap
    report.pairs = len(wanted)
    report.councils = len({council for council, _ in wanted})
    report.constituencies = len({constituency for _, constituency in wanted})
    report.postcodes = sum(pairs.values())
    report.seconds = time.monotonic() - started
    return report
