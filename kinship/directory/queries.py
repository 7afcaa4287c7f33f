"""Read-only querysets for the directory. Nothing here writes."""

from __future__ import annotations

import time

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from kinship.directory.models import Location, Schedule, Service, TaxonomyTerm

# Never shown to the public. Written as an exclusion (NOT IN) on purpose:
# nearly every service is public, so the status index would be a poor way
# in, and a database without statistics takes "status IN (...)" as one.
HIDDEN_STATUSES = (Service.Status.INACTIVE, Service.Status.DEFUNCT)

# Which Service field each way of getting help is recorded in.
DELIVERY_FIELDS = {"in_person": "in_person", "online": "online", "phone": "by_phone"}


def public_services() -> QuerySet[Service]:
    """Services the public may see: everything but inactive and defunct."""
    return Service.objects.exclude(status__in=HIDDEN_STATUSES)


def open_first(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Order services open first, temporarily closed last, then by name."""
    closed_last = Case(
        When(status=Service.Status.TEMPORARILY_CLOSED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return queryset.order_by(closed_last, "name")


def known_term_ids(slugs) -> dict[str, object]:
    """The ids of the taxonomy terms with these slugs, by slug; slugs we do
    not know are simply missing from the answer."""
    slugs = [slug for slug in slugs if isinstance(slug, str)]
    if not slugs:
        return {}
    return dict(TaxonomyTerm.objects.filter(slug__in=slugs).values_list("slug", "id"))


def services_with_terms(term_ids) -> QuerySet:
    """The ids of services tagged with any of these terms (for ``__in``)."""
    return Service.terms.through.objects.filter(taxonomyterm_id__in=term_ids).values("service_id")


def schedules_by_service(service_ids) -> dict:
    """{service id: [Schedule, ...]} for these services, in one query."""
    grouped: dict = {}
    for schedule in Schedule.objects.filter(service_id__in=service_ids):
        grouped.setdefault(schedule.service_id, []).append(schedule)
    return grouped


def terms_by_service(service_ids) -> dict:
    """{service id: [TaxonomyTerm, ...]} for these services, in one query
    for the links; the terms themselves come from a small in-process cache."""
    links = Service.terms.through.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "taxonomyterm_id"
    )
    grouped: dict = {}
    for service_id, term_id in links:
        term = _terms.get(term_id)
        if term is not None:
            grouped.setdefault(service_id, []).append(term)
    for terms in grouped.values():
        terms.sort(key=lambda term: (term.position, term.name))
    return grouped


def country_codes_by_service(service_ids) -> dict:
    """{service id: {GSS code, ...}} of the countries these services cover."""
    grouped: dict = {}
    rows = Service.countries.through.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "country__code"
    )
    for service_id, code in rows:
        grouped.setdefault(service_id, set()).add(code)
    return grouped


class _TermCache:
    """Taxonomy terms are few (dozens) and change rarely: each process keeps
    them, reading them again every few minutes or when it meets a new one."""

    SECONDS = 300

    def __init__(self):
        self._terms: dict = {}
        self._loaded_at = -self.SECONDS

    def get(self, term_id):
        if time.monotonic() - self._loaded_at >= self.SECONDS or term_id not in self._terms:
            self._terms = {term.id: term for term in TaxonomyTerm.objects.all()}
            self._loaded_at = time.monotonic()
        return self._terms.get(term_id)


_terms = _TermCache()


def council_services(council_id: int) -> QuerySet[Service]:
    """Public services whose coverage is a set of council areas including
    this council."""
    covering = Service.councils.through.objects.filter(council_id=council_id).values("service_id")
    return public_services().filter(coverage=Service.Coverage.COUNCIL, id__in=covering)


def national_services(country_code: str) -> QuerySet[Service]:
    """Public national services covering the country with this GSS code."""
    covering = Service.countries.through.objects.filter(country__code=country_code).values(
        "service_id"
    )
    return public_services().filter(coverage=Service.Coverage.NATIONAL, id__in=covering)


def council_team(council_id: int) -> Service | None:
    """The council's own kinship team, if we hold it and it is public."""
    return public_services().filter(council_team_for_id=council_id).first()


def local_service_points(south, north, west, east, filters=()) -> list[tuple]:
    """(latitude, longitude, location id, service id) for every physical
    location inside the box, once per public local service held there.

    Only locations with a council count: a council is only ever one of
    England and Wales's, so nothing outside them is found. ``filters`` are
    extra conditions on the service: (lookup, value) pairs as for ``Service``.
    """
    conditions = [Q(services_here__service__coverage=Service.Coverage.LOCAL)]
    conditions += [Q(**{f"services_here__service__{name}": value}) for name, value in filters]
    # One filter() call, so every condition is on the same service row.
    queryset = Location.objects.filter(
        *conditions,
        location_type=Location.Type.PHYSICAL,
        council__isnull=False,
        latitude__range=(south, north),
        longitude__range=(west, east),
    ).values_list(
        "latitude", "longitude", "id", "services_here__service_id", "services_here__service__status"
    )
    # A box in a city holds hundreds of rows, of which a few are shown: run
    # the SQL directly so ids stay as the database gives them rather than
    # being turned into UUID objects row by row. The status is checked here
    # rather than in SQL so that the database always starts from the
    # location index (nearly every service is public).
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[:4] for row in cursor.fetchall() if row[4] not in HIDDEN_STATUSES]
