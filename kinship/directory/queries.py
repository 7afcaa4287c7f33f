"""Read-only queries for the directory. Nothing here writes.

The search path (``section_ids``, ``local_service_points`` and the
``*_by_service`` functions) runs on every finder page, so, like
``places.lookup``, it sends fixed SQL straight to the database: building a
Django queryset costs more than running these small indexed queries. The
SQL is plain enough for SQLite and PostgreSQL alike. Ids come back as the
database stores them (text on SQLite, UUIDs on PostgreSQL), go back in the
same form and key the answers, so ids just read are never converted. Only
placeholders ("%s") are ever added to the SQL text, never a value (hence
the "noqa: S608" marks).
"""

from __future__ import annotations

import uuid

from django.db import connection, connections
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.base import ModelState

from kinship.core.caching import kept
from kinship.directory.models import (
    LATITUDE_BANDS_PER_DEGREE,
    Location,
    Schedule,
    Service,
    TaxonomyTerm,
    bands_between,
)

# Never shown to the public. Nearly every service is public, so this is
# checked as an exclusion, never used as a way into the table.
HIDDEN_STATUSES = (Service.Status.INACTIVE, Service.Status.DEFUNCT)

# Which Service column each way of getting help is recorded in.
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


def as_uuid(value) -> uuid.UUID:
    """An id as the database gave it, as a UUID."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _db_ids(values) -> list:
    """Ids as the database takes and gives them: UUIDs where the database
    has a UUID type (PostgreSQL), else 32 hex characters (SQLite), so ids
    read from SQLite go back unchanged."""
    if connection.features.has_native_uuid_field:
        return [as_uuid(value) for value in values]
    return [
        value if isinstance(value, str) and len(value) == 32 else as_uuid(value).hex
        for value in values
    ]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# What search shows of a service and of a location (``result_item`` and the
# finder's sections): only these columns are read. As with ``.only()``,
# Django reads any other field from the database if anything asks for it.
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

_READERS: dict = {}


def _reader(model, alias: str, names: tuple[str, ...] | None):
    """How to read the concrete fields of ``model`` named in ``names``
    (every one for ``None``), in field order: (the columns to select, their
    attribute names, and (position, column, converters) for each value the
    database gives back that Django's own queries convert: UUIDs, dates,
    booleans on SQLite)."""
    key = (model, alias, names, connection.vendor)
    if key not in _READERS:
        fields = [f for f in model._meta.concrete_fields if names is None or f.name in names]
        quote = connection.ops.quote_name
        convert = []
        for index, field in enumerate(fields):
            column = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            )
            if converters:
                convert.append((index, column, converters))
        _READERS[key] = (
            ", ".join(f"{alias}.{quote(field.column)}" for field in fields),
            [field.attname for field in fields],
            convert,
        )
    return _READERS[key]


def _columns(model, alias: str, names: tuple[str, ...] | None) -> str:
    """The columns ``_instances`` reads, to select first."""
    return _reader(model, alias, names)[0]


def _instances(
    model, alias: str, names: tuple[str, ...] | None, sql: str, params, extra=()
) -> list:
    """Model instances from ``sql``, which selects ``_columns(model, alias,
    names)`` first, then the ``extra`` columns, set as attributes. What
    ``Model.objects.raw`` does, without the work of matching columns to
    fields on every row: several times faster for the handful of rows a
    results page shows."""
    attnames, convert = _reader(model, alias, names)[1:]
    width = len(attnames)
    db = connection.alias
    real = connections[db]  # not the proxy: it is read for every value
    made = []
    for row in _rows(sql, params):
        values = list(row[:width])
        for index, column, converters in convert:
            value = values[index]
            if value is not None:
                for converter in converters:
                    value = converter(value, column, real)
                values[index] = value
        # As ``Model.from_db`` makes it, without ``__init__``'s handling of
        # arguments: each field read set directly, the others deferred.
        instance = model.__new__(model)
        instance.__dict__.update(zip(attnames, values, strict=True))
        instance._state = ModelState()
        instance._state.adding, instance._state.db = False, db
        for name, value in zip(extra, row[width:], strict=True):
            setattr(instance, name, value)
        made.append(instance)
    return made


def known_term_ids(slugs) -> dict[str, object]:
    """The ids of the taxonomy terms with these slugs, by slug; slugs we do
    not know are simply missing from the answer."""
    wanted = {slug for slug in slugs if isinstance(slug, str)}
    if not wanted:
        return {}
    return {term.slug: key for key, term in _all_terms().items() if term.slug in wanted}


class ServiceFilter:
    """Conditions on the service (alias ``s``) for the chosen filters, as SQL.

    ``term_groups`` is a list of lists of term ids: a service must have at
    least one term from each group. ``delivery`` is a key of
    ``DELIVERY_FIELDS`` or ``None``.
    """

    def __init__(self, term_groups=(), delivery: str | None = None):
        self.term_groups = [list(group) for group in term_groups if group]
        self.delivery = delivery

    def key(self) -> tuple:
        """The filter as a hashable value, for keying what it found."""
        return (tuple(tuple(sorted(map(str, group))) for group in self.term_groups), self.delivery)

    def sql(self) -> tuple[str, list]:
        parts, params = [], []
        for group in self.term_groups:
            parts.append(
                "AND s.id IN (SELECT service_id FROM directory_service_terms "  # noqa: S608
                f"WHERE taxonomyterm_id IN ({_placeholders(group)}))"
            )
            params += group
        if self.delivery:
            parts.append(f"AND s.{DELIVERY_FIELDS[self.delivery]} = %s")
            params.append(True)
        return " ".join(parts), params


# The location_band index's expression, as the database will recognise it.
_BAND_SQL = f"CAST((l.latitude * {LATITUDE_BANDS_PER_DEGREE}) AS integer)"
_HIDDEN_SQL = "s.status NOT IN ('inactive', 'defunct')"
_CLOSED_LAST_SQL = "ORDER BY CASE WHEN s.status = 'temporarily closed' THEN 1 ELSE 0 END, s.name"


def council_team_id(council_id: int):
    """The id of the council's own kinship team, if we hold it and it is
    public (else ``None``)."""
    sql = f"SELECT s.id FROM directory_service s WHERE s.council_team_for_id = %s AND {_HIDDEN_SQL}"  # noqa: S608
    rows = _rows(sql, [council_id])
    return rows[0][0] if rows else None


def council_service_ids(council_id: int, where: ServiceFilter, limit: int) -> list:
    """Ids of public services covering this council (its team left out),
    open first, then by name."""
    filter_sql, filter_params = where.sql()
    sql = (
        "SELECT s.id FROM directory_service s WHERE s.coverage = 'council' "  # noqa: S608
        "AND s.id IN (SELECT service_id FROM directory_service_councils WHERE council_id = %s) "
        f"AND {_HIDDEN_SQL} "
        "AND (s.council_team_for_id IS NULL OR s.council_team_for_id <> %s) "
        f"{filter_sql} {_CLOSED_LAST_SQL} LIMIT %s"
    )
    return [row[0] for row in _rows(sql, [council_id, council_id, *filter_params, limit])]


def national_service_ids(country_code: str, where: ServiceFilter, limit: int) -> list:
    """Ids of public national services covering the country with this GSS
    code, open first, then by name."""
    filter_sql, filter_params = where.sql()
    sql = (
        "SELECT s.id FROM directory_service s WHERE s.coverage = 'national' "  # noqa: S608
        "AND s.id IN (SELECT sc.service_id FROM directory_service_countries sc "
        "JOIN places_country c ON c.id = sc.country_id WHERE c.code = %s) "
        f"AND {_HIDDEN_SQL} {filter_sql} {_CLOSED_LAST_SQL} LIMIT %s"
    )
    return [row[0] for row in _rows(sql, [country_code, *filter_params, limit])]


def local_service_points(south, north, west, east, where: ServiceFilter) -> list[tuple]:
    """(latitude, longitude, location id, service id) for every physical
    location inside the ellipse that just fits in the box, once per public
    local service held there.

    Only locations with a council count: a council is only ever one of
    England and Wales's, so nothing outside them is found. The box is found
    on the (latitude band, longitude) index: one short run for each band.
    The ellipse is checked on the index too, before anything else is read:
    ``search.box_around`` makes a box whose ellipse holds its circle.
    """
    filter_sql, filter_params = where.sql()
    bands = bands_between(south, north)
    middle_lat, middle_long = (south + north) / 2, (west + east) / 2
    # Scales making the ellipse a circle of radius 1.
    lat_scale, long_scale = 4 / (north - south) ** 2, 4 / (east - west) ** 2
    if filter_sql:
        # The filters are conditions on the service: look each one up.
        service_sql = (
            "JOIN directory_service s ON s.id = sal.service_id "
            f"WHERE s.coverage = 'local' {filter_sql} AND"
        )
    else:
        service_sql = "WHERE"
    sql = (
        "SELECT l.latitude, l.longitude, l.id, sal.service_id FROM directory_location l "  # noqa: S608
        f"JOIN directory_serviceatlocation sal ON sal.location_id = l.id {service_sql} "
        f"{_BAND_SQL} IN ({_placeholders(bands)}) "
        "AND l.longitude BETWEEN %s AND %s AND l.latitude BETWEEN %s AND %s "
        "AND (l.latitude - %s) * (l.latitude - %s) * %s "
        "+ (l.longitude - %s) * (l.longitude - %s) * %s <= 1 "
        "AND l.location_type = 'physical' AND l.council_id IS NOT NULL"
    )
    ellipse = [middle_lat, middle_lat, lat_scale, middle_long, middle_long, long_scale]
    rows = _rows(sql, [*filter_params, *bands, west, east, south, north, *ellipse])
    # Whether a service is public and local is checked here, not in the
    # database, so that the database always starts from the location index
    # and need not look up each service when there are no filters.
    left_out = _not_public_local()
    return [row for row in rows if row[3] not in left_out]


def _not_public_local() -> frozenset:
    """The ids of the services that are not public local ones (national
    and council-wide services, inactive and defunct ones): few, and kept in
    the process until the data changes."""

    def fetch():
        sql = (
            "SELECT s.id FROM directory_service s "  # noqa: S608
            f"WHERE s.coverage <> 'local' OR NOT ({_HIDDEN_SQL})"
        )
        return frozenset(row[0] for row in _rows(sql, []))

    return kept("not-public-local-services", fetch)


def services_by_id(ids) -> dict:
    """{id: Service} for these ids, with the fields a result shows
    (``SHOWN_SERVICE_FIELDS``), in one query."""
    if not ids:
        return {}
    ids = _db_ids(ids)
    sql = (
        f"SELECT {_columns(Service, 's', SHOWN_SERVICE_FIELDS)} FROM directory_service s "  # noqa: S608
        f"WHERE s.id IN ({_placeholders(ids)})"
    )
    found = _instances(Service, "s", SHOWN_SERVICE_FIELDS, sql, ids)
    return dict(zip(_db_ids([service.id for service in found]), found, strict=True))


def locations_by_id(ids) -> dict:
    """{id: Location} for these ids, with the fields a result shows
    (``SHOWN_LOCATION_FIELDS``) and ``council_code`` (the GSS code of its
    council, or ``None``), in one query."""
    if not ids:
        return {}
    ids = _db_ids(ids)
    sql = (
        f"SELECT {_columns(Location, 'l', SHOWN_LOCATION_FIELDS)}, c.code "  # noqa: S608
        "FROM directory_location l LEFT JOIN places_council c ON c.id = l.council_id "
        f"WHERE l.id IN ({_placeholders(ids)})"
    )
    found = _instances(Location, "l", SHOWN_LOCATION_FIELDS, sql, ids, extra=("council_code",))
    return dict(zip(_db_ids([location.id for location in found]), found, strict=True))


def schedules_by_service(service_ids) -> dict:
    """{service id: [Schedule, ...]} for these services, in one query."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    ids = _db_ids(service_ids)
    sql = (
        f"SELECT {_columns(Schedule, 'sch', None)} FROM directory_schedule sch "  # noqa: S608
        f"WHERE sch.service_id IN ({_placeholders(ids)})"
    )
    found = _instances(Schedule, "sch", None, sql, ids)
    for key, schedule in zip(_db_ids([s.service_id for s in found]), found, strict=True):
        grouped.setdefault(key, []).append(schedule)
    return grouped


def terms_by_service(service_ids) -> dict:
    """{service id: [TaxonomyTerm, ...]} for these services: one query for
    the links; the terms themselves come from a small in-process cache."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    ids = _db_ids(service_ids)
    sql = (
        "SELECT service_id, taxonomyterm_id FROM directory_service_terms "  # noqa: S608
        f"WHERE service_id IN ({_placeholders(ids)})"
    )
    known = _all_terms()
    for service_id, term_id in _rows(sql, ids):
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
    ids = _db_ids(service_ids)
    sql = (
        "SELECT sc.service_id, c.code FROM directory_service_countries sc "  # noqa: S608
        "JOIN places_country c ON c.id = sc.country_id "
        f"WHERE sc.service_id IN ({_placeholders(ids)})"
    )
    for service_id, code in _rows(sql, ids):
        grouped.setdefault(service_id, set()).add(code)
    return grouped


def _all_terms() -> dict:
    """{id: TaxonomyTerm}, each with its ``taxonomy``: few (dozens) and
    rarely changed, so kept in the process until the data changes."""

    def fetch():
        terms = list(TaxonomyTerm.objects.select_related("taxonomy"))
        return dict(zip(_db_ids([term.id for term in terms]), terms, strict=True))

    return kept("taxonomy-terms", fetch)


def terms_in(taxonomy_slug: str) -> list[TaxonomyTerm]:
    """The terms of one taxonomy, in their order (kept in the process)."""

    def in_order():
        found = [term for term in _all_terms().values() if term.taxonomy.slug == taxonomy_slug]
        return sorted(found, key=lambda term: (term.position, term.name))

    return kept(("terms-in", taxonomy_slug), in_order)
