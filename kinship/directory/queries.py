"""Read-only queries for the directory. Nothing here writes.

The search path (``section_ids``, ``local_service_points`` and the
``*_by_service`` functions) runs on every finder page, so, like
``places.lookup``, it sends fixed SQL straight to the database: building a
Django queryset costs more than running these small indexed queries. The
SQL is plain enough for SQLite and PostgreSQL alike. Ids come back as the
database stores them (text on SQLite, UUIDs on PostgreSQL) and go back in
the same form. Only placeholders ("%s") are ever added to the SQL text,
never a value (hence the "noqa: S608" marks).
"""

from __future__ import annotations

import uuid

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When

from kinship.caching import kept
from kinship.directory.models import Location, Schedule, Service, TaxonomyTerm

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


def _db_id(value):
    return Service._meta.pk.get_db_prep_value(as_uuid(value), connection)


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def known_term_ids(slugs) -> dict[str, object]:
    """The ids of the taxonomy terms with these slugs, by slug; slugs we do
    not know are simply missing from the answer."""
    wanted = {slug for slug in slugs if isinstance(slug, str)}
    if not wanted:
        return {}
    return {term.slug: _db_id(term.id) for term in _all_terms().values() if term.slug in wanted}


class ServiceFilter:
    """Conditions on the service (alias ``s``) for the chosen filters, as SQL.

    ``term_groups`` is a list of lists of term ids: a service must have at
    least one term from each group. ``delivery`` is a key of
    ``DELIVERY_FIELDS`` or ``None``.
    """

    def __init__(self, term_groups=(), delivery: str | None = None):
        self.term_groups = [list(group) for group in term_groups if group]
        self.delivery = delivery

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
    location inside the box, once per public local service held there.

    Only locations with a council count: a council is only ever one of
    England and Wales's, so nothing outside them is found. The box is found
    on the (latitude, longitude) index.
    """
    filter_sql, filter_params = where.sql()
    sql = (
        "SELECT l.latitude, l.longitude, l.id, s.id, s.status FROM directory_location l "  # noqa: S608
        "JOIN directory_serviceatlocation sal ON sal.location_id = l.id "
        "JOIN directory_service s ON s.id = sal.service_id "
        "WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s "
        "AND l.location_type = 'physical' AND l.council_id IS NOT NULL "
        f"AND s.coverage = 'local' {filter_sql}"
    )
    rows = _rows(sql, [south, north, west, east, *filter_params])
    # Status is checked here so that the database always starts from the
    # location index, whatever it knows about the spread of statuses.
    return [row[:4] for row in rows if row[4] not in HIDDEN_STATUSES]


def services_by_id(ids) -> dict:
    """{UUID: Service} for these ids, in one query."""
    if not ids:
        return {}
    ids = [_db_id(i) for i in ids]
    sql = f"SELECT * FROM directory_service WHERE id IN ({_placeholders(ids)})"  # noqa: S608
    return {service.id: service for service in Service.objects.raw(sql, ids)}


def locations_by_id(ids) -> dict:
    """{UUID: Location} for these ids, each with ``council_code`` (the GSS
    code of its council, or ``None``), in one query."""
    if not ids:
        return {}
    ids = [_db_id(i) for i in ids]
    sql = (
        "SELECT l.*, c.code AS council_code FROM directory_location l "  # noqa: S608
        "LEFT JOIN places_council c ON c.id = l.council_id "
        f"WHERE l.id IN ({_placeholders(ids)})"
    )
    return {location.id: location for location in Location.objects.raw(sql, ids)}


def schedules_by_service(service_ids) -> dict:
    """{service UUID: [Schedule, ...]} for these services, in one query."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    ids = [_db_id(i) for i in service_ids]
    sql = f"SELECT * FROM directory_schedule WHERE service_id IN ({_placeholders(ids)})"  # noqa: S608
    for schedule in Schedule.objects.raw(sql, ids):
        grouped.setdefault(schedule.service_id, []).append(schedule)
    return grouped


def terms_by_service(service_ids) -> dict:
    """{service UUID: [TaxonomyTerm, ...]} for these services: one query for
    the links; the terms themselves come from a small in-process cache."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    ids = [_db_id(i) for i in service_ids]
    sql = (
        "SELECT service_id, taxonomyterm_id FROM directory_service_terms "  # noqa: S608
        f"WHERE service_id IN ({_placeholders(ids)})"
    )
    known = _all_terms()
    for service_id, term_id in _rows(sql, ids):
        term = known.get(as_uuid(term_id))
        if term is not None:
            grouped.setdefault(as_uuid(service_id), []).append(term)
    for terms in grouped.values():
        terms.sort(key=lambda term: (term.position, term.name))
    return grouped


def country_codes_by_service(service_ids) -> dict:
    """{service UUID: {GSS code, ...}} of the countries these services cover."""
    grouped: dict = {}
    if not service_ids:
        return grouped
    ids = [_db_id(i) for i in service_ids]
    sql = (
        "SELECT sc.service_id, c.code FROM directory_service_countries sc "  # noqa: S608
        "JOIN places_country c ON c.id = sc.country_id "
        f"WHERE sc.service_id IN ({_placeholders(ids)})"
    )
    for service_id, code in _rows(sql, ids):
        grouped.setdefault(as_uuid(service_id), set()).add(code)
    return grouped


def _all_terms() -> dict:
    """{UUID: TaxonomyTerm}, each with its ``taxonomy``: few (dozens) and
    rarely changed, so kept in the process until the data changes."""
    return kept(
        "taxonomy-terms",
        lambda: {term.id: term for term in TaxonomyTerm.objects.select_related("taxonomy")},
    )


def terms_in(taxonomy_slug: str) -> list[TaxonomyTerm]:
    """The terms of one taxonomy, in their order (from the in-process cache)."""
    found = [term for term in _all_terms().values() if term.taxonomy.slug == taxonomy_slug]
    return sorted(found, key=lambda term: (term.position, term.name))
