"""Distances on the earth: the one place they are worked out.

The finder's "near you" section and the Open Referral UK feed's proximity
search both measure with these functions, so a service 2 miles away is 2
miles away on either. The earth is taken as a sphere of the IUGG mean
radius; every other constant is derived from that radius. Over the
distances searched here (up to 100 km) the sphere is within half a
percent of the ellipsoid, far closer than a postcode's point is to anyone's
door.

Nothing here reads the database or imports another kinship app.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

# The IUGG mean radius of the earth.
EARTH_RADIUS_METRES = 6_371_008.8
METRES_PER_MILE = 1609.344  # the international mile, exactly
EARTH_RADIUS_MILES = EARTH_RADIUS_METRES / METRES_PER_MILE
# Along a meridian, and along the equator: a degree of longitude elsewhere
# is this times the cosine of the latitude.
METRES_PER_DEGREE = EARTH_RADIUS_METRES * math.pi / 180
MILES_PER_DEGREE = METRES_PER_DEGREE / METRES_PER_MILE

# How much bigger than the circle a box is made, so that a point on the
# circle's edge is never lost to rounding.
_BOX_MARGIN = 1.01
_NEAR_POLE = 89.0


class Box(NamedTuple):
    """Edges in degrees: south and north latitudes, west and east
    longitudes."""

    south: float
    north: float
    west: float
    east: float

    def holds(self, lat: float, long: float) -> bool:
        return self.south <= lat <= self.north and self.west <= long <= self.east


def miles_between(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle (haversine) distance in miles."""
    return _angle(_haversine(lat1, long1, lat2, long2)) * EARTH_RADIUS_MILES


def metres_between(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle (haversine) distance in metres."""
    return _angle(_haversine(lat1, long1, lat2, long2)) * EARTH_RADIUS_METRES


def box_around(lat: float, long: float, miles: float) -> Box:
    """A box holding every point within ``miles`` of the point (generous by
    a little, never short)."""
    dlat = miles / MILES_PER_DEGREE * _BOX_MARGIN
    # Degrees of longitude shrink towards the pole: use the box's polar edge.
    polar_lat = min(_NEAR_POLE, abs(lat) + dlat)
    dlong = dlat / max(math.cos(math.radians(polar_lat)), 0.01)
    return Box(lat - dlat, lat + dlat, long - dlong, long + dlong)


T = TypeVar("T")


def nearest(
    lat: float,
    long: float,
    points: Iterable[T],
    within_miles: float | None = None,
    where: Callable[[T], tuple[float, float]] = lambda point: (point[0], point[1]),
    tie: Callable[[T], object] | None = None,
) -> list[tuple[float, T]]:
    """``[(miles, point), ...]`` for the points within ``within_miles`` of
    the place (all of them for ``None``), nearest first; points the same
    distance away keep their order, or are ordered by ``tie``. ``where``
    gives a point's latitude and longitude (its first two items unless
    told).

    Points are compared by the haversine's inner term, which grows with the
    great-circle distance, so only the points kept are turned into miles.
    """
    phi = math.radians(lat)
    cos_phi = math.cos(phi)
    sin, cos, radians = math.sin, math.cos, math.radians
    limit = _inner_limit(within_miles)
    found = []
    for point in points:
        plat, plong = where(point)
        s_lat = sin(radians(plat - lat) / 2)
        s_long = sin(radians(plong - long) / 2)
        inner = s_lat * s_lat + cos_phi * cos(radians(plat)) * s_long * s_long
        if inner <= limit:
            found.append((inner, point))
    if tie is None:
        found.sort(key=lambda item: item[0])
    else:
        found.sort(key=lambda item: (item[0], tie(item[1])))
    return [(_angle(inner) * EARTH_RADIUS_MILES, point) for inner, point in found]


def _haversine(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """The haversine of the central angle between two points."""
    s_lat = math.sin(math.radians(lat2 - lat1) / 2)
    s_long = math.sin(math.radians(long2 - long1) / 2)
    return s_lat * s_lat + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * (
        s_long * s_long
    )


def _angle(inner: float) -> float:
    """The central angle, in radians, whose haversine is ``inner``."""
    return 2 * math.asin(min(1.0, math.sqrt(inner)))


def _inner_limit(miles: float | None) -> float:
    """The haversine of the angle ``miles`` makes at the earth's centre."""
    if miles is None:
        return math.inf
    half = min(math.pi / 2, miles / EARTH_RADIUS_MILES / 2)
    return math.sin(half) ** 2
