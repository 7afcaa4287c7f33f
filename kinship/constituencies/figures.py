"""Figures for every constituency in England and Wales, worked out together
in a handful of grouped queries and kept in this process until the data
changes.

How many children live in kinship care in a constituency is an estimate:
no official count exists below national level. We apply the share found
by the 2021 Census (1.1% of children aged 0 to 17, ONS, 26 September 2023)
to the constituency's children (ONS mid-2022 estimates), as the councils'
pages do. Added up, that lands between the Census count (about 121,000,
households of up to five people only) and the charity Kinship's best
estimate (over 141,000). How far a constituency's real number is from its
estimate is unknown: the pages say so in words rather than with a range
we could not stand behind.

Each figure is ranked nationally and within the constituency's region,
highest first (1st is the most children in kinship care, the highest share
of children in poverty, the most food banks). A constituency's region is
the region of the council holding most of its postcodes: since 2024,
constituencies in England do not cross regions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kinship.constituencies.models import ConstituencyFigures, MemberOfParliament
from kinship.core.caching import cached_read
from kinship.councils.estimates import (
    CENSUS_SHARE,
    CENSUS_SOURCE,
    kinship_figure,
    round_estimate,
)
from kinship.directory.models import Service, ServiceAtLocation, public_rule
from kinship.places.models import AreaPopulation, Constituency, CouncilConstituency, Postcode

# The Census count and the charity's best estimate of children in kinship
# care in England and Wales, which the pages compare our total with.
CENSUS_COUNT = 121_000
CHARITY_ESTIMATE = 141_000
GROUP_TERM = "peer-support-group"


@dataclass(frozen=True)
class Metric:
    """A figure the map can be coloured by and the table sorted by."""

    key: str
    label: str
    legend: str
    # Whether to rank it (1st = highest) and compare it with the region.
    ranked: bool = True
    percentage: bool = False


METRICS = {
    metric.key: metric
    for metric in (
        Metric(
            "kinship",
            _("Children in kinship care (estimate)"),
            _("Estimated children in kinship care"),
        ),
        Metric("children", _("Children aged 0 to 17"), _("Children aged 0 to 17")),
        Metric(
            "poverty",
            _("Children in poverty"),
            _("Share of children in poverty (%)"),
            percentage=True,
        ),
        Metric("food_banks", _("Food banks"), _("Food banks")),
        Metric(
            "groups",
            _("Peer support groups we list"),
            _("Peer support groups we list"),
            ranked=False,
        ),
    )
}


@dataclass
class Rank:
    """Where a figure stands: ``national`` of ``national_of`` across England
    and Wales, ``regional`` of ``regional_of`` in the region."""

    national: int
    national_of: int
    regional: int
    regional_of: int


@dataclass
class Overlap:
    code: str
    name: str
    share: float  # of the constituency's postcodes in use, 0 to 1


@dataclass
class Seat:
    """Everything we hold about one constituency."""

    code: str
    name: str
    name_cy: str
    country: str
    region_code: str
    region: str
    country_cy: str = ""
    children: int | None = None
    children_year: int | None = None
    kinship: int | None = None
    kinship_local: bool = False
    kinship_source: str = ""
    poverty: float | None = None
    two_child_limit: float | None = None
    poverty_source: str = ""
    poverty_year: int | None = None
    food_banks: int | None = None
    food_banks_source: str = ""
    groups: int = 0
    services: int = 0
    councils: list[Overlap] = field(default_factory=list)
    member: MemberOfParliament | None = None
    ranks: dict[str, Rank] = field(default_factory=dict)

    def value(self, key: str) -> float | None:
        """The figure a metric (``METRICS``) names: its key is the field."""
        return getattr(self, key)

    @property
    def display_name(self) -> str:
        if get_language() == "cy" and self.name_cy:
            return self.name_cy
        return self.name

    @property
    def country_name(self) -> str:
        """The country's name in the page's language."""
        if get_language() == "cy" and self.country_cy:
            return self.country_cy
        return self.country


@dataclass
class Comparison:
    """A figure for a group of constituencies (a region, or all of England
    and Wales): the total where counting makes sense, and the average."""

    name: str
    seats: int
    totals: dict[str, float] = field(default_factory=dict)
    averages: dict[str, float | None] = field(default_factory=dict)


@dataclass
class AllSeats:
    seats: dict[str, Seat]
    regions: dict[str, Comparison]
    national: Comparison
    national_estimate: int
    national_children: int
    population_year: int | None
    mps_as_of: date | None
    # The sources of the loaded figures, as the loader named them (the most
    # common, should a partial load have left two).
    poverty_source: str = ""
    poverty_year: int | None = None
    food_banks_source: str = ""
    # Where each metric's figures come from and when, in words, by key.
    sources: dict[str, str] = field(default_factory=dict)

    def in_order(self, key: str = "name", descending: bool = False) -> list[Seat]:
        """Every seat, by name or by a metric (missing figures last)."""
        seats = sorted(self.seats.values(), key=lambda seat: seat.name)
        if key not in METRICS:
            return seats[::-1] if descending else seats
        known = [seat for seat in seats if seat.value(key) is not None]
        unknown = [seat for seat in seats if seat.value(key) is None]
        known.sort(key=lambda seat: seat.value(key), reverse=descending)
        return known + unknown


def _population() -> tuple[dict[str, int], int | None]:
    rows = AreaPopulation.objects.filter(kind=AreaPopulation.Kind.CONSTITUENCY)
    year = rows.aggregate(year=Max("year"))["year"]
    if year is None:
        return {}, None
    return dict(rows.filter(year=year).values_list("code", "age_0_17")), year


def _overlaps() -> dict[int, list[tuple]]:
    """Each constituency's councils, largest share first, with region."""
    found = defaultdict(list)
    rows = CouncilConstituency.objects.values_list(
        "constituency_id",
        "council__code",
        "council__name_en",
        "share_of_constituency",
        "council__region__code",
        "council__region__name_en",
    ).order_by("constituency_id", "-share_of_constituency", "council__name_en")
    for constituency_id, *rest in rows:
        found[constituency_id].append(tuple(rest))
    return found


def _support_counts() -> tuple[dict[str, int], dict[str, int], dict[str, set]]:
    """Peer support groups and other local services meeting at a place in
    each constituency (by the location's postcode), and the services that
    cover each council, to be added for the councils a seat overlaps."""
    public = ServiceAtLocation.objects.filter(
        public_rule("service__"), service__coverage=Service.Coverage.LOCAL
    )
    rows = list(
        public.exclude(location__postcode="").values_list("location__postcode", "service_id")
    )
    groups = set(
        Service.objects.filter(terms__slug=GROUP_TERM).values_list("id", flat=True).distinct()
    )
    seat_of = dict(
        Postcode.objects.filter(postcode__in={postcode for postcode, _ in rows}).values_list(
            "postcode", "constituency__code"
        )
    )
    meeting_groups, meeting_others = defaultdict(set), defaultdict(set)
    for postcode, service_id in rows:
        seat = seat_of.get(postcode)
        if seat:
            (meeting_groups if service_id in groups else meeting_others)[seat].add(service_id)
    covering = defaultdict(set)
    through = Service.councils.through.objects.filter(
        public_rule("service__"),
        service__coverage=Service.Coverage.COUNCIL,
        service__council_team_for__isnull=True,
    ).values_list("council__code", "service_id")
    for council_code, service_id in through:
        covering[council_code].add(service_id)
    return (
        {code: len(ids) for code, ids in meeting_groups.items()},
        {code: len(ids) for code, ids in meeting_others.items()},
        covering,
    )


def _rank(seats: list[Seat], key: str) -> dict[str, int]:
    """Competition ranking, highest first: equal figures share a rank."""
    ordered = sorted(
        (seat for seat in seats if seat.value(key) is not None),
        key=lambda seat: seat.value(key),
        reverse=True,
    )
    ranks, previous, rank = {}, None, 0
    for position, seat in enumerate(ordered, start=1):
        if seat.value(key) != previous:
            rank, previous = position, seat.value(key)
        ranks[seat.code] = rank
    return ranks


def _compare(name: str, seats: list[Seat]) -> Comparison:
    """Totals of counts, and averages: shares weighted by children."""
    comparison = Comparison(name=name, seats=len(seats))
    for key, metric in METRICS.items():
        values = [(seat.value(key), seat.children) for seat in seats]
        known = [(value, children) for value, children in values if value is not None]
        if not known:
            comparison.averages[key] = None
            continue
        if metric.percentage:
            weights = sum(children or 0 for _, children in known)
            comparison.averages[key] = (
                sum(value * (children or 0) for value, children in known) / weights
                if weights
                else None
            )
        else:
            comparison.totals[key] = sum(value for value, _ in known)
            comparison.averages[key] = comparison.totals[key] / len(known)
    return comparison


def _compute() -> AllSeats:
    population, year = _population()
    overlaps = _overlaps()
    figures = {row.constituency_id: row for row in ConstituencyFigures.objects.all()}
    members = {row.constituency_id: row for row in MemberOfParliament.objects.all()}
    groups, others, covering = _support_counts()
    seats: dict[str, Seat] = {}
    unrounded = 0.0
    for constituency in Constituency.objects.select_related("country").order_by("name_en"):
        councils = overlaps.get(constituency.pk, [])
        region_code, region = (councils[0][3], councils[0][4]) if councils else ("", "")
        seat = Seat(
            code=constituency.code,
            name=constituency.name_en,
            name_cy=constituency.name_cy,
            country=constituency.country.name_en,
            country_cy=constituency.country.name_cy,
            region_code=region_code,
            region=region,
            councils=[Overlap(code, name, share) for code, name, share, *_ in councils],
            member=members.get(constituency.pk),
        )
        children = population.get(constituency.code)
        if children is not None:
            seat.children, seat.children_year = children, year
            unrounded += children * CENSUS_SHARE
        extra = figures.get(constituency.pk)
        seat.kinship, seat.kinship_local = kinship_figure(children, extra)
        if seat.kinship_local:
            seat.kinship_source = extra.kinship_children_source
        elif seat.kinship is not None:
            seat.kinship_source = CENSUS_SOURCE
        if extra:
            seat.poverty, seat.two_child_limit = extra.children_in_poverty, extra.two_child_limit
            seat.poverty_source, seat.poverty_year = extra.poverty_source, extra.poverty_year
            seat.food_banks, seat.food_banks_source = extra.food_banks, extra.food_banks_source
        seat.groups = groups.get(constituency.code, 0)
        covering_ids = set().union(
            *(covering.get(overlap.code, set()) for overlap in seat.councils)
        )
        seat.services = others.get(constituency.code, 0) + len(covering_ids)
        seats[seat.code] = seat

    by_region = defaultdict(list)
    for seat in seats.values():
        by_region[seat.region_code].append(seat)
    every = list(seats.values())
    for key, metric in METRICS.items():
        if not metric.ranked:
            continue
        national = _rank(every, key)
        regional = {code: _rank(members_, key) for code, members_ in by_region.items()}
        national_of = len(national)
        for seat in every:
            if seat.code in national:
                in_region = regional[seat.region_code]
                seat.ranks[key] = Rank(
                    national[seat.code], national_of, in_region[seat.code], len(in_region)
                )
    regions = {
        code: _compare(members_[0].region, members_) for code, members_ in by_region.items() if code
    }
    dates = [member.as_of for member in members.values()]

    def commonest(values, default=""):
        found = Counter(value for value in values if value)
        return found.most_common(1)[0][0] if found else default

    found = AllSeats(
        seats=seats,
        regions=regions,
        national=_compare(str(_("England and Wales")), every),
        national_estimate=round_estimate(unrounded),
        national_children=sum(population.get(code, 0) for code in seats),
        population_year=year,
        mps_as_of=max(dates) if dates else None,
        poverty_source=commonest(seat.poverty_source for seat in every),
        poverty_year=commonest((seat.poverty_year for seat in every), None),
        food_banks_source=commonest(seat.food_banks_source for seat in every),
    )
    found.sources = _sources(found)
    return found


def _sources(figures: AllSeats) -> dict[str, str]:
    """Where each metric's figures come from and when, in words, by key:
    the dates come from the loaded data (the population's year, the
    sources the loader stored), never from here. A metric whose figures
    are not loaded has no source."""
    sources = {"groups": str(_("Peer support groups listed on this site"))}
    if figures.population_year:
        year = figures.population_year
        sources["kinship"] = str(_("Our estimate, mid-%(year)s (Census 2021, ONS)")) % {
            "year": year
        }
        sources["children"] = str(_("ONS, mid-%(year)s")) % {"year": year}
    if figures.poverty_source:
        sources["poverty"] = figures.poverty_source
    if figures.food_banks_source:
        sources["food_banks"] = figures.food_banks_source
    return sources


def all_seats() -> AllSeats:
    """Figures for every constituency, worked out once in this process (in
    each language) and kept until the data changes."""
    return _all_seats(get_language())


# What the figures are worked out from.
FIGURES_MODELS = (
    "constituencies.ConstituencyFigures",
    "constituencies.MemberOfParliament",
    "councils.LocalOffer",
    "directory.Service",
    "directory.ServiceAtLocation",
    "places.AreaPopulation",
    "places.Constituency",
    "places.CouncilConstituency",
    "places.Postcode",
)


@cached_read(depends_on=FIGURES_MODELS)
def _all_seats(language: str) -> AllSeats:
    return _compute()


def seat(code: str) -> Seat | None:
    return all_seats().seats.get((code or "").strip().upper())
