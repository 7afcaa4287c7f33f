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
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Generic, NamedTuple, TypeVar

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
    """Great-circle distance in miles."""
    return _miles(_chord_squared(unit_vector(lat1, long1), unit_vector(lat2, long2)))


def metres_between(lat1: float, long1: float, lat2: float, long2: float) -> float:
    """Great-circle distance in metres."""
    return miles_between(lat1, long1, lat2, long2) * METRES_PER_MILE


def unit_vector(lat: float, long: float) -> tuple[float, float, float]:
    """The point as a vector from the earth's centre, of length one.

    Distances are measured along the straight line (the chord) between two
    such vectors: the great-circle distance grows with the chord, and the
    chord's square needs no trigonometry once the vectors are known."""
    phi, lam = math.radians(lat), math.radians(long)
    cos_phi = math.cos(phi)
    return (cos_phi * math.cos(lam), cos_phi * math.sin(lam), math.sin(phi))


def box_around(lat: float, long: float, miles: float) -> Box:
    """A box holding every point within ``miles`` of the point (generous by
    a little, never short)."""
    dlat = miles / MILES_PER_DEGREE * _BOX_MARGIN
    # Degrees of longitude shrink towards the pole: use the box's polar edge.
    polar_lat = min(_NEAR_POLE, abs(lat) + dlat)
    dlong = dlat / max(math.cos(math.radians(polar_lat)), 0.01)
    return Box(lat - dlat, lat + dlat, long - dlong, long + dlong)


T = TypeVar("T")
K = TypeVar("K")


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

    Points are compared by the square of the chord to them, which grows
    with the great-circle distance, so only the points kept are turned into
    miles.
    """
    x0, y0, z0 = unit_vector(lat, long)
    limit = _chord_squared_limit(within_miles)
    sin, cos, radians = math.sin, math.cos, math.radians
    found = []
    for point in points:
        # unit_vector, written out: this loop is the finder's busiest.
        plat, plong = where(point)
        phi, lam = radians(plat), radians(plong)
        cos_phi = cos(phi)
        dx, dy, dz = cos_phi * cos(lam) - x0, cos_phi * sin(lam) - y0, sin(phi) - z0
        away = dx * dx + dy * dy + dz * dz
        if away <= limit:
            found.append((away, point))
    if tie is None:
        found.sort(key=lambda item: item[0])
    else:
        found.sort(key=lambda item: (item[0], tie(item[1])))
    return [(_miles(away), point) for away, point in found]


class PointIndex(Generic[K]):
    """Many points, each with a key, kept so that those near a place are
    found without measuring the rest: in bands of latitude (50 to a
    degree), each in order of longitude, with the vectors distances are
    measured by worked out once. About 100 bytes a point.

    ``within`` gives the keys in the order ``nearest`` gives the same
    points with ties broken by key."""

    BANDS_PER_DEGREE = 50

    def __init__(self, points: Iterable[tuple[float, float, K]]):
        bands: dict[int, list] = {}
        for lat, long, key in points:
            band = math.floor(lat * self.BANDS_PER_DEGREE)
            bands.setdefault(band, []).append((long, key, *unit_vector(lat, long)))
        self._bands = {}
        for band, rows in bands.items():
            rows.sort(key=lambda row: row[0])
            longs, keys, xs, ys, zs = zip(*rows, strict=True)
            self._bands[band] = (
                array("d", longs),
                list(keys),
                array("d", xs),
                array("d", ys),
                array("d", zs),
            )
        self.size = sum(len(band[1]) for band in self._bands.values())

    def within(self, lat: float, long: float, miles: float) -> list[K]:
        """The keys of the points within ``miles`` of the place, nearest
        first, then by key."""
        south, north, west, east = box_around(lat, long, miles)
        x0, y0, z0 = unit_vector(lat, long)
        limit = _chord_squared_limit(miles)
        found = []
        per_degree = self.BANDS_PER_DEGREE
        for band in range(math.floor(south * per_degree), math.floor(north * per_degree) + 1):
            if band not in self._bands:
                continue
            longs, keys, xs, ys, zs = self._bands[band]
            first, last = bisect_left(longs, west), bisect_right(longs, east)
            for key, x, y, z in zip(
                keys[first:last], xs[first:last], ys[first:last], zs[first:last], strict=True
            ):
                dx, dy, dz = x - x0, y - y0, z - z0
                away = dx * dx + dy * dy + dz * dz
                if away <= limit:
                    found.append((away, key))
        found.sort()
        return [key for _away, key in found]


def _chord_squared(one: tuple[float, float, float], other: tuple[float, float, float]) -> float:
    dx, dy, dz = one[0] - other[0], one[1] - other[1], one[2] - other[2]
    return dx * dx + dy * dy + dz * dz


def _miles(chord_squared: float) -> float:
    """The great-circle distance in miles whose chord has this square: the
    chord is twice the sine of half the angle at the earth's centre."""
    return 2 * math.asin(min(1.0, math.sqrt(chord_squared) / 2)) * EARTH_RADIUS_MILES


def _chord_squared_limit(miles: float | None) -> float:
    """The square of the chord of a great-circle distance of ``miles``."""
    if miles is None:
        return math.inf
    half = min(math.pi / 2, miles / EARTH_RADIUS_MILES / 2)
    return (2 * math.sin(half)) ** 2
