"""Every constituency's figures as CSV: one row a constituency, every
figure the pages show, with the sources in the methods note
(docs/how-to/constituencies.md). Cells a spreadsheet would run as a
formula are made text."""

from __future__ import annotations

import csv
import io

from kinship.constituencies.figures import AllSeats
from kinship.councils.gaps import spreadsheet_safe

CSV_HEADER = [
    "constituency_code",
    "constituency_name",
    "constituency_name_welsh",
    "country",
    "region",
    "children_0_17",
    "children_population_year",
    "kinship_children",
    "kinship_children_is_local_figure",
    "kinship_children_rank_national",
    "kinship_children_rank_in_region",
    "children_in_poverty_percent",
    "children_in_poverty_rank_national",
    "two_child_limit_percent",
    "food_banks",
    "peer_support_groups_listed",
    "other_services_listed",
    "councils",
    "mp_name",
    "mp_party",
    "mps_as_of",
]


def _rank(seat, key: str, regional: bool):
    rank = seat.ranks.get(key)
    if rank is None:
        return None
    return rank.regional if regional else rank.national


def constituencies_csv(figures: AllSeats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for seat in figures.in_order("name"):
        member = seat.member
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                seat.code,
                seat.name,
                seat.name_cy,
                seat.country,
                seat.region,
                seat.children,
                seat.children_year,
                seat.kinship,
                "yes" if seat.kinship_local else "no",
                _rank(seat, "kinship", False),
                _rank(seat, "kinship", True),
                seat.poverty,
                _rank(seat, "poverty", False),
                seat.two_child_limit,
                seat.food_banks,
                seat.groups,
                seat.services,
                "; ".join(
                    f"{overlap.name} ({round(overlap.share * 100)}%)" for overlap in seat.councils
                ),
                member.name if member else None,
                member.party_name if member else None,
                member.as_of.isoformat() if member else None,
            )
        )
    return out.getvalue()
