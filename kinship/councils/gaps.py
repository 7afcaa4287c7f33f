"""Gap figures: for every council, how many children we estimate live in
kinship care there, how much support the directory lists for its area, and
how much of its kinship offer we could find.

Everything comes from a handful of grouped queries, never one a council.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy

from kinship.core.caching import cached_read
from kinship.councils.estimates import kinship_figure
from kinship.councils.models import LocalOffer
from kinship.directory.models import Service, ServiceAtLocation, public_rule
from kinship.places.maps import choropleth
from kinship.places.models import AreaPopulation, Council

GROUP_TERM = "peer-support-group"
# Sort keys for the table, by the query-string value that asks for them.
SORTS = ("name", "kinship", "groups", "services", "rate", "offer")


@dataclass
class GapRow:
    council: Council
    children: int | None
    kinship: int | None
    local_figure: bool
    groups: int
    services: int
    offer_found: int
    offer_items: int

    @property
    def groups_per_thousand(self) -> float | None:
        """Peer support groups per 1,000 children in kinship care."""
        if not self.kinship:
            return None
        return round(self.groups * 1000 / self.kinship, 2)

    def sort_key(self, by: str):
        # Missing figures sort last whichever way the column is sorted.
        value = {
            "name": self.council.name,
            "kinship": self.kinship,
            "groups": self.groups,
            "services": self.services,
            "rate": self.groups_per_thousand,
            "offer": self.offer_found,
        }[by]
        return (value is None, value if value is not None else 0, self.council.name)


def _population() -> dict[str, int]:
    rows = AreaPopulation.objects.filter(kind=AreaPopulation.Kind.COUNCIL)
    year = rows.aggregate(year=Max("year"))["year"]
    return dict(rows.filter(year=year).values_list("code", "age_0_17")) if year else {}


def _meeting_counts(groups: bool) -> dict[int, int]:
    """Local services meeting in each council: groups, or everything else."""
    links = ServiceAtLocation.objects.filter(
        public_rule("service__"),
        service__coverage=Service.Coverage.LOCAL,
        location__council__isnull=False,
    )
    if groups:
        links = links.filter(service__terms__slug=GROUP_TERM)
    else:
        links = links.exclude(service__terms__slug=GROUP_TERM)
    counted = links.values("location__council_id").annotate(n=Count("service_id", distinct=True))
    return {row["location__council_id"]: row["n"] for row in counted}


def _covering_counts() -> dict[int, int]:
    through = Service.councils.through.objects.filter(
        public_rule("service__"),
        service__coverage=Service.Coverage.COUNCIL,
        service__council_team_for__isnull=True,
    )
    counted = through.values("council_id").annotate(n=Count("service_id"))
    return {row["council_id"]: row["n"] for row in counted}


def gap_rows(sort: str = "name", descending: bool = False) -> list[GapRow]:
    """One row a council, sorted by ``sort`` (one of ``SORTS``)."""
    population = _population()
    offers = {offer.council_id: offer for offer in LocalOffer.objects.all()}
    groups, others, covering = _meeting_counts(True), _meeting_counts(False), _covering_counts()
    rows = []
    for council in Council.objects.select_related("country", "region"):
        offer = offers.get(council.pk)
        children = population.get(council.code)
        kinship, local = kinship_figure(children, offer)
        rows.append(
            GapRow(
                council=council,
                children=children,
                kinship=kinship,
                local_figure=local,
                groups=groups.get(council.pk, 0),
                services=others.get(council.pk, 0) + covering.get(council.pk, 0),
                offer_found=offer.score if offer else 0,
                offer_items=offer.out_of if offer else 0,
            )
        )
    sort = sort if sort in SORTS else "name"
    ordered = sorted(rows, key=lambda row: row.sort_key(sort))
    if descending:
        # Keep missing figures last: reverse only the rows that have one.
        known = [row for row in ordered if not row.sort_key(sort)[0]]
        unknown = [row for row in ordered if row.sort_key(sort)[0]]
        ordered = known[::-1] + unknown
    return ordered


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


# Column names: codes a spreadsheet or a program can rely on, in the
# language of the page the file was downloaded from (/cy/...csv: Welsh).
CSV_HEADER = [
    pgettext_lazy("spreadsheet column", "council_code"),
    pgettext_lazy("spreadsheet column", "council_name"),
    pgettext_lazy("spreadsheet column", "country"),
    pgettext_lazy("spreadsheet column", "region"),
    pgettext_lazy("spreadsheet column", "children_0_17"),
    pgettext_lazy("spreadsheet column", "kinship_children"),
    pgettext_lazy("spreadsheet column", "kinship_children_is_local_figure"),
    pgettext_lazy("spreadsheet column", "peer_support_groups"),
    pgettext_lazy("spreadsheet column", "other_services"),
    pgettext_lazy("spreadsheet column", "groups_per_1000_kinship_children"),
    pgettext_lazy("spreadsheet column", "local_offer_items_found"),
    pgettext_lazy("spreadsheet column", "local_offer_items_applying"),
]


def gaps_csv(rows: list[GapRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([str(heading) for heading in CSV_HEADER])
    for row in rows:
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                row.council.code,
                row.council.name,
                row.council.country.name,
                row.council.region.name,
                row.children,
                row.kinship,
                pgettext("spreadsheet value", "yes")
                if row.local_figure
                else pgettext("spreadsheet value", "no"),
                row.groups,
                row.services,
                row.groups_per_thousand,
                row.offer_found,
                row.offer_items,
            )
        )
    return out.getvalue()


@cached_read(
    depends_on=(
        "councils.LocalOffer",
        "directory.Service",
        "directory.ServiceAtLocation",
        "directory.Location",
        "directory.TaxonomyTerm",
        "places.AreaPopulation",
        "places.AreaShape",
        "places.Council",
    ),
    # The same map whatever order the rows are in: once per language.
    key=lambda rows: get_language(),
)
def gaps_map(rows: list[GapRow]) -> str:
    """The choropleth of groups per 1,000 children in kinship care, drawn
    once per language and kept in this process until the data changes."""
    return choropleth(
        "council",
        {row.council.code: row.groups_per_thousand for row in rows},
        title=gettext("Peer support groups per 1,000 children in kinship care, by council"),
        labels={row.council.code: row.council.name for row in rows},
        links={row.council.code: reverse("council", args=[row.council.code]) for row in rows},
        legend_title=gettext("Groups per 1,000 children in kinship care"),
        value_format=lambda value: f"{value:.2f}",
        map_id="gaps-map",
    )
