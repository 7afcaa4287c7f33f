"""Every constituency's figures as CSV: one row a constituency, every
figure the pages show, with the sources in the methods note
(docs/how-to/constituencies.md). Cells a spreadsheet would run as a
formula are made text."""

from __future__ import annotations

import csv
import io

from django.utils.translation import pgettext, pgettext_lazy

from kinship.constituencies.figures import AllSeats
from kinship.councils.gaps import spreadsheet_safe

# Column names: codes a spreadsheet or a program can rely on, in the
# language of the page the file was downloaded from (/cy/...csv: Welsh).
CSV_HEADER = [
    pgettext_lazy("spreadsheet column", "constituency_code"),
    pgettext_lazy("spreadsheet column", "constituency_name"),
    pgettext_lazy("spreadsheet column", "constituency_name_welsh"),
    pgettext_lazy("spreadsheet column", "country"),
    pgettext_lazy("spreadsheet column", "region"),
    pgettext_lazy("spreadsheet column", "children_0_17"),
    pgettext_lazy("spreadsheet column", "children_population_year"),
    pgettext_lazy("spreadsheet column", "kinship_children"),
    pgettext_lazy("spreadsheet column", "kinship_children_is_local_figure"),
    pgettext_lazy("spreadsheet column", "kinship_children_rank_national"),
    pgettext_lazy("spreadsheet column", "kinship_children_rank_in_region"),
    pgettext_lazy("spreadsheet column", "children_in_poverty_percent"),
    pgettext_lazy("spreadsheet column", "children_in_poverty_rank_national"),
    pgettext_lazy("spreadsheet column", "two_child_limit_percent"),
    pgettext_lazy("spreadsheet column", "food_banks"),
    pgettext_lazy("spreadsheet column", "peer_support_groups_listed"),
    pgettext_lazy("spreadsheet column", "other_services_listed"),
    pgettext_lazy("spreadsheet column", "councils"),
    pgettext_lazy("spreadsheet column", "mp_name"),
    pgettext_lazy("spreadsheet column", "mp_party"),
    pgettext_lazy("spreadsheet column", "mps_as_of"),
]


def _rank(seat, key: str, regional: bool):
    rank = seat.ranks.get(key)
    if rank is None:
        return None
    return rank.regional if regional else rank.national


def constituencies_csv(figures: AllSeats) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(heading) for heading in CSV_HEADER])
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
                pgettext("spreadsheet value", "yes")
                if seat.kinship_local
                else pgettext("spreadsheet value", "no"),
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
