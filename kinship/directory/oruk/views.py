"""The Open Referral UK 3.0 feed under /api/oruk/: open to anyone, no key.

Every answer is JSON with ``Access-Control-Allow-Origin: *``. Lists come in
the ORUK page envelope; a page past the end is an empty page, not an error.
A bad query parameter gets a 400 naming it; an id we do not hold, a 404.
Records' words and the messages come in Welsh for an ``Accept-Language``
that prefers it (``core.api.in_accepted_language``).
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import time
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from kinship.core.api import in_accepted_language
from kinship.core.caching import cached_read
from kinship.directory import queries
from kinship.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    bands_between,
    latitude_band,
    public_rule,
)
from kinship.directory.oruk import openapi, serialise
from kinship.places.geometry import METRES_PER_MILE, PointIndex, box_around, nearest
from kinship.places.lookup import OutsideEnglandAndWales, PostcodeError, lookup

PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000_000
# A full postcode; a district alone ("LS1") is not enough to measure from.
FULL_POSTCODE = re.compile(r"\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*")
MAX_PROXIMITY_METRES = 100_000
DAYS = {
    "MO": "monday",
    "TU": "tuesday",
    "WE": "wednesday",
    "TH": "thursday",
    "FR": "friday",
    "SA": "saturday",
    "SU": "sunday",
}


class UnknownPostcode(Exception):
    """A well-formed postcode we do not know: nothing to measure from."""


class BadParameter(Exception):
    def __init__(self, name: str, problem: str):
        super().__init__(f"{name}: {problem}")
        self.name = name
        self.problem = problem


def _error(status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body = {"status": status, "message": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


def feed_view(view):
    """GET and HEAD only, CORS open to all, bad parameters as 400s naming
        them, records' words and messages in the language asked for
    (``core.api.in_accepted_language``)."""
    # No cookies or sessions here, so no CSRF check: other methods get 405.
    guarded = require_safe(view)

    @wraps(view)
    @in_accepted_language
    def wrapper(request, *args, **kwargs):
        try:
            response = guarded(request, *args, **kwargs)
        except BadParameter as bad:
            message = _("Bad parameter '%(name)s': %(problem)s")
            response = _error(400, message % {"name": bad.name, "problem": bad.problem}, bad.name)
        except UnknownPostcode as unknown:
            message = _("Parameter 'postcode': %(problem)s") % {"problem": unknown}
            response = _error(404, message, "postcode")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return csrf_exempt(wrapper)


# Parameters ----------------------------------------------------------------


# A parameter sent empty ("?page=") is bad, not absent: only a missing one
# takes the default.


def _integer(request, name, default, minimum, maximum):
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"[+-]?\d{1,12}", raw.strip()):
        raise BadParameter(
            name,
            _("must be a whole number from %(minimum)s to %(maximum)s")
            % {"minimum": minimum, "maximum": maximum},
        )
    value = int(raw)
    if value < minimum:
        raise BadParameter(name, _("must be at least %(minimum)s") % {"minimum": minimum})
    if value > maximum:
        raise BadParameter(name, _("must be at most %(maximum)s") % {"maximum": maximum})
    return value


def _number(request, name):
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter(name, _("must be a number")) from None
    if not math.isfinite(value) or value < 0:
        raise BadParameter(name, _("must be a number, zero or more"))
    return value


def _uuid(request, name):
    raw = request.GET.get(name)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, _("must be a UUID")) from None


def _clock(request, name):
    raw = request.GET.get(name)
    if raw is None:
        return None
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?", raw.strip())
    if not match:
        raise BadParameter(name, _("must be a time as HH:MM or HH:MM:SS"))
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def _day(request, name):
    raw = request.GET.get(name)
    if raw is None:
        return None
    value = raw.strip().lower()
    for code, day in DAYS.items():
        if value in (code.lower(), day):
            return code
    raise BadParameter(name, _("must be a day: MO, TU, WE, TH, FR, SA or SU"))


def _filter_services(request, services):
    """The ORUK search parameters, applied to a queryset of services."""
    if search := request.GET.get("search", "").replace("\x00", "").strip()[:200]:
        services = services.filter(
            Q(name_en__icontains=search)
            | Q(name_cy__icontains=search)
            | Q(description_en__icontains=search)
            | Q(description_cy__icontains=search)
        )
    if term_id := _uuid(request, "taxonomy_term_id"):
        services = services.filter(
            id__in=Service.terms.through.objects.filter(taxonomyterm_id=term_id).values(
                "service_id"
            )
        )
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        linked = Service.terms.through.objects.filter(taxonomyterm__taxonomy_id=taxonomy_id)
        services = services.filter(id__in=linked.values("service_id"))
    if (minimum := _number(request, "minimum_age")) is not None:
        services = services.filter(minimum_age__gte=minimum)
    if (maximum := _number(request, "maximum_age")) is not None:
        services = services.filter(maximum_age__lte=maximum)
    day, starts, ends = (
        _day(request, "day"),
        _clock(request, "start_time"),
        _clock(request, "end_time"),
    )
    if day or starts or ends:
        schedules = Schedule.objects.all()
        if day:
            schedules = schedules.filter(byday__icontains=day)
        if starts:
            schedules = schedules.filter(opens_at__gte=starts)
        if ends:
            schedules = schedules.filter(closes_at__lte=ends)
        services = services.filter(id__in=schedules.values("service_id"))
    return services


def envelope(rows, page: int, per_page: int, serialise_one, prepare=None) -> dict:
    """Page ``page`` of ``rows`` (a queryset, or anything with ``count()``
    and slicing) in the ORUK page envelope. ``prepare``, if given, is
    called with the page's rows before they are serialised."""
    total = _count(rows)
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    items = _window(rows, start, per_page) if start < total else []
    if prepare and items:
        prepare(items)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not items,
        "contents": [serialise_one(item) for item in items],
    }


# Everything the feed shows comes from these.
FEED_MODELS = (
    "directory.Organization",
    "directory.Service",
    "directory.Location",
    "directory.ServiceAtLocation",
    "directory.Schedule",
    "directory.Contact",
    "directory.Phone",
    "directory.Taxonomy",
    "directory.TaxonomyTerm",
    "places.Council",
    "places.Country",
)


def _count(rows) -> int:
    """How many rows a list has. Counting 100,000 services costs more than
    the rest of a page, and harvesters page through the same list again and
    again: counts are kept in this process until the data changes."""
    if not isinstance(rows, QuerySet):
        return rows.count()
    try:
        sql = str(rows.query)
    except EmptyResultSet:  # a queryset that can match nothing (.none())
        return 0
    return _kept_count(sql, rows)


@cached_read(depends_on=FEED_MODELS, key=lambda sql, rows: sql)
def _kept_count(sql: str, rows) -> int:
    """How many ``rows``, kept under their ``sql``."""
    return rows.count()


@cached_read(depends_on=FEED_MODELS, key=lambda name, rows: name)
def _kept_ids(name: str, rows) -> list:
    """The ids of one whole list, in order, kept under its ``name``."""
    return _InOrder._ids(rows)


class _InOrder:
    """Rows whose ids were found, in order, by one query: counted and
    sliced without asking the database again, fetched a page at a time.

    With ``keep``, the ids are kept until the data changes, under that
    name: for the whole lists harvesters page through again and again."""

    def __init__(self, rows: QuerySet, keep: str = "", ids=None, fetch=None):
        self.rows = rows
        # How a page's rows are read from their ids (in_bulk if not given).
        self.fetch = fetch
        if ids is not None:
            self.ids = ids
        elif keep:
            self.ids = _kept_ids(keep, rows)
        else:
            self.ids = self._ids(rows)

    @staticmethod
    def _ids(rows):
        # Ids as the database holds them: thousands of them, of which a
        # page's worth are ever turned into UUIDs.
        return [row[0] for row in _raw_rows(rows.values_list("pk"))]

    def count(self) -> int:
        return len(self.ids)

    def __getitem__(self, window: slice) -> list:
        wanted = [queries.as_uuid(pk) for pk in self.ids[window]]
        if self.fetch:
            return self.fetch(self.rows.order_by(), wanted)
        found = self.rows.order_by().in_bulk(wanted)
        return [found[pk] for pk in wanted if pk in found]


def _raw_rows(rows: QuerySet) -> list[tuple]:
    """A values_list queryset's rows as the database gives them (ids are
    not turned into UUIDs)."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _link_index() -> PointIndex:
    """Where every link the feed lists at a physical place is, for
    proximity searches with nothing else to filter on: the points in a
    search's box are measured and nothing else, instead of asking the
    database to join thousands of locations to their links (about 20 ms at
    150,000 links on SQLite)."""
    rows = _raw_rows(
        ServiceAtLocation.objects.filter(
            location__location_type=Location.Type.PHYSICAL,
            location__latitude__isnull=False,
            location__longitude__isnull=False,
        )
        .order_by()
        .values_list("location__latitude", "location__longitude", "pk")
    )
    # Links the feed leaves out (nobody can reach them, or their service is
    # not public): few.
    left_out = {
        row[0]
        for row in _raw_rows(
            ServiceAtLocation.objects.exclude(public_rule("service__"), serialise.reachable_link())
            .order_by()
            .values_list("pk")
        )
    }
    return PointIndex(row for row in rows if row[2] not in left_out)


def _nearest_ids(place, miles: float, points) -> list:
    """The ids of ``points`` (latitude, longitude, id) within ``miles`` of
    the place, nearest first, then by id."""
    closest = nearest(place.lat, place.long, points, within_miles=miles, tie=lambda p: p[2])
    return [point[2] for _miles, point in closest]


def _window(rows, start: int, size: int) -> list:
    """``rows[start:start + size]``. For a queryset, the page's ids are found
    first (on the primary key's index alone) and then their rows: skipping
    thousands of rows is then cheap however many tables the rows join."""
    if not isinstance(rows, QuerySet):
        return list(rows[start : start + size])
    ids = list(rows.values_list("pk", flat=True)[start : start + size])
    found = rows.order_by().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _page(request, rows, serialise_one, prepare=None) -> JsonResponse:
    page = _integer(request, "page", 1, 1, MAX_PAGE)
    per_page = _integer(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return JsonResponse(envelope(rows, page, per_page, serialise_one, prepare))


def _one(queryset, record_id, serialise_one) -> JsonResponse:
    try:
        wanted = uuid.UUID(str(record_id))
    except ValueError:
        return _error(404, _("Not found: that is not an id this feed uses."))
    record = queryset.filter(pk=wanted).first()
    if record is None:
        return _error(404, _("Not found: no record has that id."))
    return JsonResponse(serialise_one(record))


# Views -----------------------------------------------------------------------


@login_not_required
@feed_view
def root(request):
    return JsonResponse(
        {
            "version": "3.0",
            "profile": PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("oruk-openapi")),
        }
    )


@login_not_required
@feed_view
def openapi_document(request):
    base = request.build_absolute_uri(reverse("oruk-root")).rstrip("/")
    return JsonResponse(openapi.document(base, MAX_PER_PAGE))


@login_not_required
@feed_view
def services(request):
    every = serialise.services_for_list()
    found = _filter_services(request, every)
    if found is every:  # the whole list, as harvesters page through it
        found = _InOrder(every, keep="services")
    return _page(request, found, serialise.service_summary)


@login_not_required
@feed_view
def service(request, record_id):
    return _one(serialise.services_in_full(), record_id, serialise.service_full)


def _near(request, links, filtered: bool):
    """Links whose location is within ``proximity`` metres of ``postcode``,
    nearest first, as a list; or the links covering the postcode's place
    when no proximity is given. ``filtered`` says whether ``links`` are
    narrowed by other parameters."""
    raw = request.GET.get("postcode")
    proximity = _number(request, "proximity")
    if proximity is not None and proximity > MAX_PROXIMITY_METRES:
        raise BadParameter(
            "proximity",
            _("must be at most %(metres)s metres") % {"metres": MAX_PROXIMITY_METRES},
        )
    if raw is None:
        return links  # proximity alone has nothing to measure from: ignored
    if not FULL_POSTCODE.fullmatch(raw):
        raise BadParameter("postcode", _("must be a full UK postcode, like LS1 4AP"))
    try:
        place = lookup(raw)
    except OutsideEnglandAndWales:
        return links.none()  # we list nothing outside England and Wales
    except PostcodeError as error:
        raise UnknownPostcode(str(error.message)) from None
    if proximity is None:
        covering = (
            Q(
                service__coverage=Service.Coverage.NATIONAL,
                service__countries__code=place.country.code,
            )
            | Q(service__coverage=Service.Coverage.COUNCIL, service__councils__id=place.council_id)
            | Q(service__coverage=Service.Coverage.LOCAL, location__council_id=place.council_id)
        )
        return links.filter(id__in=ServiceAtLocation.objects.filter(covering).values("id"))
    if not filtered:
        # Nothing but the distance to filter on: the kept points answer.
        ids = _kept_link_index().within(place.lat, place.long, proximity / METRES_PER_MILE)
        # The index holds only links the feed lists: read them as they are.
        return _InOrder(serialise.links_as_shown(), ids=ids, fetch=serialise.link_records)
    return _within(links, place, proximity)


@cached_read(depends_on=FEED_MODELS)
def _kept_link_index() -> PointIndex:
    """The index of the feed's physical links, kept until the data changes."""
    return _link_index()


def _within(links, place, metres: float):
    """Links whose location is within ``metres`` of the place, nearest
    first, by great-circle distance (``places.geometry``, as the kept
    points measure). The database finds the links in the box around the
    circle; the distances are worked out here."""
    miles = metres / METRES_PER_MILE
    south, north, west, east = box_around(place.lat, place.long, miles)
    in_box = (
        links.alias(band=latitude_band("location__latitude"))
        .filter(
            # The band narrows the box to a few runs of the location_band index.
            band__in=bands_between(south, north),
            location__location_type=Location.Type.PHYSICAL,
            location__latitude__range=(south, north),
            location__longitude__range=(west, east),
        )
        .order_by()
        .values_list("location__latitude", "location__longitude", "pk")
    )
    return _InOrder(links, ids=_nearest_ids(place, miles, _raw_rows(in_box)))


@login_not_required
@feed_view
def service_at_locations(request):
    services_wanted = _filter_services(request, Service.objects.all())
    every = links = serialise.service_at_locations_for_list()
    filtered = bool(services_wanted.query.where)
    if filtered:
        links = links.filter(service__in=services_wanted.values("id"))
    found = _near(request, links, filtered)
    if found is every:  # the whole list, as harvesters page through it
        found = _InOrder(every, keep="service-at-locations", fetch=serialise.link_records)
    return _page(request, found, serialise.service_at_location, serialise.attach_schedules)


@login_not_required
@feed_view
def service_at_location(request, record_id):
    return _one(serialise.service_at_locations_in_full(), record_id, serialise.service_at_location)


@login_not_required
@feed_view
def taxonomies(request):
    return _page(request, serialise.taxonomies_for_list(), serialise.taxonomy)


@login_not_required
@feed_view
def taxonomy(request, record_id):
    return _one(serialise.taxonomies_for_list(), record_id, serialise.taxonomy)


@login_not_required
@feed_view
def taxonomy_terms(request):
    terms = serialise.taxonomy_terms_for_list()
    if taxonomy_id := _uuid(request, "taxonomy_id"):
        terms = terms.filter(taxonomy_id=taxonomy_id)
    return _page(request, terms, serialise.taxonomy_term)


@login_not_required
@feed_view
def taxonomy_term(request, record_id):
    return _one(TaxonomyTerm.objects.select_related("taxonomy"), record_id, serialise.taxonomy_term)
