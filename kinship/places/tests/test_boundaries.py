"""manage.py load_boundaries: the first load, the projection into the maps'
frame, idempotence, areas we do not hold, former codes, and rollback on
each kind of bad file.

Real files throughout: the small fixture set
(kinship/places/tests/fixtures/boundaries), broken copies of it written to
tmp_path, and the shared data when it is there.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kinship.places import maps
from kinship.places.models import AreaShape, Council, GeographyLoad

BOUNDARIES_DIR = Path(__file__).resolve().parent / "fixtures" / "boundaries"
COUNCILS = "utla_sample.geojson"
CONSTITUENCIES = "pcon_sample.geojson"
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
    assert output.strip().endswith("Changes made.")
    assert AreaShape.objects.filter(kind="council").count() == 8
    assert AreaShape.objects.filter(kind="constituency").count() == 10
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
    assert AreaShape.objects.count() == 18
    # A data folder works as --dir too.
    assert "Nothing changed." in load(tmp_path / "data")


# Idempotence -----------------------------------------------------------------


def test_loading_the_same_files_again_changes_nothing_and_says_so(shapes):
    before = snapshot()
    output = load()
    assert "council shapes: 0 added, 0 changed, 0 removed" in output
    assert "constituency shapes: 0 added, 0 changed, 0 removed" in output
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


@pytest.mark.parametrize(("name", "damage", "message"), BAD_FILES)
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
    assert not AreaShape.objects.exists()


def test_without_councils_in_the_database_it_says_to_load_the_geography_first(db):
    with pytest.raises(CommandError, match="run load_geography first"):
        load()


# The shared data -------------------------------------------------------------


def test_the_shared_data_gives_every_council_and_constituency(real_geography):
    started = GeographyLoad.objects.count()
    output = load(real_geography / "boundaries")

    assert "utla_2023_ew.geojson: 175 councils, " in output
    assert "pcon24_uk_buc.geojson: 575 constituencies, " in output
    assert "75 outside England and Wales, left out" in output
    assert "we do not hold" not in output and "no shape for" not in output
    assert AreaShape.objects.filter(kind="council").count() == 175
    assert AreaShape.objects.filter(kind="constituency").count() == 575
    # Barnsley and Sheffield under their new codes.
    assert (
        AreaShape.objects.filter(code__in=["E08000038", "E08000039"], kind="council").count() == 2
    )
    xs, ys = [], []
    for path in AreaShape.objects.values_list("path", flat=True):
        for ring in rings(path):
            xs.extend(x for x, _ in ring)
            ys.extend(y for _, y in ring)
    # Everything inside the frame, with a margin on every side.
    assert 0 < min(xs) < 15 and maps.WIDTH - 15 < max(xs) < maps.WIDTH
    assert 0 < min(ys) < 15 and maps.HEIGHT - 15 < max(ys) < maps.HEIGHT
    assert "Nothing changed." in load(real_geography / "boundaries")
    assert GeographyLoad.objects.count() == started + 1
