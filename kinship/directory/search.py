"""Search: the services around a place, in the sections the finder shows.

``search(place, ...)`` answers with the council's own kinship team, the
services covering the place's council, local services near the postcode by
distance, and national services covering its country. Each result says why
it is shown and, for groups, when they next meet.

It is written for a directory of 100,000 services: locations are found by
a latitude and longitude box (its corners cut off) on an index, distances
worked out in Python, and related rows fetched once for the results shown,
never per result, with only the columns a result shows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kinship.core.caching import cached_read
from kinship.core.time import UK_TIME
from kinship.directory import queries
from kinship.directory.models import Audience, Service
from kinship.directory.schedules import ENGLAND, WALES, next_meeting, open_until
from kinship.places.geometry import box_around, nearest

# The near section looks within 10 miles, then further in these steps until
# it has found enough to be useful.
RADIUS_STEPS_MILES = (10, 20, 30, 50)
ENOUGH_NEAR = 5
# Smaller boxes tried first: in a city the nearest results are found long
# before 10 miles, and a smaller box reads far fewer rows.
_PROBE_MILES = (1, 3)
SECTION_LIMIT = 20

DELIVERY_VALUES = tuple(queries.DELIVERY_FIELDS)
COVERED_COUNTRIES = (ENGLAND, WALES)


@dataclass
class Result:
    """One service shown, with why (``reason``, translated) and, for near
    results, its nearest ``location`` and ``distance_miles`` (1 decimal)."""

    service: Service
    reason: str
    distance_miles: float | None = None
    location: object = None
    # When it next meets or, for a phone line (``keeps_opening_hours``),
    # next opens; and when a phone line open now closes.
    next_meeting: datetime | None = None
    open_until: datetime | None = None
    temporarily_closed: bool = False
    # The service's schedules, fetched once for all results.
    schedules: list = field(default_factory=list)

    @property
    def changes_at(self) -> datetime | None:
        """When what the result says about its times stops being true."""
        return self.open_until or self.next_meeting


@dataclass
class Results:
    """Everything ``search`` found for a place, by section."""

    place: object
    council: list[Result] = field(default_factory=list)
    near: list[Result] = field(default_factory=list)
    near_radius_miles: int = RADIUS_STEPS_MILES[0]
    national: list[Result] = field(default_factory=list)
    council_team: Service | None = None

    def __iter__(self):
        """Every result, section by section."""
        yield from self.council
        yield from self.near
        yield from self.national


def _service_filter(needs, delivery, interests) -> queries.ServiceFilter:
    """The chosen filters, already cleaned (``finder.forms.FilterForm``), as
    conditions on services. A value that is not a known term slug or way of
    getting help is a mistake of the caller's."""
    needs, interests = list(needs or ()), list(interests or ())
    term_ids = queries.known_term_ids([*needs, *interests])
    unknown = [slug for slug in (*needs, *interests) if slug not in term_ids]
    if unknown:
        raise ValueError(f"not known taxonomy terms: {unknown!r}")
    groups = [[term_ids[slug] for slug in chosen] for chosen in (needs, interests)]
    return queries.ServiceFilter(groups, delivery or None)


def _is_closed(service: Service) -> bool:
    return service.status == Service.Status.TEMPORARILY_CLOSED


class _DistanceWords:
    """How far away a result is, in words: the translations are looked up
    once for a whole search, not once for each result."""

    def __init__(self):
        self.under = _("Less than 0.1 miles away")
        self.one = _("1 mile away")
        self.many = _("%(miles)s miles away")

    def __call__(self, miles: float) -> str:
        shown = f"{miles:.1f}"
        if shown == "0.0":
            return self.under
        if shown == "1.0":
            return self.one
        return self.many % {"miles": shown}


def _national_words(service: Service, country_codes) -> str:
    """Why a national service is shown, in plain words: who it is for,
    where, and how to reach it ("For kinship carers in England and Wales,
    by phone and online.")."""
    return _national_reason(
        get_language(),
        service.audience,
        frozenset(country_codes),
        service.by_phone,
        service.online,
        service.in_person,
    )


@functools.lru_cache(maxsize=256)
def _national_reason(language, audience, country_codes, by_phone, online, in_person) -> str:
    # Kept by everything the words depend on: a dozen translations a
    # service cost more than the rest of its result.
    who = {
        Audience.KINSHIP_CARERS: _("For kinship carers"),
        Audience.PARENTS_AND_CARERS: _("For parents and carers"),
        Audience.CHILDREN: _("For children and young people"),
    }.get(audience, _("For everyone"))
    if {ENGLAND, WALES} <= country_codes:
        where = _("in England and Wales")
    elif WALES in country_codes:
        where = _("in Wales")
    else:
        where = _("in England")
    ways = [
        way
        for offered, way in (
            (by_phone, _("by phone")),
            (online, _("online")),
            (in_person, _("in person")),
        )
        if offered
    ]
    if not ways:
        return _("%(who)s %(where)s.") % {"who": who, "where": where}
    how = (
        ways[0]
        if len(ways) == 1
        else _("%(some)s and %(last)s")
        % {
            "some": ", ".join(ways[:-1]),
            "last": ways[-1],
        }
    )
    return _("%(who)s %(where)s, %(how)s.") % {"who": who, "where": where, "how": how}


def _nearest_services(place, where):
    """{service id: (miles, location id)} for the nearest location of each
    local service, and the radius in miles that was searched."""
    found: dict = {}
    for miles in (*_PROBE_MILES, *RADIUS_STEPS_MILES):
        found = {}
        points = queries.local_service_points(*box_around(place.lat, place.long, miles), where)
        # Nearest first, so the first location seen of a service is its nearest.
        for distance, (_lat, _long, location_id, service_id) in nearest(
            place.lat, place.long, points, within_miles=miles
        ):
            if service_id not in found:
                found[service_id] = (distance, location_id)
        if miles < RADIUS_STEPS_MILES[0]:
            # Enough to fill the section this close: nothing further away
            # can displace them, and they are all within the first step.
            if len(found) >= SECTION_LIMIT:
                return found, RADIUS_STEPS_MILES[0]
        elif len(found) >= ENOUGH_NEAR:
            return found, miles
    return found, RADIUS_STEPS_MILES[-1]


def _nearest(place, where):
    """[(service id, miles, location id)] nearest first, at most a section's
    worth, and the radius in miles that was searched."""
    found, radius = _nearest_services(place, where)
    # Already nearest first: dicts keep the order services were first seen in.
    nearest_first = list(found.items())[:SECTION_LIMIT]
    as_uuid = queries.as_uuid
    return [(as_uuid(sid), miles, as_uuid(lid)) for sid, (miles, lid) in nearest_first], radius


def _meeting_country(result: Result, place) -> str:
    """Whose bank holidays a group keeps: its location's country, else the
    searcher's."""
    code = getattr(result.location, "council_code", None)
    if code:
        # A council's GSS code starts with its country's letter.
        return WALES if code.startswith("W") else ENGLAND
    return place.country.code


@dataclass(frozen=True)
class _Shown:
    """A service as a section shows it, with what is fetched for it once:
    its schedules and (for national services) the countries it covers."""

    service: Service
    schedules: list
    countries: frozenset = frozenset()


def _shown(service_ids, with_countries: bool = False) -> dict:
    """{id: ``_Shown``} for the services with these ids (UUIDs), in the
    same order, each with its schedules: one query each, whatever the
    number of services."""
    services = queries.services_by_id(service_ids)
    ids = list(services)
    schedules = queries.schedules_by_service(ids)
    countries = queries.country_codes_by_service(ids) if with_countries else {}
    return {
        service_id: _Shown(
            services[service_id],
            schedules.get(service_id, []),
            frozenset(countries.get(service_id, ())),
        )
        for service_id in service_ids
        if service_id in services
    }


# What a search shows of services: its sections' reads depend on these.
SHOWN_MODELS = (
    "directory.Service",
    "directory.Schedule",
    "directory.TaxonomyTerm",
    "directory.Taxonomy",
    "places.Country",
)


@cached_read(depends_on=SHOWN_MODELS)
def _council_section(council_id: int, where: queries.ServiceFilter):
    """(the council's own team or ``None``, [services covering the
    council]) as ``_Shown``. The same for everyone in the council, so kept
    in the process until the data changes."""
    team_id = queries.council_team_id(council_id)
    ids = queries.council_service_ids(council_id, where, SECTION_LIMIT)
    shown = _shown([*ids, *([team_id] if team_id else [])])
    team = shown.pop(team_id, None) if team_id else None
    return team, list(shown.values())


@cached_read(depends_on=SHOWN_MODELS)
def _national_section(country_code: str, where: queries.ServiceFilter) -> list[_Shown]:
    """The national services covering a country, as ``_Shown``: the same
    for everyone in it, so kept in the process until the data changes."""
    ids = queries.national_service_ids(country_code, where, SECTION_LIMIT)
    return list(_shown(ids, with_countries=True).values())


def _result(shown: _Shown, reason: str, **extra) -> Result:
    return Result(
        shown.service,
        reason,
        schedules=shown.schedules,
        temporarily_closed=_is_closed(shown.service),
        **extra,
    )


def _add_next_meetings(results: Results, after: datetime):
    for result in results:
        if result.schedules:
            country = _meeting_country(result, results.place)
            if result.service.keeps_opening_hours:
                result.open_until = open_until(result.schedules, after, country)
                if result.open_until:
                    continue
            result.next_meeting = next_meeting(result.schedules, after, country)


def _start_of_search(today: date | None) -> datetime:
    if today is None:
        return timezone.now()
    return datetime.combine(today, time(0, 0), tzinfo=UK_TIME)


def search(place, needs=(), delivery=None, interests=(), today: date | None = None) -> Results:
    """The services for someone at ``place`` (a ``places.lookup.Place``),
    in sections:

    - ``council_team``: the council's own kinship team, whatever the filters;
    - ``council``: services covering the place's council;
    - ``near``: local services with a location within 10 miles, looking
      further (20, 30, 50 miles) until at least 5 are found, nearest first,
      each with its nearest location and distance; ``near_radius_miles``
      says how far it looked;
    - ``national``: national services covering the place's country.

    ``needs`` and ``interests`` are taxonomy term slugs (a service needs any
    one of the needs, and any one of the interests); ``delivery`` is
    "in_person", "online" or "phone". They are cleaned values (as
    ``finder.forms.FilterForm`` gives them): anything else is a
    ``ValueError``. Temporarily closed services come last in
    their section, flagged; inactive and defunct ones never appear. Next
    meetings are counted from the start of ``today`` if given, else from now.
    """
    results = Results(place=place)
    where = _service_filter(needs, delivery, interests)
    if place.country.code not in COVERED_COUNTRIES:
        return results

    team, council = _council_section(place.council_id, where)
    national = _national_section(place.country.code, where)
    nearest, results.near_radius_miles = _nearest(place, where)
    near = _shown([service_id for service_id, _m, _l in nearest])
    locations = queries.locations_by_id([location_id for _s, _m, location_id in nearest])

    results.council_team = team.service if team else None
    reason = _("Covers %(council)s") % {"council": place.council.local_name}
    results.council = [_result(shown, reason) for shown in council]
    distance_words = _DistanceWords()
    for service_id, miles, location_id in nearest:
        if shown := near.get(service_id):
            results.near.append(
                _result(
                    shown,
                    distance_words(miles),
                    distance_miles=round(miles, 1),
                    location=locations.get(location_id),
                )
            )
    results.near.sort(key=lambda result: result.temporarily_closed)  # stable: by distance
    for shown in national:
        results.national.append(_result(shown, _national_words(shown.service, shown.countries)))

    _add_next_meetings(results, _start_of_search(today))
    return results
