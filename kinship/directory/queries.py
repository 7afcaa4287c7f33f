"""Read-only queries for the directory. Nothing here writes.

Which services the public may see, and in what order, is
``Service.objects`` (``ServiceQuerySet``): every query here starts from it.
The search path (``local_service_points`` and the ``*_by_service``
functions) runs on every finder page; it reads only the columns a result
shows and never one row at a time.
"""

from __future__ import annotations

import uuid

from django.db.models import F, QuerySet

from kinship.core.caching import kept
from kinship.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    bands_between,
    latitude_band,
)

# Which Service column each way of getting help is recorded in.
DELIVERY_FIELDS = {"in_person": "in_person", "online": "online", "phone": "by_phone"}


def as_uuid(value) -> uuid.UUID:
    """An id as the database gave it, as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


# What search shows of a service and of a location (``result_item`` and the
# finder's sections): only these columns are read. As with any ``.only()``,
# Django reads another field from the database if anything asks for it.
SHOWN_SERVICE_FIELDS = (
    "id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "last_checked",
    "is_sample",
)
SHOWN_LOCATION_FIELDS = ("id", "name", "address_1", "city", "postcode", "latitude", "longitude")


def known_term_ids(slugs) -> dict[str, uuid.UUID]:
    """The ids of the taxonomy terms with these slugs, by slug; slugs we do
    not know are simply missing from the answer."""
    wanted = {slug for slug in slugs if isinstance(slug, str)}
    if not wanted:
        return {}
    return {term.slug: key for key, term in _all_terms().items() if term.slug in wanted}


class ServiceFilter:
    """The filters chosen, as conditions on services.

    ``term_groups`` is a list of lists of term ids: a service must have at
    least one term from each group. ``delivery`` is a key of
    ``DELIVERY_FIELDS`` or ``None``.
    """

    def __init__(self, term_groups=(), delivery: str | None = None):
        self.term_groups = [list(group) for group in term_groups if group]
        if delivery is not None and delivery not in DELIVERY_FIELDS:
            raise ValueError(f"not a way of getting help: {delivery!r}")
        self.delivery = delivery

    def __bool__(self) -> bool:
        return bool(self.term_groups or self.delivery)

    def key(self) -> tuple:
        """The filter as a hashable value, for keying what it found."""
        return (tuple(tuple(sorted(map(str, group))) for group in self.term_groups), self.delivery)

    def apply(self, services: QuerySet[Service]) -> QuerySet[Service]:
        """``services`` narrowed to those the filter lets through."""
        linked = Service.terms.through.objects
        for group in self.term_groups:
            services = services.filter(
                id__in=linked.filter(taxonomyterm_id__in=group).values("service_id")
            )
        if self.delivery:
            services = services.filter(**{DELIVERY_FIELDS[self.delivery]: True})
        return services


def council_team_id(council_id: int) -> uuid.UUID | None:
    """The id of the council's own kinship team, if we hold it and it is
    public (else ``None``)."""
    teams = Service.objects.public().filter(council_team_for_id=council_id)
    return teams.values_list("pk", flat=True).first()


def council_service_ids(council_id: int, where: ServiceFilter, limit: int) -> list[uuid.UUID]:
    """Ids of public services covering this council (its team left out),
    open first, then by name."""
    covering = Service.objects.public().covering(council_id).exclude(council_team_for_id=council_id)
    return list(where.apply(covering).open_first().values_list("pk", flat=True)[:limit])


def national_service_ids(country_code: str, where: ServiceFilter, limit: int) -> list[uuid.UUID]:
    """Ids of public national services covering the country with this GSS
    code, open first, then by name."""
    national = Service.objects.public().national_for(country_code)
    return list(where.apply(national).open_first().values_list("pk", flat=True)[:limit])


def local_service_points(south, north, west, east, where: ServiceFilter) -> list[tuple]:
    """(latitude, longitude, location id, service id) for every physical
    location inside the ellipse that just fits in the box, once per public
    local service held there that the filter lets through.

    Only locations with a council count: a council is only ever one of
    England and Wales's, so nothing outside them is found. The box is found
    on the (latitude band, longitude) index: one short run for each band.
    The ellipse is checked on the index too, before anything else is read:
    ``places.geometry.box_around`` makes a box whose ellipse holds its
    circle.
    """
    middle_lat, middle_long = (south + north) / 2, (west + east) / 2
    # Scales making the ellipse a circle of radius 1.
    lat_scale, long_scale = 4 / (north - south) ** 2, 4 / (east - west) ** 2
    north_south = F("location__latitude") - middle_lat
    east_west = F("location__longitude") - middle_long
    links = (
        ServiceAtLocation.objects.alias(band=latitude_band("location__latitude"))
        .filter(
            band__in=bands_between(south, north),
            location__longitude__range=(west, east),
            location__latitude__range=(south, north),
        )
        .alias(ellipse=(north_south * north_south * lat_scale + east_west * east_west * long_scale))
        .filter(
            ellipse__lte=1.0,
            location__location_type=Location.Type.PHYSICAL,
            location__council__isnull=False,
        )
        .order_by()
        .values_list("location__latitude", "location__longitude", "location_id", "service_id")
    )
    rows = list(links)
    # Whether a service is public and local is checked here, not in the
    # database, so that the database always starts from the location index
    # and need not look up each service when there are no filters.
    left_out = _not_public_local()
    rows = [row for row in rows if row[3] not in left_out]
    if where and rows:
        allowed = set(
            where.apply(Service.objects.filter(pk__in={row[3] for row in rows})).values_list(
                "pk", flat=True
            )
        )
        rows = [row for row in rows if row[3] in allowed]
    return rows


def _not_public_local() -> frozenset:
    """The ids of the services that are not public local ones (national
    and council-wide services, inactive and defunct ones): few, and kept in
    the process until the data changes."""

    def fetch():
        public_local = Service.objects.public().filter(coverage=Service.Coverage.LOCAL)
        return frozenset(
            Service.objects.exclude(pk__in=public_local.values("pk")).values_list("pk", flat=True)
        )

    return kept("not-public-local-services", fetch)


def services_by_id(ids) -> dict:
    """{id: Service} for these ids, with the fields a result shows
    (``SHOWN_SERVICE_FIELDS``), in one query."""
    if not ids:
        return {}
    return Service.objects.only(*SHOWN_SERVICE_FIELDS).order_by().in_bulk(ids)


def locations_by_id(ids) -> dict:
    """{id: Location} for these ids, with the fields a result shows
    (``SHOWN_LOCATION_FIELDS``) and ``council_code`` (the GSS code of its
    council, or ``None``), in one query."""
    if not ids:
        return {}
    return (
        Location.objects.only(*SHOWN_LOCATION_FIELDS)
        .annotate(council_code=F("council__code"))
        .in_bulk(ids)
    )


def schedules_by_service(service_ids) -> dict:
    """{service id: [Schedule, ...]} for these services, in one query."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    for schedule in Schedule.objects.filter(service_id__in=service_ids).order_by():
        grouped.setdefault(schedule.service_id, []).append(schedule)
    return grouped


def terms_by_service(service_ids) -> dict:
    """{service id: [TaxonomyTerm, ...]} for these services: one query for
    the links; the terms themselves come from a small in-process cache."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    links = Service.terms.through.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "taxonomyterm_id"
    )
    known = _all_terms()
    for service_id, term_id in links:
        term = known.get(term_id)
        if term is not None:
            grouped.setdefault(service_id, []).append(term)
    for terms in grouped.values():
        terms.sort(key=lambda term: (term.position, term.name))
    return grouped


def country_codes_by_service(service_ids) -> dict:
    """{service id: {GSS code, ...}} of the countries these services cover."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    links = Service.countries.through.objects.filter(service_id__in=service_ids).values_list(
        "service_id", "country__code"
    )
    for service_id, code in links:
        grouped.setdefault(service_id, set()).add(code)
    return grouped


def _all_terms() -> dict:
    """{id: TaxonomyTerm}, each with its ``taxonomy``: few (dozens) and
    rarely changed, so kept in the process until the data changes."""
    return kept(
        "taxonomy-terms",
        lambda: TaxonomyTerm.objects.select_related("taxonomy").in_bulk(),
    )


def terms_in(taxonomy_slug: str) -> list[TaxonomyTerm]:
    """The terms of one taxonomy, in their order (kept in the process)."""

    def in_order():
        found = [term for term in _all_terms().values() if term.taxonomy.slug == taxonomy_slug]
        return sorted(found, key=lambda term: (term.position, term.name))

    return kept(("terms-in", taxonomy_slug), in_order)
