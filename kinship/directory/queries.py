"""Read-only queries for the directory. Nothing here writes.

Which services the public may see, and in what order, is
``Service.objects`` (``ServiceQuerySet``): every query here starts from it.

The search path (``local_service_points``, ``services_by_id``,
``locations_by_id`` and ``schedules_by_service``) runs on every finder
page, and there the ORM's cost of building each query was measured to be
more than the whole of the query (figures beside each one). Those four
send fixed SQL, which holds no rule about which services are public (they
read rows by id, or leave services out by the kept ``_not_public_local``,
which the queryset answers); the two that return model instances have
Django make them with ``Model.from_db``, and a location is plain values. The SQL is plain
enough for SQLite and PostgreSQL alike, and only placeholders ("%s") are
ever added to its text, never a value (hence the "noqa: S608" marks).
Everything else, kept in the process between searches, is the ORM.
"""

from __future__ import annotations

import uuid
from typing import NamedTuple

from django.db import connection
from django.db.models import QuerySet

from kinship.core.caching import cached_read
from kinship.directory.models import (
    LATITUDE_BANDS_PER_DEGREE,
    Schedule,
    Service,
    TaxonomyTerm,
    bands_between,
)
from kinship.directory.services import OUR_ORGANISATION_ID

# Which Service column each way of getting help is recorded in.
DELIVERY_FIELDS = {"in_person": "in_person", "online": "online", "phone": "by_phone"}


def as_uuid(value) -> uuid.UUID:
    """An id as the database gave it, as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _db_ids(values) -> list:
    """Ids as the database takes and gives them to fixed SQL: UUIDs where
    the database has a UUID type (PostgreSQL), else 32 hex characters
    (SQLite)."""
    if connection.features.has_native_uuid_field:
        return [as_uuid(value) for value in values]
    return [
        value.hex
        if isinstance(value, uuid.UUID)
        else value
        if isinstance(value, str) and len(value) == 32
        else as_uuid(value).hex
        for value in values
    ]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _columns(alias: str, names) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(name)}" for name in names)


# What search shows of a service (``result_items`` and the finder's
# sections): only these columns are read. As with any ``.only()``,
# Django reads another field from the database if anything asks for it.
SHOWN_SERVICE_FIELDS = (
    "id",
    "name_en",
    "name_cy",
    "description_en",
    "description_cy",
    "url",
    "email",
    "status",
    "last_checked",
    "is_sample",
    "audience",
    "by_phone",
    "online",
    "in_person",
)


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

    # Equal filters find the same services: cached reads are keyed on them.
    def __eq__(self, other) -> bool:
        return isinstance(other, ServiceFilter) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())

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
    code, most useful to a kinship carer first (``useful_first``)."""
    national = Service.objects.public().national_for(country_code)
    useful = where.apply(national).useful_first(ours=OUR_ORGANISATION_ID)
    return list(useful.values_list("pk", flat=True)[:limit])


# The location_band index's expression, as the database will recognise it.
_BAND_SQL = f"CAST((l.latitude * {LATITUDE_BANDS_PER_DEGREE}) AS integer)"


def local_service_points(south, north, west, east, where: ServiceFilter) -> list[tuple]:
    """(latitude, longitude, location id, service id) for every physical
    location inside the ellipse that just fits in the box, once per public
    local service held there that the filter lets through. Ids are as the
    database gives them (text on SQLite, UUIDs on PostgreSQL): hundreds of
    rows come back, of which a section's worth are shown.

    Only locations with a council count: a council is only ever one of
    England and Wales's, so nothing outside them is found. The box is found
    on the (latitude band, longitude) index: one short run for each band.
    The ellipse is checked on the index too, before anything else is read:
    ``places.geometry.box_around`` makes a box whose ellipse holds its
    circle.

    Fixed SQL, not the ORM: through the ORM (the same query, the same plan
    on the index) this took a median of 5.3 ms against 1.0 ms at 100,000
    services, 3-mile boxes, about 340 rows each (2026-12-07, SQLite, on a
    shared and busy machine): building the query and turning every id into
    a UUID cost more than the query.
    """
    bands = bands_between(south, north)
    middle_lat, middle_long = (south + north) / 2, (west + east) / 2
    # Scales making the ellipse a circle of radius 1.
    lat_scale, long_scale = 4 / (north - south) ** 2, 4 / (east - west) ** 2
    sql = (
        "SELECT l.latitude, l.longitude, l.id, sal.service_id FROM directory_location l "  # noqa: S608
        "JOIN directory_serviceatlocation sal ON sal.location_id = l.id "
        f"WHERE {_BAND_SQL} IN ({_placeholders(bands)}) "
        "AND l.longitude BETWEEN %s AND %s AND l.latitude BETWEEN %s AND %s "
        "AND (l.latitude - %s) * (l.latitude - %s) * %s "
        "+ (l.longitude - %s) * (l.longitude - %s) * %s <= 1 "
        "AND l.location_type = 'physical' AND l.council_id IS NOT NULL"
    )
    ellipse = [middle_lat, middle_lat, lat_scale, middle_long, middle_long, long_scale]
    rows = _rows(sql, [*bands, west, east, south, north, *ellipse])
    # Whether a service is public and local is checked here, not in the
    # database, so that the database always starts from the location index
    # and need not look up each service.
    left_out = _not_public_local()
    rows = [row for row in rows if row[3] not in left_out]
    if where and rows:
        # The filters: asked of the services found, by the ORM.
        found = {as_uuid(row[3]): row[3] for row in rows}
        allowed = where.apply(Service.objects.filter(pk__in=list(found)))
        passed = {found[pk] for pk in allowed.values_list("pk", flat=True)}
        rows = [row for row in rows if row[3] in passed]
    return rows


@cached_read(depends_on=("directory.Service",))
def _not_public_local() -> frozenset:
    """The ids (as the database gives them) of the services that are not
    public local ones: national and council-wide services, inactive and
    defunct ones. Few, and kept in the process until the data changes."""
    public_local = Service.objects.public().filter(coverage=Service.Coverage.LOCAL)
    others = Service.objects.exclude(pk__in=public_local.values("pk")).order_by()
    return frozenset(_db_ids(others.values_list("pk", flat=True)))


# The three below read a section's worth of rows by id, on every search.
# Through the ORM each took a median of about 550 us; through
# ``Model.objects.raw`` about 350 to 450 us; as fixed SQL whose rows Django
# makes into instances with ``Model.from_db`` (``_loaded``) about 250 us
# (services, 20 ids, SQLite, 2026-12-07). Locations, of which a result
# shows only the address, are plain rows: ``Location.from_db`` cost about
# 15 us a location, more than reading it. A results page for a new postcode cost 4.6 ms with ``raw``
# against 3.3 ms before this work (bench/compare_pages.py time): the ORM
# could not keep within the 15% allowed.

# Field types whose values SQLite gives in another type (text UUIDs and
# dates, 0 or 1): each such value goes through its field's ``to_python``.
_CONVERTED = {"UUIDField", "ForeignKey", "DateField", "TimeField", "BooleanField"}
_LOADERS: dict = {}


def _loaded(model, names, sql: str, params, extra=()) -> list:
    """Instances of ``model`` made by Django's ``Model.from_db`` from the
    rows of ``sql``, which selects the fields ``names`` (in that order),
    then the ``extra`` columns, set as attributes."""
    key = (model, tuple(names))
    if key not in _LOADERS:
        # from_db takes the values in the model's own order of fields.
        concrete = list(model._meta.concrete_fields)
        fields = [model._meta.get_field(name) for name in names]
        order = sorted(range(len(fields)), key=lambda index: concrete.index(fields[index]))
        fields = [fields[index] for index in order]
        convert = [
            (index, field.to_python)
            for index, field in enumerate(fields)
            if field.get_internal_type() in _CONVERTED
        ]
        _LOADERS[key] = ([field.attname for field in fields], order, convert)
    attnames, order, convert = _LOADERS[key]
    width, alias = len(attnames), connection.alias
    made = []
    for row in _rows(sql, params):
        values = [row[index] for index in order]
        for index, to_python in convert:
            if values[index] is not None:
                values[index] = to_python(values[index])
        instance = model.from_db(alias, attnames, values)
        for name, value in zip(extra, row[width:], strict=True):
            setattr(instance, name, value)
        made.append(instance)
    return made


def services_by_id(ids) -> dict:
    """{id: Service} for these ids (UUIDs), with the fields a result shows
    (``SHOWN_SERVICE_FIELDS``), in one query."""
    if not ids:
        return {}
    sql = (
        f"SELECT {_columns('s', SHOWN_SERVICE_FIELDS)} FROM directory_service s "  # noqa: S608
        f"WHERE s.id IN ({_placeholders(ids)})"
    )
    found = _loaded(Service, SHOWN_SERVICE_FIELDS, sql, _db_ids(ids))
    return {service.pk: service for service in found}


class ShownLocation(NamedTuple):
    """What a result shows of the location it is near: plain values from
    one row. Search shows no more of a location than its address, so it
    makes no ``Location`` (the service's page shows the whole record)."""

    pk: uuid.UUID
    address_1: str
    city: str
    postcode: str
    council_code: str | None  # the GSS code of its council


def locations_by_id(ids) -> dict:
    """{id: ShownLocation} for these location ids (UUIDs), in one query."""
    if not ids:
        return {}
    sql = (
        "SELECT l.id, l.address_1, l.city, l.postcode, c.code "  # noqa: S608
        "FROM directory_location l LEFT JOIN places_council c ON c.id = l.council_id "
        f"WHERE l.id IN ({_placeholders(ids)})"
    )
    found = (ShownLocation(as_uuid(row[0]), *row[1:]) for row in _rows(sql, _db_ids(ids)))
    return {location.pk: location for location in found}


def schedules_by_service(service_ids) -> dict:
    """{service id: [Schedule, ...]} for these services (UUIDs), in one
    query."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    fields = Schedule._meta.concrete_fields
    sql = (
        f"SELECT {_columns('sch', [field.column for field in fields])} "  # noqa: S608
        f"FROM directory_schedule sch WHERE sch.service_id IN ({_placeholders(service_ids)})"
    )
    names = [field.name for field in fields]
    for schedule in _loaded(Schedule, names, sql, _db_ids(service_ids)):
        grouped.setdefault(schedule.service_id, []).append(schedule)
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


TERMS = ("directory.TaxonomyTerm", "directory.Taxonomy")


@cached_read(depends_on=TERMS)
def _all_terms() -> dict:
    """{id: TaxonomyTerm}, each with its ``taxonomy``: few (dozens) and
    rarely changed, so kept in the process until the data changes."""
    return TaxonomyTerm.objects.select_related("taxonomy").in_bulk()


@cached_read(depends_on=TERMS)
def terms_in(taxonomy_slug: str) -> list[TaxonomyTerm]:
    """The terms of one taxonomy, in their order (kept in the process)."""
    found = [term for term in _all_terms().values() if term.taxonomy.slug == taxonomy_slug]
    return sorted(found, key=lambda term: (term.position, term.name_en))
