"""kinship.places.maps: quantile classes, and the choropleth as SVG: valid
XML, one shape per area, accessible names, escaping, colours by class, "no
figure", the constituencies' hexagons inside the frame, and the size of a
full council map and a full hexagon map; its legend as HTML beside it,
with its source, one swatch and range a class, and "no figure".

The shapes are loaded with the real loader from the boundary fixtures
(kinship/places/tests/fixtures/boundaries), and from the shared data when
it is there.
"""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command

from kinship.places import maps
from kinship.places.maps import PALETTES, choropleth, class_of, classes
from kinship.places.models import AreaShape

BOUNDARIES_DIR = Path(__file__).resolve().parent / "fixtures" / "boundaries"
SVG = "{http://www.w3.org/2000/svg}"
COUNCIL_CODES = [
    "E08000035",  # Leeds
    "E08000038",  # Barnsley
    "E08000039",  # Sheffield
    "E09000032",  # Wandsworth
    "E09000033",  # Westminster
    "E10000030",  # Surrey
    "W06000011",  # Swansea
    "W06000015",  # Cardiff
]
CONSTITUENCY_CODES = [
    "E14001074",  # Barnsley North
    "E14001081",  # Battersea
    "E14001172",  # Cities of London and Westminster
    "E14001258",  # Guildford
    "E14001319",  # Leeds Central and Headingley
    "E14001323",  # Leeds South
    "E14001467",  # Sheffield Central
    "W07000089",  # Cardiff East
    "W07000091",  # Cardiff South and Penarth
    "W07000103",  # Neath and Swansea East
]


@pytest.fixture
def shapes(geography):
    call_command(
        "load_boundaries", directory=BOUNDARIES_DIR, stdout=io.StringIO(), stderr=io.StringIO()
    )


def draw(values, **options) -> maps.Choropleth:
    options.setdefault("title", "Children in each council")
    options.setdefault("legend_title", "Children aged 0 to 17")
    return choropleth(options.pop("kind", "council"), values, **options)


def parse(drawn: maps.Choropleth | str) -> ET.Element:
    """The map's SVG, parsed."""
    root = ET.fromstring(getattr(drawn, "svg", drawn))  # noqa: S314 (our own output)
    assert root.tag == f"{SVG}svg"
    return root


def parse_legend(drawn: maps.Choropleth) -> ET.Element:
    """The legend's HTML, parsed (it is well-formed XML too)."""
    root = ET.fromstring(drawn.legend)  # noqa: S314 (our own output)
    assert root.tag == "div" and root.get("data-testid") == "map-legend"
    return root


def areas(root: ET.Element) -> dict[str, ET.Element]:
    """Each area's path by its code."""
    group = root.find(f"{SVG}g[@class='kinship-map__areas']")
    return {path.get("data-code"): path for path in group.iter(f"{SVG}path")}


def corners(path: str) -> list[tuple[float, float]]:
    """The points of a path of straight lines, in order."""
    numbers = [float(number) for number in path.replace("M", " ").replace("L", " ")[:-1].split()]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def legend_texts(drawn: maps.Choropleth) -> list[str]:
    """The legend's title, then each row's text."""
    root = parse_legend(drawn)
    title = root.find("p").text
    return [title, *(span.text for span in root.iter("span"))]


# Classes -----------------------------------------------------------------------


def test_quantile_classes_hold_about_as_many_values_each():
    assert classes(range(1, 11)) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    assert classes([float(v) for v in range(100)], n=4) == [
        (0, 24),
        (25, 49),
        (50, 74),
        (75, 99),
    ]


def test_classes_leave_out_missing_values_and_take_a_mapping():
    values = {"a": 1, "b": None, "c": 3, "d": float("nan"), "e": 2, "f": 4, "g": 5, "h": 6}
    assert classes(values, n=3) == [(1, 2), (3, 4), (5, 6)]


def test_fewer_distinct_values_than_classes_give_a_class_each():
    assert classes([3, 1, 3, 2, None]) == [(1, 1), (2, 2), (3, 3)]


def test_equal_values_are_never_split_between_classes():
    ranges = classes([1] * 8 + [2, 3, 4, 5, 6, 7])
    assert ranges == [(1, 1), (2, 2), (3, 5), (6, 7)]
    assert [class_of(value, ranges) for value in (1, 2, 3, 4, 5, 6, 7)] == [0, 1, 2, 2, 2, 3, 3]


def test_all_equal_values_make_one_class_and_no_values_none():
    assert classes([7.5] * 20) == [(7.5, 7.5)]
    assert classes([]) == []
    assert classes([None, None]) == []
    assert classes({}) == []
    assert classes([1, 2, 3], n=1) == [(1, 3)]


def test_every_value_falls_in_the_class_whose_range_holds_it():
    values = [math.sqrt(v) * 13 % 17 for v in range(1, 200)]
    ranges = classes(values)
    assert len(ranges) == 5
    assert all(low <= high for low, high in ranges)
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    for value in values:
        low, high = ranges[class_of(value, ranges)]
        assert low <= value <= high


# The map ---------------------------------------------------------------------


def test_the_map_is_an_accessible_svg_image_with_one_path_per_area(shapes):
    svg = draw({code: i for i, code in enumerate(COUNCIL_CODES)}, title="Children by council")
    root = parse(svg)

    assert root.get("viewBox") == f"0 0 {maps.WIDTH} {maps.HEIGHT}" == "0 0 600 732"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "Children by council"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == desc_id
    assert description.text.startswith("Map of 8 councils in England and Wales")
    assert sorted(areas(root)) == sorted(COUNCIL_CODES)
    stored = dict(AreaShape.objects.filter(kind="council").values_list("code", "path"))
    assert {code: path.get("d") for code, path in areas(root).items()} == stored
    group = root.find(f"{SVG}g[@class='kinship-map__areas']")
    assert (group.get("stroke"), group.get("stroke-width")) == ("#ffffff", "0.5")
    assert root.find(f"{SVG}a") is None


def test_constituencies_are_drawn_the_same_way(shapes):
    root = parse(draw({}, kind="constituency", map_id="seats"))
    assert len(areas(root)) == 10
    assert root.get("id") == "seats"
    assert root.get("aria-labelledby") == "seats-title seats-desc"


def test_hexagons_are_drawn_the_same_way_one_linked_named_path_each(shapes):
    values = {code: i * 10 for i, code in enumerate(CONSTITUENCY_CODES[:-1])}
    links = {code: f"/constituencies/{code}/" for code in CONSTITUENCY_CODES}
    root = parse(
        draw(
            values,
            kind="hex",
            links=links,
            labels={"E14001081": "Battersea (hex)"},
            title="Children in each constituency",
        )
    )

    assert root.get("viewBox") == "0 0 600 732" and root.get("id") == "map-hex"
    assert root.get("role") == "group"
    assert root.find(f"{SVG}title").text == "Children in each constituency"
    assert root.find(f"{SVG}desc").text.startswith(
        "Map of 10 constituencies in England and Wales: Children aged 0 to 17."
    )
    anchors = root.findall(f".//{SVG}a")
    assert len(anchors) == 10
    stored = dict(AreaShape.objects.filter(kind="hex").values_list("code", "path"))
    for anchor in anchors:
        (path,) = anchor.findall(f"{SVG}path")
        code = path.get("data-code")
        assert anchor.get("href") == links[code]
        assert path.get("d") == stored[code]
        assert len(corners(path.get("d"))) == 6
    titles = {code: path.find(f"{SVG}title").text for code, path in areas(root).items()}
    assert titles["E14001074"] == "Barnsley North: 0"
    assert titles["E14001081"] == "Battersea (hex): 10"
    assert titles["W07000103"] == "Neath and Swansea East: no figure"


def test_the_svg_holds_only_the_shapes_and_the_legend_is_html(shapes):
    """No text is drawn in the SVG (it would shrink with the map to a few
    pixels on a phone): the legend is HTML, and the hexagons stay inside
    the frame."""
    values = {code: i for i, code in enumerate(CONSTITUENCY_CODES)}
    drawn = draw(values, kind="hex", legend_title="Children aged 0 to 17, per 1,000 people")
    root = parse(drawn)

    assert list(root.iter(f"{SVG}text")) == []
    assert root.find(f"{SVG}g[@class='kinship-map__legend']") is None
    assert [group.get("class") for group in root.findall(f"{SVG}g")] == ["kinship-map__areas"]
    assert len(legend_texts(drawn)) == 1 + 5 + 1
    points = [point for path in areas(root).values() for point in corners(path.get("d"))]
    assert all(10 <= x <= maps.WIDTH - 10 and y <= maps.HEIGHT - 10 for x, y in points)
    # Put whole into a template, it is the map and then its legend.
    assert str(drawn) == drawn.svg + drawn.legend


def test_each_area_is_named_with_its_figure(shapes):
    root = parse(
        draw(
            {"E08000035": 155531, "E09000033": 30140.5},
            labels={"E08000035": "Leeds City"},
        )
    )
    titles = {code: path.find(f"{SVG}title").text for code, path in areas(root).items()}
    assert titles["E08000035"] == "Leeds City: 155,531"
    assert titles["E09000033"] == "Westminster: 30,140.5"
    assert titles["W06000015"] == "Cardiff: no figure"


def test_links_make_each_area_a_link_named_by_its_title(shapes):
    links = {code: f"/councils/{code}/?from=map&kind=council" for code in COUNCIL_CODES[:-1]}
    svg = draw({code: 1.0 for code in COUNCIL_CODES}, links=links).svg
    root = parse(svg)

    anchors = root.findall(f".//{SVG}a")
    assert len(anchors) == 7
    for anchor in anchors:
        path = anchor.find(f"{SVG}path")
        code = path.get("data-code")
        assert anchor.get("href") == links[code]
        assert path.find(f"{SVG}title").text.endswith(": 1")
    # A map holding links is a labelled group, so that the links stay
    # reachable (role="img" would hide them from assistive technology).
    assert root.get("role") == "group"
    assert "&from=" not in svg and "&amp;kind=council" in svg


def test_every_text_is_escaped(shapes):
    evil = '<script>alert("x")</script> & Sons'
    drawn = draw(
        {"E09000033": 5, "E08000035": 7},
        title=f"Title {evil}",
        legend_title=f"Legend {evil}",
        legend_source=f"Source {evil}",
        description=f"About {evil}",
        labels={"E09000033": evil},
        links={"E09000033": 'https://example.org/?a=1&b="2"><script>'},
        value_format=lambda value: f"{value:.0f} <b>&</b>",
    )
    svg = str(drawn)
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(drawn)

    assert root.find(f"{SVG}title").text == f"Title {evil}"
    assert root.find(f"{SVG}desc").text == f"About {evil}"
    westminster = areas(root)["E09000033"]
    assert westminster.find(f"{SVG}title").text == f"{evil}: 5 <b>&</b>"
    assert root.find(f".//{SVG}a").get("href") == 'https://example.org/?a=1&b="2"><script>'
    assert legend_texts(drawn)[0] == f"Legend {evil}"
    assert "5 <b>&</b>" in legend_texts(drawn)
    source = parse_legend(drawn).find("p[@data-testid='map-legend-source']")
    assert source.text == f"Source: Source {evil}"


def test_the_legend_gives_each_class_its_range_and_no_figure(shapes):
    values = dict(zip(COUNCIL_CODES, [10, 20, 30, 40, 50, 60, 70, None], strict=True))
    drawn = draw(
        values,
        legend_title="Children aged 0 to 17, per 1,000 people",
        legend_source="ONS, mid-2023",
    )
    root = parse(drawn)

    texts = legend_texts(drawn)
    # The title (HTML text wraps by itself); then one row per class, then no figure.
    assert texts[0] == "Children aged 0 to 17, per 1,000 people"
    assert texts[1:] == ["10 to 20", "30", "40 to 50", "60", "70", "No figure"]
    legend = parse_legend(drawn)
    assert legend.find("p[@data-testid='map-legend-source']").text == "Source: ONS, mid-2023"
    # Each row: a swatch, hidden from assistive technology (the text says it
    # all), outlined so that the lightest shows on white, then its range.
    swatches = list(legend.iter(f"{SVG}svg"))
    assert len(swatches) == 6
    assert all(swatch.get("aria-hidden") == "true" for swatch in swatches)
    boxes = [swatch.findall(f"{SVG}rect")[-1] for swatch in swatches]
    assert [box.get("fill") for box in boxes] == [*PALETTES[5], "url(#map-council-legend-none)"]
    assert {box.get("stroke") for box in boxes} == {maps.TEXT_COLOUR}
    hatch = swatches[-1].find(f"{SVG}defs/{SVG}pattern")
    assert hatch.get("id") == "map-council-legend-none"
    assert hatch.find(f"{SVG}rect").get("fill") == maps.NO_FIGURE_FILL
    description = root.find(f"{SVG}desc").text
    assert "5 shades from light to dark, 10 to 20 (lightest) to 70 (darkest)" in description
    assert "1 area has no figure (grey, hatched)." in description


def test_each_area_is_coloured_by_its_class(shapes):
    values = dict(zip(COUNCIL_CODES, [1, 2, 3, 4, 5, 6, 7, 8], strict=True))
    root = parse(draw(values))
    ranges = classes(values.values())
    assert ranges == [(1, 2), (3, 4), (5, 5), (6, 7), (8, 8)]
    fills = {code: path.get("fill") for code, path in areas(root).items()}
    for code, value in values.items():
        assert fills[code] == PALETTES[5][class_of(value, ranges)]
    assert fills["E08000035"] == "#ffffcc"  # lightest for the lowest
    assert fills["W06000015"] == "#253494"  # darkest for the highest
    # Fewer classes take the palette of that many.
    fills = {code: path.get("fill") for code, path in areas(parse(draw(values, n=3))).items()}
    assert set(fills.values()) == set(PALETTES[3])


def test_areas_with_no_figure_are_grey_and_hatched(shapes):
    root = parse(draw({"E08000035": 3.0, "E09000033": None, "E10000030": float("nan")}))

    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern.get("id") == "map-council-none"
    assert pattern.find(f"{SVG}rect").get("fill") == maps.NO_FIGURE_FILL
    assert pattern.find(f"{SVG}path") is not None  # the hatching
    fills = {code: path.get("fill") for code, path in areas(root).items()}
    assert fills.pop("E08000035") in PALETTES[1]
    assert set(fills.values()) == {"url(#map-council-none)"}
    assert maps.NO_FIGURE_FILL not in {
        colour for palette in PALETTES.values() for colour in palette
    }


def test_a_map_with_no_figures_at_all_has_only_no_figure_in_its_legend(shapes):
    drawn = draw({})
    assert legend_texts(drawn)[-1:] == ["No figure"]
    assert len(legend_texts(drawn)) == 2
    assert "8 areas have no figure" in parse(drawn).find(f"{SVG}desc").text
    # Without a source, the legend names none.
    assert parse_legend(drawn).find("p[@data-testid='map-legend-source']") is None


def test_bad_arguments_are_refused(shapes):
    with pytest.raises(ValueError, match="kind must be one of"):
        draw({}, kind="district")
    with pytest.raises(ValueError, match="map_id"):
        draw({}, map_id='x" onload="alert(1)')
    with pytest.raises(ValueError, match="n must be between"):
        draw({}, n=9)


# The full map ----------------------------------------------------------------


def test_a_map_of_all_175_councils_is_under_300_kb(real_geography):
    call_command(
        "load_boundaries",
        directory=real_geography / "boundaries",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    codes = list(AreaShape.objects.filter(kind="council").values_list("code", flat=True))
    assert len(codes) == 175
    values = {code: (i * 7919) % 1000 / 10 for i, code in enumerate(codes)}
    values[codes[0]] = None
    links = {code: f"/councils/{code}/" for code in codes}

    svg = draw(values, links=links, value_format=lambda value: f"{value:.1f}%").svg

    assert len(svg.encode()) < 300_000
    root = parse(svg)
    assert len(areas(root)) == 175
    assert len(root.findall(f".//{SVG}a")) == 175
    assert len({path.get("fill") for path in areas(root).values()}) == 6


def test_a_map_of_all_575_hexagons_is_small_and_inside_the_frame(real_geography):
    call_command(
        "load_boundaries",
        directory=real_geography / "boundaries",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    codes = list(AreaShape.objects.filter(kind="hex").values_list("code", flat=True))
    assert len(codes) == 575
    values = {code: (i * 7919) % 1000 / 10 for i, code in enumerate(codes)}
    links = {code: f"/constituencies/{code}/" for code in codes}

    svg = draw(values, kind="hex", links=links, legend_title="Children in kinship care, %").svg

    assert len(svg.encode()) < 300_000
    root = parse(svg)
    assert len(root.findall(f".//{SVG}a")) == 575
    assert "Map of 575 constituencies in England and Wales" in root.find(f"{SVG}desc").text
    points = [point for path in areas(root).values() for point in corners(path.get("d"))]
    assert min(y for _, y in points) >= 200
    assert min(x for x, _ in points) >= 10 and max(x for x, _ in points) <= maps.WIDTH - 10
