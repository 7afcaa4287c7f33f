"""places.geometry: distances between real places, boxes that never lose a
point, and nearest-first order. No database."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kinship.places import geometry
from kinship.places.geometry import box_around, metres_between, miles_between, nearest

# (latitude, longitude) of well-known points.
LANDS_END = (50.0657, -5.7132)
JOHN_O_GROATS = (58.6373, -3.0689)
LONDON_CHARING_CROSS = (51.5073, -0.1276)
CARDIFF_CASTLE = (51.4822, -3.1812)
LEEDS_STATION = (53.7950, -1.5476)
YORK_MINSTER = (53.9623, -1.0819)
EDINBURGH_CASTLE = (55.9486, -3.1999)


@pytest.mark.parametrize(
    ("one", "other", "miles"),
    [
        # The end-to-end walk's straight line: 603 miles (970 km).
        (LANDS_END, JOHN_O_GROATS, 603),
        # London to Cardiff, as the crow flies: about 131 miles.
        (LONDON_CHARING_CROSS, CARDIFF_CASTLE, 131),
        # London to Edinburgh: about 332 miles (534 km).
        (LONDON_CHARING_CROSS, EDINBURGH_CASTLE, 332),
    ],
)
def test_known_distances(one, other, miles):
    assert miles_between(*one, *other) == pytest.approx(miles, rel=0.01)
    assert miles_between(*other, *one) == pytest.approx(miles_between(*one, *other))
    assert metres_between(*one, *other) == pytest.approx(
        miles_between(*one, *other) * geometry.METRES_PER_MILE
    )


def test_constants_come_from_one_radius():
    radius_miles, per_degree = geometry.EARTH_RADIUS_MILES, geometry.MILES_PER_DEGREE
    assert radius_miles == pytest.approx(3958.76, abs=0.01)
    assert per_degree == pytest.approx(radius_miles * math.pi / 180)
    # A degree of latitude is about 69 miles, or 111 km.
    assert per_degree == pytest.approx(69.09, abs=0.01)
    metres_per_degree = geometry.METRES_PER_DEGREE
    assert metres_per_degree == pytest.approx(per_degree * geometry.METRES_PER_MILE)


def test_a_point_is_no_distance_from_itself():
    assert miles_between(*LEEDS_STATION, *LEEDS_STATION) == 0
    assert nearest(*LEEDS_STATION, [LEEDS_STATION], within_miles=0) == [(0, LEEDS_STATION)]


def destination(lat, long, miles, bearing_degrees):
    """The point ``miles`` from the point on this bearing (on the sphere)."""
    angle = miles / geometry.EARTH_RADIUS_MILES
    phi, lam, theta = math.radians(lat), math.radians(long), math.radians(bearing_degrees)
    phi2 = math.asin(
        math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(angle) * math.cos(phi),
        math.cos(angle) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lam2)


uk_lat = st.floats(49.8, 60.9)
uk_long = st.floats(-8.2, 1.8)


@given(
    uk_lat,
    uk_long,
    st.floats(0.01, 70),
    st.floats(0, 1),
    st.floats(0, 360),
)
def test_the_box_holds_every_point_within_the_radius(lat, long, miles, fraction, bearing):
    box = box_around(lat, long, miles)
    point = destination(lat, long, miles * fraction, bearing)

    assert miles_between(lat, long, *point) == pytest.approx(miles * fraction, abs=1e-6)
    assert box.holds(*point)


@given(uk_lat, uk_long, st.floats(0.1, 70))
def test_the_box_is_not_much_bigger_than_the_circle(lat, long, miles):
    south, north, west, east = box_around(lat, long, miles)
    assert miles_between(south, long, north, long) == pytest.approx(2 * miles, rel=0.02)
    assert miles_between(lat, west, lat, long) < 1.1 * miles / math.cos(math.radians(north))


@given(
    uk_lat,
    uk_long,
    st.lists(st.tuples(st.floats(0, 60), st.floats(0, 360)), max_size=30),
    st.floats(1, 60),
)
def test_nearest_orders_by_great_circle_distance(lat, long, offsets, within):
    points = [destination(lat, long, miles, bearing) for miles, bearing in offsets]

    found = nearest(lat, long, points, within_miles=within)

    distances = [miles for miles, _point in found]
    assert distances == sorted(distances)
    for miles, point in found:
        assert miles == pytest.approx(miles_between(lat, long, *point), abs=1e-9)
    kept = {point for _miles, point in found}
    for point in points:
        if point not in kept:
            assert miles_between(lat, long, *point) > within - 1e-9


def test_nearest_reads_points_where_it_is_told_and_breaks_ties():
    places = [
        {"name": "b", "at": YORK_MINSTER},
        {"name": "a", "at": YORK_MINSTER},
        {"name": "c", "at": LEEDS_STATION},
    ]

    found = nearest(*LEEDS_STATION, places, where=lambda p: p["at"], tie=lambda p: p["name"])

    assert [p["name"] for _miles, p in found] == ["c", "a", "b"]
    assert found[1][0] == pytest.approx(miles_between(*LEEDS_STATION, *YORK_MINSTER))
    assert nearest(*LEEDS_STATION, places, within_miles=5, where=lambda p: p["at"]) == [
        (0.0, places[2])
    ]


@given(
    uk_lat,
    uk_long,
    st.lists(st.tuples(st.floats(0, 40), st.floats(0, 360), st.integers(0, 5)), max_size=40),
    st.floats(0.5, 30),
)
def test_an_index_finds_what_nearest_finds_in_the_same_order(lat, long, offsets, within):
    points = [
        (*destination(lat, long, miles, bearing), f"{key}-{n}")
        for n, (miles, bearing, key) in enumerate(offsets)
    ]
    # The first points again under other keys: ties are broken by key.
    points += [(lat_, long_, f"again-{key}") for lat_, long_, key in points[:3]]

    index = geometry.PointIndex(points)

    expected = nearest(lat, long, points, within_miles=within, tie=lambda p: p[2])
    assert index.within(lat, long, within) == [point[2] for _miles, point in expected]
    assert index.size == len(points)


def test_an_index_of_nothing_finds_nothing():
    assert geometry.PointIndex([]).within(*LEEDS_STATION, 10) == []
