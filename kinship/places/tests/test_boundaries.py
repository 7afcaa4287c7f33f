"""manage.py load_boundaries: the first load, the projection into the maps'
frame, idempotence, areas we do not hold, former codes, and rollback on
each kind of bad file; and the constituencies' hexagons: their geometry,
their place in the frame, and the HexJSON files refused.

Real files throughout: the small fixture set
(kinship/places/tests/fixtures/boundaries), broken copies of it written to
tmp_path, and the shared data when it is there.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.places import maps
from kinship.places.loading import boundaries
from kinship.places.models import AreaShape, Council, GeographyLoad
from kinship.places.tests.conftest import real_data_dir

BOUNDARIES_DIR = Path(__file__).resolve().parent / "fixtures" / "boundaries"
COUNCILS = "utla_sample.geojson"
CONSTITUENCIES = "pcon_sample.geojson"
HEXES = "pcon_sample.hexjson"
# The fixture's hexes (q, r), as in the shared data.
HEX_POSITIONS = {
    "E14001074": (57, -23),  # Barnsley North
    "E14001081": (62, -41),  # Battersea
    "E14001172": (63, -40),  # Cities of London and Westminster
    "E14001258": (56, -41),  # Guildford
    "E14001319": (60, -20),  # Leeds Central and Headingley
    "E14001323": (59, -21),  # Leeds South
    "E14001467": (58, -25),  # Sheffield Central
    "W07000089": (48, -37),  # Cardiff East
    "W07000091": (48, -38),  # Cardiff South and Penarth
    "W07000103": (47, -35),  # Neath and Swansea East
}
SUBPATH = re.compile(r"M(\d+(?:\.\d)?) (\d+(?:\.\d)?)L((?:\d+(?:\.\d)? \d+(?:\.\d)? ?)+)Z")


def load(directory: Path = BOUNDARIES_DIR) -> str:
    out = io.StringIO()
    call_command("load_boundaries", directory=directory, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> list:
    return list(AreaShape.objects.order_by("pk").values_list())


def copy_files(tmp_path: Path) -> Path:
    target = tmp_path / "boundaries"
    shutil.copytree(BOUNDARIES_DIR, target)
    return target


def edit(path: Path, change) -> None:
    """Apply ``change`` to the parsed file and write it back."""
    collection = json.loads(path.read_text())
    change(collection)
    path.write_text(json.dumps(collection))


def feature(collection: dict, code: str) -> dict:
    for item in collection["features"]:
        if code in item["properties"].values():
            return item
    raise AssertionError(f"no feature {code}")


def rings(path: str) -> list[list[tuple[float, float]]]:
    """An SVG path written by the loader, as its rings of points. Fails if
    the path is in any other form."""
    found, end = [], 0
    for match in SUBPATH.finditer(path):
        assert match.start() == end, f"unexpected text at {end}: {path[end : end + 40]!r}"
        end = match.end()
        numbers = [float(match.group(1)), float(match.group(2))]
        numbers += [float(number) for number in match.group(3).split()]
        found.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    assert end == len(path) and found, f"not a path of closed subpaths: {path[:80]!r}"
    return found


@pytest.fixture
def shapes(geography):
    load()
    return BOUNDARIES_DIR


# Loading ---------------------------------------------------------------------


def test_the_first_load_adds_a_shape_for_every_area_we_hold_and_says_so(geography):
    output = load()

    assert "council shapes: 8 added, 0 changed, 0 removed" in output
    assert "constituency shapes: 10 added, 0 changed, 0 removed" in output
    assert "hex shapes: 10 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Changes made.")
    assert AreaShape.objects.filter(kind="council").count() == 8
    assert AreaShape.objects.filter(kind="constituency").count() == 10
    assert AreaShape.objects.filter(kind="hex").count() == 10
    assert set(AreaShape.objects.filter(kind="council").values_list("code", flat=True)) == set(
        Council.objects.values_list("code", flat=True)
    )
    westminster = AreaShape.objects.get(code="E09000033", kind="council")
    assert westminster.name == "Westminster"
    # The load is recorded, which also tells the caches that maps changed.
    assert GeographyLoad.objects.filter(source="boundaries").count() == 1


def test_areas_we_do_not_hold_are_skipped_and_those_outside_are_left_out(geography):
    output = load()

    # Hartlepool; Aldershot; East Renfrewshire and Belfast East.
    assert f"{COUNCILS}: 8 councils, " in output
    assert "1 area we do not hold, skipped" in output
    assert (
        f"{CONSTITUENCIES}: 10 constituencies, " in output
        and "; 2 outside England and Wales, left out; 1 area we do not hold, skipped" in output
    )
    # Aldershot; East Renfrewshire.
    assert (
        f"{HEXES}: 10 constituency hexagons, 60 points, " in output
        and "; 1 outside England and Wales, left out; 1 area we do not hold, skipped" in output
    )
    assert not AreaShape.objects.filter(
        code__in=["E06000001", "E14001063", "S14000021", "N05000001"]
    ).exists()


def test_paths_are_closed_subpaths_to_one_decimal_place_inside_the_frame(shapes):
    for shape in AreaShape.objects.all():
        for ring in rings(shape.path):
            assert len(ring) >= 3
            for x, y in ring:
                assert 0 <= x <= maps.WIDTH and 0 <= y <= maps.HEIGHT, shape.code
            # No point repeats the one before it, nor the first the last.
            assert all(a != b for a, b in zip(ring, ring[1:] + ring[:1], strict=True))


def test_the_projection_puts_each_council_round_its_own_centre(shapes):
    """The councils file gives each council's centre: projected, it lies
    within the bounding box of the council's shape. North is up, west left."""
    for council in Council.objects.all():
        points = [
            point
            for ring in rings(AreaShape.objects.get(code=council.code, kind="council").path)
            for point in ring
        ]
        x, y = maps.project(council.long, council.lat)
        assert min(p[0] for p in points) <= x <= max(p[0] for p in points), council.name
        assert min(p[1] for p in points) <= y <= max(p[1] for p in points), council.name
    leeds = maps.project(-1.55, 53.8)
    cardiff = maps.project(-3.18, 51.48)
    assert cardiff[0] < leeds[0] and cardiff[1] > leeds[1]
    assert maps.project(maps.WEST, maps.NORTH) == (0, 0)


def test_polygons_and_holes_are_subpaths_and_repeated_points_are_dropped(geography, tmp_path):
    directory = copy_files(tmp_path)
    square = [[-0.2, 51.5], [-0.1, 51.5], [-0.1, 51.55], [-0.2, 51.55], [-0.2, 51.5]]
    hole = [[-0.17, 51.51], [-0.13, 51.51], [-0.13, 51.54], [-0.17, 51.51]]
    island = [
        [-0.3, 51.5],
        [-0.29, 51.5],
        [-0.290001, 51.500001],  # rounds to the point before: dropped
        [-0.29, 51.51],
        [-0.3, 51.5],
    ]
    speck = [[-0.4, 51.5], [-0.400001, 51.5], [-0.4, 51.500001], [-0.4, 51.5]]

    def change(collection):
        feature(collection, "E09000033")["geometry"] = {
            "type": "MultiPolygon",
            "coordinates": [[square, hole], [island], [speck]],
        }

    edit(directory / COUNCILS, change)
    load(directory)

    path = AreaShape.objects.get(code="E09000033", kind="council").path
    found = rings(path)
    assert [len(ring) for ring in found] == [4, 3, 3]  # the speck is too small to draw
    x, y = maps.project(-0.2, 51.5)
    assert path.startswith(f"M{round(x * 10) / 10:g} {round(y * 10) / 10:g}L")
    assert path.count("M") == path.count("Z") == 3


def test_a_former_council_code_finds_the_council_and_stores_its_current_code(geography, tmp_path):
    directory = copy_files(tmp_path)
    edit(
        directory / COUNCILS,
        lambda collection: feature(collection, "E08000038")["properties"].update(
            UTLA_CD="E08000016"
        ),
    )

    assert "council shapes: 8 added" in load(directory)
    assert AreaShape.objects.get(code="E08000038", kind="council").name == "Barnsley"
    assert not AreaShape.objects.filter(code="E08000016").exists()


def test_the_default_folder_is_geography_boundaries_in_the_data_folder(
    geography, tmp_path, settings
):
    target = tmp_path / "data" / "geography"
    target.mkdir(parents=True)
    copy_files(target)
    settings.DATA_DIR = tmp_path / "data"
    out = io.StringIO()
    call_command("load_boundaries", stdout=out)
    assert f"Boundaries from {target / 'boundaries'}" in out.getvalue()
    assert AreaShape.objects.count() == 28
    # A data folder works as --dir too.
    assert "Nothing changed." in load(tmp_path / "data")


# Idempotence -----------------------------------------------------------------


def test_loading_the_same_files_again_changes_nothing_and_says_so(shapes):
    before = snapshot()
    output = load()
    assert "council shapes: 0 added, 0 changed, 0 removed" in output
    assert "constituency shapes: 0 added, 0 changed, 0 removed" in output
    assert "hex shapes: 0 added, 0 changed, 0 removed" in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before
    assert GeographyLoad.objects.filter(source="boundaries").count() == 1


def test_a_changed_file_reports_exactly_what_changed(shapes, tmp_path):
    directory = copy_files(tmp_path)
    westminster = AreaShape.objects.get(code="E09000033", kind="council")

    def change(collection):
        feature(collection, "E09000033")["properties"]["UTLA_NM"] = "City of Westminster"
        collection["features"].remove(feature(collection, "W06000011"))

    edit(directory / COUNCILS, change)
    output = load(directory)

    assert "council shapes: 0 added, 1 changed, 1 removed" in output
    assert "constituency shapes: 0 added, 0 changed, 0 removed" in output
    assert "no shape for 1 councils we hold" in output
    row = AreaShape.objects.get(code="E09000033", kind="council")
    assert (row.pk, row.name, row.path) == (westminster.pk, "City of Westminster", westminster.path)
    assert not AreaShape.objects.filter(code="W06000011", kind="council").exists()
    assert AreaShape.objects.filter(kind="constituency").count() == 10
    assert GeographyLoad.objects.filter(source="boundaries").count() == 2


# Bad files: the load stops, names the file, and writes nothing ----------------


def _replace_geometry(code, geometry):
    def change(collection):
        feature(collection, code)["geometry"] = geometry

    return change


def _drop_property(code, name):
    def change(collection):
        del feature(collection, code)["properties"][name]

    return change


def _duplicate(code):
    def change(collection):
        collection["features"].append(json.loads(json.dumps(feature(collection, code))))

    return change


BAD_FILES = [
    pytest.param(
        COUNCILS,
        lambda path: path.write_text('{"type": "FeatureCollection", "features": ['),
        "not valid JSON",
        id="not-json",
    ),
    pytest.param(
        CONSTITUENCIES,
        lambda path: path.write_text('{"type": "Feature", "properties": {}, "geometry": null}'),
        "not a GeoJSON FeatureCollection",
        id="not-a-collection",
    ),
    pytest.param(
        COUNCILS,
        lambda path: path.write_text('{"type": "FeatureCollection", "features": {}}'),
        "not a GeoJSON FeatureCollection (no features list)",
        id="no-features-list",
    ),
    pytest.param(
        COUNCILS,
        lambda path: edit(path, _drop_property("E09000033", "UTLA_CD")),
        "has no code property (like UTLA_CD)",
        id="no-code",
    ),
    pytest.param(
        CONSTITUENCIES,
        lambda path: edit(path, _drop_property("W07000089", "PCON24NM")),
        "has no name property (like PCON24NM)",
        id="no-name",
    ),
    pytest.param(
        COUNCILS,
        lambda path: edit(
            path, _replace_geometry("E08000035", {"type": "Point", "coordinates": [-1.5, 53.8]})
        ),
        "(E08000035): geometry is 'Point', expected Polygon or MultiPolygon",
        id="point",
    ),
    pytest.param(
        CONSTITUENCIES,
        lambda path: edit(path, _replace_geometry("E14001081", None)),
        "(E14001081) has no geometry",
        id="no-geometry",
    ),
    pytest.param(
        COUNCILS,
        lambda path: edit(
            path,
            _replace_geometry(
                "E10000030",
                {
                    "type": "Polygon",
                    "coordinates": [[[500000, 150000], [510000, 150000], [500000, 160000]]],
                },
            ),
        ),
        "(E10000030): the point [500000, 150000] is outside England and Wales "
        "(coordinates must be WGS84 longitude and latitude)",
        id="british-national-grid",
    ),
    pytest.param(
        COUNCILS,
        lambda path: edit(
            path,
            _replace_geometry(
                "E10000030", {"type": "Polygon", "coordinates": [[[-0.5, 51.3], ["x", 51.2]]]}
            ),
        ),
        "(E10000030): ['x', 51.2] is not a [longitude, latitude] point",
        id="bad-point",
    ),
    pytest.param(
        COUNCILS,
        lambda path: edit(path, _duplicate("W06000015")),
        "W06000015 appears twice: first as feature",
        id="twice",
    ),
    pytest.param(
        CONSTITUENCIES,
        lambda path: edit(
            path,
            lambda collection: feature(collection, "E14001081")["properties"].update(
                PCON24CD="Battersea"
            ),
        ),
        "'Battersea' is not a GSS code",
        id="not-a-code",
    ),
]


def _hex(code, **changes):
    """Change (or, given None, drop) fields of one hex."""

    def change(document):
        cell = document["hexes"][code]
        for key, value in changes.items():
            if value is None:
                del cell[key]
            else:
                cell[key] = value

    return change


def _repeat_first_hex(path: Path) -> None:
    text = path.read_text()
    first = next(line for line in text.splitlines() if '"E14001074"' in line)
    path.write_text(text.replace(first, f"{first}\n{first}"))


BAD_HEX_FILES = [
    pytest.param(
        HEXES,
        lambda path: path.write_text('{"layout": "odd-r", "hexes": {'),
        "not valid JSON",
        id="hex-not-json",
    ),
    pytest.param(
        HEXES,
        lambda path: path.write_text('{"type": "FeatureCollection", "features": []}'),
        "not a HexJSON file (no hexes object)",
        id="hex-not-hexjson",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, lambda document: document.update(layout="odd-x")),
        "the layout is 'odd-x', expected one of HexJSON's: odd-r, even-r, odd-q, even-q",
        id="hex-unknown-layout",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, lambda document: document.pop("layout")),
        "the layout is None, expected one of HexJSON's",
        id="hex-no-layout",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, lambda document: document.update(layout="odd-q")),
        "the layout 'odd-q' (flat-topped hexagons in columns) is not supported: "
        "expected odd-r or even-r",
        id="hex-columns",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("E14001081", q="62")),
        "hex E14001081: q is '62', expected a whole number",
        id="hex-q-text",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("E14001081", r=-41.5)),
        "hex E14001081: r is -41.5, expected a whole number",
        id="hex-r-fraction",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("W07000089", r=None)),
        "hex W07000089: r is None, expected a whole number",
        id="hex-no-r",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("W07000089", q=True)),
        "hex W07000089: q is True, expected a whole number",
        id="hex-q-boolean",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("E14001323", q=60, r=-20)),
        "hex E14001323 is at q=60, r=-20, as E14001319 is",
        id="hex-same-place",
    ),
    pytest.param(
        HEXES,
        # Aldershot is not held, but still may not sit on Guildford.
        lambda path: edit(path, _hex("E14001063", q=56, r=-41)),
        "hex E14001063 is at q=56, r=-41, as E14001258 is",
        id="hex-same-place-as-one-not-held",
    ),
    pytest.param(
        HEXES,
        _repeat_first_hex,
        "'E14001074' appears twice in one object",
        id="hex-twice",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(
            path, lambda document: document["hexes"].update(Battersea={"q": 1, "r": 1})
        ),
        "hex 'Battersea' is not a GSS code",
        id="hex-not-a-code",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, lambda document: document["hexes"].update(E14001081=[62, -41])),
        "hex E14001081 is not an object",
        id="hex-not-an-object",
    ),
    pytest.param(
        HEXES,
        lambda path: edit(path, _hex("E14001081", n=None)),
        "hex E14001081 has no name (n)",
        id="hex-no-name",
    ),
]


@pytest.mark.parametrize(("name", "damage", "message"), BAD_FILES + BAD_HEX_FILES)
def test_a_bad_file_stops_the_load_names_the_file_and_writes_nothing(
    shapes, tmp_path, name, damage, message
):
    directory = copy_files(tmp_path)
    # Something to change, so that a half-done load would show.
    edit(
        directory / COUNCILS,
        lambda collection: collection["features"].remove(feature(collection, "E09000032")),
    )
    damage(directory / name)
    before = snapshot()
    loads = GeographyLoad.objects.count()

    with pytest.raises(CommandError) as error:
        load(directory)

    assert str(error.value).startswith(f"{directory / name}")
    assert message in str(error.value)
    assert snapshot() == before
    assert GeographyLoad.objects.count() == loads


def test_a_first_load_that_fails_leaves_no_shapes(geography, tmp_path):
    directory = copy_files(tmp_path)
    edit(directory / CONSTITUENCIES, _replace_geometry("W07000091", None))
    with pytest.raises(CommandError, match="has no geometry"):
        load(directory)
    assert not AreaShape.objects.exists()


def test_a_missing_or_ambiguous_file_is_an_error(geography, tmp_path):
    directory = copy_files(tmp_path)
    (directory / CONSTITUENCIES).unlink()
    with pytest.raises(CommandError, match=r"expected one constituencies file named pcon\*"):
        load(directory)
    shutil.copy(BOUNDARIES_DIR / CONSTITUENCIES, directory / CONSTITUENCIES)
    shutil.copy(directory / COUNCILS, directory / "utla_2024.geojson")
    with pytest.raises(CommandError, match="found utla_2024.geojson, utla_sample.geojson"):
        load(directory)
    with pytest.raises(CommandError, match="no such directory"):
        load(tmp_path / "nowhere")
    shutil.copy(BOUNDARIES_DIR / COUNCILS, directory / COUNCILS)
    (directory / "utla_2024.geojson").unlink()
    shutil.copy(directory / HEXES, directory / "pcon24_uk_hex.hexjson")
    with pytest.raises(
        CommandError,
        match=r"expected at most one constituency hexagons file named pcon\*\.hexjson, "
        "found pcon24_uk_hex.hexjson, pcon_sample.hexjson",
    ):
        load(directory)
    assert not AreaShape.objects.exists()


def test_without_councils_in_the_database_it_says_to_load_the_geography_first(db):
    with pytest.raises(CommandError, match="run load_geography first"):
        load()


# Hexagons --------------------------------------------------------------------


def hexagon(path: str) -> list[tuple[float, float]]:
    """A hexagon's path as its six corners."""
    (ring,) = rings(path)
    assert len(ring) == 6, path
    return ring


def centre(corners: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(x for x, _ in corners) / 6, sum(y for _, y in corners) / 6)


def hex_corners(kind: str = "hex") -> dict[str, list[tuple[float, float]]]:
    return {
        code: hexagon(path)
        for code, path in AreaShape.objects.filter(kind=kind).values_list("code", "path")
    }


def test_each_hex_is_a_regular_pointy_topped_hexagon_named_as_in_the_file(shapes):
    corners = hex_corners()
    assert sorted(corners) == sorted(HEX_POSITIONS)
    width = None
    for code, points in corners.items():
        cx, cy = centre(points)
        # The same distance from the centre to every corner, give or take
        # the rounding; the first corner is the top one.
        radii = [math.dist((cx, cy), point) for point in points]
        assert max(radii) - min(radii) < 0.15, code
        assert points[0][0] == pytest.approx(cx, abs=0.05) and points[0][1] < cy
        width = width or points[1][0] - points[5][0]
        assert points[1][0] - points[5][0] == pytest.approx(width, abs=0.1)
        assert width == pytest.approx(math.sqrt(3) * sum(radii) / 6, abs=0.15)
    names = dict(AreaShape.objects.filter(kind="hex").values_list("code", "name"))
    assert names["E14001172"] == "Cities of London and Westminster"
    assert names["W07000103"] == "Neath and Swansea East"


def test_hexes_sit_in_their_rows_and_columns_with_north_up(shapes):
    corners = hex_corners()
    centres = {code: centre(points) for code, points in corners.items()}
    width = corners["E14001081"][1][0] - corners["E14001081"][5][0]
    radius = (corners["E14001081"][3][1] - corners["E14001081"][0][1]) / 2

    def offset(a: str, b: str) -> tuple[float, float]:
        return centres[b][0] - centres[a][0], centres[b][1] - centres[a][1]

    # Guildford and Battersea: the same row, six hexes apart.
    assert offset("E14001258", "E14001081") == pytest.approx((6 * width, 0), abs=0.1)
    # Barnsley North and Sheffield Central, both on odd rows: one column
    # right and two rows (three radii) down.
    assert offset("E14001074", "E14001467") == pytest.approx((width, 3 * radius), abs=0.1)
    # Cardiff South and Penarth (row -38, even) and Cardiff East (row -37,
    # odd, so half a hex right) in the same column: neighbours, sharing the
    # edge between them exactly.
    assert offset("W07000091", "W07000089") == pytest.approx((width / 2, -1.5 * radius), abs=0.1)
    assert len(set(corners["W07000089"]) & set(corners["W07000091"])) == 2
    # Leeds Central and Headingley (even) and Leeds South (odd, one column
    # left): neighbours too.
    assert offset("E14001319", "E14001323") == pytest.approx((-width / 2, 1.5 * radius), abs=0.1)
    assert len(set(corners["E14001319"]) & set(corners["E14001323"])) == 2
    # North above south, west left of east.
    ys = [centres[code][1] for code in ("E14001319", "E14001074", "W07000103", "E14001081")]
    assert ys == sorted(ys)
    assert centres["W07000089"][0] < centres["E14001081"][0]


def test_the_hexes_fill_the_box_below_the_legend_centred(shapes):
    left, top, right, bottom = boundaries.HEX_BOX
    assert (left, top, right, bottom) == (10, 200, maps.WIDTH - 10, maps.HEIGHT - 10)
    points = [point for corners in hex_corners().values() for point in corners]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert left <= min(xs) and max(xs) <= right
    assert top <= min(ys) and max(ys) <= bottom
    # As large as fits: here the height decides, and the width is centred.
    assert (min(ys), max(ys)) == (top, bottom)
    assert (min(xs) + max(xs)) / 2 == pytest.approx(maps.WIDTH / 2, abs=0.1)


@pytest.mark.parametrize(
    ("layout", "shifted"), [("odd-r", [-3, -1, 1, 3]), ("even-r", [-4, -2, 0, 2])]
)
def test_odd_r_and_even_r_push_their_own_rows_half_a_hex_right(layout, shifted):
    cells = {f"X{q}_{r}": (q, r) for q in range(3) for r in range(-4, 4)}
    corners = {code: hexagon(path) for code, path in boundaries.hex_paths(cells, layout).items()}
    xs = [x for points in corners.values() for x, _ in points]
    left, width = min(xs), (max(xs) - min(xs)) / 3.5  # three hexes and a half
    for code, (q, r) in cells.items():
        x, y = centre(corners[code])
        push = width / 2 if r in shifted else 0
        assert x == pytest.approx(left + width / 2 + q * width + push, abs=0.15), code
        if r < 3:  # up a row is up the page
            assert y > centre(corners[f"X{q}_{r + 1}"])[1]
    # Neighbours in a row share an edge: two corners, exactly.
    assert len(set(corners["X0_-3"]) & set(corners["X1_-3"])) == 2
    assert corners["X1_-3"][5] == corners["X0_-3"][1]
    assert corners["X1_-3"][4] == corners["X0_-3"][2]


def test_only_the_hexes_we_hold_decide_the_size(geography, tmp_path):
    """A hex we do not hold, far away, does not shrink the map."""
    directory = copy_files(tmp_path)
    edit(directory / HEXES, _hex("E14001063", q=500, r=-500))
    load(directory)
    moved = hex_corners()
    AreaShape.objects.all().delete()
    load()
    assert hex_corners() == moved


def test_without_a_hexjson_file_the_hexes_are_left_as_they_are(shapes, tmp_path):
    before = snapshot()
    directory = copy_files(tmp_path)
    (directory / HEXES).unlink()
    output = load(directory)
    assert "hex shapes" not in output and HEXES not in output
    assert output.strip().endswith("Nothing changed.")
    assert snapshot() == before
    AreaShape.objects.all().delete()
    load(directory)
    assert AreaShape.objects.count() == 18
    assert not AreaShape.objects.filter(kind="hex").exists()


def test_a_hex_renamed_in_the_file_is_changed_and_a_hex_dropped_removed(shapes, tmp_path):
    directory = copy_files(tmp_path)

    def change(document):
        document["hexes"]["E14001081"]["n"] = "Battersea and Wandsworth Town"
        del document["hexes"]["E14001467"]

    edit(directory / HEXES, change)
    output = load(directory)
    # Sheffield Central was at no edge of the map, so the size and place of
    # the rest stay the same: only the renamed hex changes.
    assert "hex shapes: 0 added, 1 changed, 1 removed" in output
    assert "no shape for 1 constituency hexagons we hold" in output
    assert AreaShape.objects.get(code="E14001081", kind="hex").name == (
        "Battersea and Wandsworth Town"
    )


# The shared data -------------------------------------------------------------


def test_the_shared_data_gives_every_council_and_constituency(real_geography):
    started = GeographyLoad.objects.count()
    output = load(real_geography / "boundaries")

    assert "utla_2023_ew.geojson: 175 councils, " in output
    assert "pcon24_uk_buc.geojson: 575 constituencies, " in output
    assert "pcon24_uk_hex.hexjson: 575 constituency hexagons, 3,450 points, " in output
    assert output.count("75 outside England and Wales, left out") == 2
    assert "we do not hold" not in output and "no shape for" not in output
    assert AreaShape.objects.filter(kind="council").count() == 175
    assert AreaShape.objects.filter(kind="constituency").count() == 575
    assert AreaShape.objects.filter(kind="hex").count() == 575
    # Barnsley and Sheffield under their new codes.
    assert (
        AreaShape.objects.filter(code__in=["E08000038", "E08000039"], kind="council").count() == 2
    )
    xs, ys = [], []
    for path in AreaShape.objects.exclude(kind="hex").values_list("path", flat=True):
        for ring in rings(path):
            xs.extend(x for x, _ in ring)
            ys.extend(y for _, y in ring)
    # Everything inside the frame, with a margin on every side.
    assert 0 < min(xs) < 15 and maps.WIDTH - 15 < max(xs) < maps.WIDTH
    assert 0 < min(ys) < 15 and maps.HEIGHT - 15 < max(ys) < maps.HEIGHT
    assert "Nothing changed." in load(real_geography / "boundaries")
    assert GeographyLoad.objects.count() == started + 1


def test_the_shared_hexes_of_england_and_wales_fit_the_box_each_in_its_own_place():
    """Straight from the file, without the database: every hex of England
    and Wales, drawn, inside the box, no two in one place."""
    path = real_data_dir() / "boundaries" / "pcon24_uk_hex.hexjson"
    document = json.loads(path.read_text())
    held = {code: code for code in document["hexes"] if code.startswith(("E14", "W07"))}
    kind = next(kind for kind in boundaries.FILE_KINDS if kind.kind == "hex")

    read = boundaries.read_hexjson(kind, path, held)

    assert len(read.shapes) == 575 and read.outside == 75
    assert not read.skipped and not read.missing
    left, top, right, bottom = boundaries.HEX_BOX
    centres = set()
    for code, shape in read.shapes.items():
        corners = hexagon(shape["path"])
        assert all(left <= x <= right and top <= y <= bottom for x, y in corners), code
        centres.add(tuple(round(value) for value in centre(corners)))
    assert len(centres) == 575
