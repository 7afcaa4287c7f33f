"""Postcode parsing and lookup: the way into everything location-based.

``lookup(text)`` turns whatever a person typed into a ``Place`` or raises
one of the ``PostcodeError`` subclasses, each with a message written for
the person who typed it. It reads one row by primary key and takes the
names of areas from a small in-process cache, so it costs well under a
millisecond and never calls another server.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from datetime import date
from threading import Lock

from django.db import connection
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kinship.places.geometry import box_around
from kinship.places.outside import Territory, outside_help

# A full postcode: outward code (area letters, district digits, optional
# letter) and inward code (digit, two letters). Inward letters never include
# C, I, K, M, O or V. Spaces are dropped before matching.
# "NPT" is the one exception in England and Wales: old Newport postcodes,
# no longer used but still in the postcode directory.
_OUTWARD_PATTERN = r"[A-Z]{1,2}[0-9][A-Z0-9]?|NPT"
_FULL = re.compile(rf"^({_OUTWARD_PATTERN})([0-9][ABD-HJLNP-UW-Z]{{2}})$")
_OUTWARD = re.compile(rf"^(?:{_OUTWARD_PATTERN})$")
_AREA = re.compile(r"^[A-Z]{1,2}")
_SPACES = re.compile(r"\s+")

MAX_INPUT_LENGTH = 100

# Postcode areas wholly outside England and Wales. TD and some DG and CA
# postcodes straddle the Scottish border: a TD postcode we hold is English
# (Berwick), so the postcode table is checked before this list. Alderney's
# postcodes are GY: the same help as Guernsey's.
_OUTSIDE = {
    "scotland": {
        "AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW",
        "KY", "ML", "PA", "PH", "TD", "ZE",
    },
    "northern_ireland": {"BT"},
    "isle_of_man": {"IM"},
    "jersey": {"JE"},
    "guernsey": {"GY"},
}  # fmt: skip
_TERRITORY_BY_AREA = {area: name for name, areas in _OUTSIDE.items() for area in areas}

# One sentence for answers with no room for more (the JSON API, a form
# hint); pages show the organisations, numbers and links from
# ``places.outside``.
_HELP = {
    "scotland": _(
        "This service covers England and Wales only. In Scotland, the Kinship Care "
        "Advice Service for Scotland gives kinship carers free advice, and your "
        "council's social work department can help."
    ),
    "northern_ireland": _(
        "This service covers England and Wales only. In Northern Ireland, the charity "
        "Kinship Care NI supports kinship carers, and the Gateway team at your Health "
        "and Social Care Trust can help."
    ),
    "isle_of_man": _(
        "This service covers England and Wales only. On the Isle of Man, Manx Care's "
        "Family Placement Service supports family and friends carers."
    ),
    "jersey": _(
        "This service covers England and Wales only. In Jersey, the Government of "
        "Jersey's Children and Families Hub can help."
    ),
    "guernsey": _(
        "This service covers England and Wales only. In Guernsey and Alderney, the "
        "Multi Agency Support Hub at children's services can help."
    ),
}


class PostcodeError(Exception):
    """A postcode that cannot be turned into a place. ``message`` is for the
    person who typed it; ``postcode`` is what they typed, trimmed."""

    message = _("Enter a real postcode, like LS1 4AP")

    def __init__(self, postcode: str, message=None):
        super().__init__(postcode)
        self.postcode = postcode
        if message is not None:
            self.message = message


class InvalidPostcode(PostcodeError):
    """Not a postcode at all (empty, too long, wrong shape)."""


class UnknownPostcode(PostcodeError):
    """Shaped like a postcode, but not one we know in England or Wales."""

    message = _(
        "We cannot find that postcode. Check it and try again, or enter just the "
        "first part, like LS1"
    )


class OutsideEnglandAndWales(PostcodeError):
    """A postcode in Scotland, Northern Ireland, the Isle of Man, Jersey or
    Guernsey. ``help`` is one sentence; ``outside_help`` is who helps kinship
    carers there, with their numbers and links, for a page to show."""

    message = _("That postcode is outside England and Wales")

    def __init__(self, postcode: str, territory: str):
        super().__init__(postcode)
        self.territory = territory
        self.help = _HELP[territory]

    @property
    def outside_help(self) -> Territory:
        return outside_help()[self.territory]


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    name_cy: str = ""

    @property
    def local_name(self) -> str:
        """The name in the page's language: Welsh where the data has one."""
        if self.name_cy and (get_language() or "").startswith("cy"):
            return self.name_cy
        return self.name

    def __str__(self):
        return self.local_name


@dataclass(frozen=True)
class Place:
    """Where a postcode (or postcode district) is, and the areas it is in.

    ``approximate`` is true for a postcode district ("LS1"): the point is its
    centre and the areas are those most of its postcodes fall in.
    """

    postcode: str
    lat: float
    long: float
    country: Area
    region: Area
    council: Area
    district: Area
    constituency: Area
    approximate: bool = False
    near_boundary: bool = False
    maybe_terminated: bool = False
    terminated_on: date | None = None
    # Internal keys, for other apps' queries; not shown to anyone.
    council_id: int = 0
    constituency_id: int = 0

    @property
    def terminated(self) -> bool:
        return self.terminated_on is not None or self.maybe_terminated

    @property
    def country_code(self) -> str:
        return self.country.code


def normalise(text: str) -> str:
    """Return a full postcode in its formatted form ("LS1 4AP") or a postcode
    district ("LS1"). Raises ``InvalidPostcode`` for anything else."""
    if text is None:
        raise InvalidPostcode("", _("Enter a postcode"))
    trimmed = text.strip()
    if not trimmed:
        raise InvalidPostcode("", _("Enter a postcode"))
    if len(trimmed) > MAX_INPUT_LENGTH:
        raise InvalidPostcode(
            trimmed[:MAX_INPUT_LENGTH],
            _("A postcode is no more than 8 characters. Enter a postcode, like LS1 4AP"),
        )
    compact = _SPACES.sub("", trimmed).upper()
    match = _FULL.match(compact)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if _OUTWARD.match(compact):
        return compact
    raise InvalidPostcode(trimmed)


# Names of areas change rarely and are few (a few hundred rows), so each
# process keeps them in memory and re-reads them every few minutes, or at
# once after a load (``clear_cache``).
_CACHE_SECONDS = 300


class _AreaCache:
    def __init__(self):
        self._lock = Lock()
        self._loaded_at = -_CACHE_SECONDS
        self.districts: dict[int, tuple] = {}
        self.constituencies: dict[int, Area] = {}

    def clear(self):
        self._loaded_at = -_CACHE_SECONDS

    def fresh(self):
        if time.monotonic() - self._loaded_at >= _CACHE_SECONDS:
            with self._lock:
                self._load()
        return self

    def _load(self):
        from kinship.places.models import Constituency, Council, Country, District, Region

        countries = {c.id: Area(c.code, c.name_en, c.name_cy) for c in Country.objects.all()}
        regions = {r.id: Area(r.code, r.name_en, r.name_cy) for r in Region.objects.all()}
        councils = {
            c.id: (
                Area(c.code, c.name_en, c.name_cy),
                regions[c.region_id],
                countries[c.country_id],
            )
            for c in Council.objects.all()
        }
        self.districts = {
            d.id: (Area(d.code, d.name_en, d.name_cy), d.council_id, *councils[d.council_id])
            for d in District.objects.all()
        }
        self.constituencies = {
            c.id: Area(c.code, c.name_en, c.name_cy) for c in Constituency.objects.all()
        }
        self._loaded_at = time.monotonic()


_areas = _AreaCache()


def clear_cache():
    """Forget cached area names (call after loading geography)."""
    _areas.clear()


_POSTCODE_SQL = (
    "SELECT lat, long, district_id, constituency_id, near_boundary, maybe_terminated, "
    "terminated_on FROM places_postcode WHERE postcode = %s"
)
_OUTCODE_SQL = (
    "SELECT lat, long, district_id, constituency_id FROM places_postcodedistrict WHERE outcode = %s"
)


def _place(postcode, lat, long, district_id, constituency_id, **flags) -> Place:
    areas = _areas.fresh()
    if district_id not in areas.districts or constituency_id not in areas.constituencies:
        # Loaded since the cache was filled: read the names again once.
        areas.clear()
        areas = _areas.fresh()
    district, council_id, council, region, country = areas.districts[district_id]
    return Place(
        postcode=postcode,
        lat=lat,
        long=long,
        country=country,
        region=region,
        council=council,
        district=district,
        constituency=areas.constituencies[constituency_id],
        council_id=council_id,
        constituency_id=constituency_id,
        **flags,
    )


def lookup(text: str) -> Place:
    """Find where a postcode or postcode district is.

    Accepts any spacing and case. Raises ``InvalidPostcode``,
    ``UnknownPostcode`` or ``OutsideEnglandAndWales``.
    """
    postcode = normalise(text)
    with connection.cursor() as cursor:
        if " " in postcode:
            cursor.execute(_POSTCODE_SQL, [postcode])
            row = cursor.fetchone()
            if row:
                lat, long, district_id, constituency_id, near, maybe_term, term_on = row
                if isinstance(term_on, str):  # SQLite returns dates as text
                    term_on = date.fromisoformat(term_on)
                return _place(
                    postcode,
                    lat,
                    long,
                    district_id,
                    constituency_id,
                    near_boundary=bool(near),
                    maybe_terminated=bool(maybe_term),
                    terminated_on=term_on,
                )
        else:
            cursor.execute(_OUTCODE_SQL, [postcode])
            row = cursor.fetchone()
            if row:
                return _place(postcode, *row, approximate=True)
    territory = _TERRITORY_BY_AREA.get(_AREA.match(postcode).group())
    if territory:
        raise OutsideEnglandAndWales(postcode, territory)
    raise UnknownPostcode(postcode)


# How far to look around a point for a postcode: first nearby, then a little
# wider for places in the country.
_NEAREST_SEARCH_MILES = (1.4, 7)


def nearest_postcode(lat: float, long: float) -> tuple[str, int] | None:
    """The postcode nearest a point, and its council's key, if one is within
    about 7 miles: a point with none is not in England or Wales.

    The database finds the nearest in a box around the point
    (``geometry.box_around``), ordered by the flat-earth distance, which
    over a few miles puts points in the same order as the great circle."""
    from kinship.places.models import Postcode

    if not (-90 <= lat <= 90 and -180 <= long <= 180):
        return None
    # A degree of longitude is shorter than one of latitude, by cos(lat).
    squeeze = max(math.cos(math.radians(lat)), 0.01)
    for miles in _NEAREST_SEARCH_MILES:
        box = box_around(lat, long, miles)
        row = (
            Postcode.objects.filter(
                lat__range=(box.south, box.north), long__range=(box.west, box.east)
            )
            .annotate(
                distance=(F("lat") - lat) * (F("lat") - lat)
                + (F("long") - long) * (F("long") - long) * (squeeze * squeeze)
            )
            .order_by("distance", "postcode")
            .values_list("postcode", "district__council_id")
            .first()
        )
        if row:
            return row
    return None
