"""Boundaries of councils and constituencies: reading the GeoJSON files and
storing each area's outline as an SVG path in the maps' frame
(``AreaShape``), for ``kinship.places.maps``; and the constituencies'
hexagons, an equal-area cartogram, drawn in the same frame.

A boundaries folder holds two files, found by name, and may hold a third:

- ``utla*.geojson`` (the shared data: ``utla_2023_ew.geojson``): councils,
  code property ``UTLA_CD`` and name ``UTLA_NM`` (or ``UTLA23CD``,
  ``CTYUA23CD`` and the like, as ONS names them);
- ``pcon*.geojson`` (``pcon24_uk_buc.geojson``): constituencies,
  ``PCON24CD`` and ``PCON24NM``. Only England (``E14…``) and Wales
  (``W07…``) are kept; the rest are left out and counted;
- ``pcon*.hexjson`` (``pcon24_uk_hex.hexjson``): one hexagon a
  constituency, in the Open Data Institute's HexJSON format, kind ``hex``.
  Without this file the hexagons are neither loaded nor removed.

Plain JSON, WGS84 longitude and latitude, Polygon or MultiPolygon
geometries. Each point is projected with ``maps.project`` and rounded to
0.1 of a map unit; a point that rounds to the same place as the one before
is dropped, and so is a ring left with fewer than three points. Each
polygon and each hole becomes a subpath closed with ``Z`` (the maps fill
with the even-odd rule, so holes stay holes).

HexJSON gives each hex a column ``q`` and a row ``r`` (larger ``r`` further
north) and a name ``n``; hexagons are pointy-topped, in rows, with the odd
(``odd-r``) or even (``even-r``) rows pushed half a hexagon right; the
column layouts (``odd-q``, ``even-q``) are refused. The hexagons we hold
are fitted into the box ``HEX_BOX``: as large as fits, centred, below the
maps' legend (see ``hex_paths``).

All the files are read and checked in full first; the first problem stops the
load with the file named, before anything is written. Areas we do not hold
(not loaded by ``load_geography``) are skipped and counted. Councils are
matched on their code or former code and stored under the current code.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kinship.places import maps
from kinship.places.models import AreaShape, Constituency, Council, GeographyLoad

from . import files
from .errors import LoadError
from .report import Changes, FilesReport
from .sync import replace_rows

Kind = AreaShape.Kind

# Bump when shapes are drawn differently (the frame, the rounding), so that
# the fingerprint recorded in GeographyLoad changes with the paths.
VERSION = "boundaries-1"
FIELDS = ("name", "path")
GSS_LIKE = re.compile(r"^[A-Z][0-9]{8}$")

HEX_LAYOUTS = ("odd-r", "even-r", "odd-q", "even-q")
# For each layout drawn, which rows (r & 1, right for negative rows too)
# are pushed half a hexagon to the right.
SHIFTED_ROWS = {"odd-r": 1, "even-r": 0}
# Where the hexagons go (left, top, right, bottom): the frame less 10 units
# on each side, and less the top 200 units, where the legend was drawn
# before it moved out of the SVG into HTML (kept, so that the hexagons'
# paths, and the fingerprint of loads, do not change).
HEX_BOX = (10, 200, maps.WIDTH - 10, maps.HEIGHT - 10)


@dataclass(frozen=True)
class FileKind:
    kind: str
    pattern: str  # glob, matched against lower-case names
    code_property: re.Pattern | None  # None: not GeoJSON
    name_property: re.Pattern | None
    code_hint: str  # for messages
    name_hint: str
    prefixes: tuple[str, ...]  # codes of England and Wales
    plural: str
    optional: bool = False  # a folder without this file is fine


FILE_KINDS = (
    FileKind(
        Kind.COUNCIL,
        "utla*.geojson",
        re.compile(r"^(utla|ctyua)(\d{2})?_?cd$", re.IGNORECASE),
        re.compile(r"^(utla|ctyua)(\d{2})?_?nm$", re.IGNORECASE),
        "UTLA_CD",
        "UTLA_NM",
        ("E", "W"),
        "councils",
    ),
    FileKind(
        Kind.CONSTITUENCY,
        "pcon*.geojson",
        re.compile(r"^pcon(\d{2})?_?cd$", re.IGNORECASE),
        re.compile(r"^pcon(\d{2})?_?nm$", re.IGNORECASE),
        "PCON24CD",
        "PCON24NM",
        ("E14", "W07"),
        "constituencies",
    ),
    FileKind(
        Kind.HEX,
        "pcon*.hexjson",
        None,
        None,
        "E14001074",
        "n",
        ("E14", "W07"),
        "constituency hexagons",
        optional=True,
    ),
)


@dataclass
class BoundaryFile:
    """One file as read: the path and name of each area we hold, by its
    current code."""

    path: Path
    kind: FileKind
    shapes: dict[str, dict] = field(default_factory=dict)
    points: int = 0  # points kept, over all shapes
    skipped: int = 0  # areas of England and Wales we do not hold
    outside: int = 0  # areas outside England and Wales
    missing: int = 0  # areas we hold that the file has no shape for


class BoundaryReport(FilesReport):
    title = "Boundaries"

    def file_line(self, read) -> str:
        size = sum(len(shape["path"]) for shape in read.shapes.values())
        line = (
            f"{read.path.name}: {len(read.shapes):,} {read.kind.plural}, "
            f"{read.points:,} points, {size / 1000:,.0f} kB of paths"
        )
        if read.outside:
            line += f"; {read.outside:,} outside England and Wales, left out"
        if read.skipped:
            areas = "area" if read.skipped == 1 else "areas"
            line += f"; {read.skipped:,} {areas} we do not hold, skipped"
        if read.missing:
            line += f"; no shape for {read.missing:,} {read.kind.plural} we hold"
        return line


def boundaries_dir(source: Path | str) -> Path:
    """The folder holding the boundary files: ``source`` itself, or its
    ``boundaries`` or ``geography/boundaries`` folder."""
    source = Path(source)
    if not source.is_dir():
        raise LoadError(source, "no such directory")
    for candidate in (source, source / "boundaries", source / "geography" / "boundaries"):
        if candidate.is_dir() and any(candidate.glob("*.geojson")):
            return candidate
    raise LoadError(source, "no .geojson files here or in boundaries/ or geography/boundaries/")


def find_files(directory: Path) -> list[tuple[FileKind, Path]]:
    """The one file of each kind in ``directory``; none (unless the kind is
    optional) or several is an error."""
    names = sorted(path for path in directory.iterdir() if path.is_file())
    found = []
    for kind in FILE_KINDS:
        matches = [path for path in names if Path(path.name.lower()).match(kind.pattern)]
        if len(matches) > 1 or not (matches or kind.optional):
            listed = ", ".join(path.name for path in matches) or "none"
            expected = "at most one" if kind.optional else "one"
            raise LoadError(
                directory,
                f"expected {expected} {kind.plural} file named {kind.pattern}, found {listed}",
            )
        found.extend((kind, path) for path in matches)
    return found


def _held_codes() -> dict[str, dict[str, str]]:
    """For each kind, every code we accept (current or former) mapped to the
    current code."""
    councils = {}
    for code, former in Council.objects.values_list("code", "former_code"):
        councils[code] = code
        if former:
            councils[former] = code
    constituencies = {code: code for code in Constituency.objects.values_list("code", flat=True)}
    return {Kind.COUNCIL: councils, Kind.CONSTITUENCY: constituencies, Kind.HEX: constituencies}


def _property(path, number, properties, pattern, hint, what) -> str:
    names = [name for name in properties if pattern.match(name)]
    if len(names) > 1:
        raise LoadError(path, f"feature {number} has several {what} properties: {', '.join(names)}")
    value = str(properties[names[0]] or "").strip() if names else ""
    if not value:
        raise LoadError(path, f"feature {number} has no {what} property (like {hint})")
    return value


def _tenths(value: int) -> str:
    whole, tenth = divmod(value, 10)
    return str(whole) if tenth == 0 else f"{whole}.{tenth}"


def _ring(path, where, ring) -> list[tuple[int, int]]:
    """A ring as points in tenths of a map unit, repeats dropped."""
    if not isinstance(ring, list):
        raise LoadError(path, f"{where}: a ring is not a list of points")
    points = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(
                isinstance(number, int | float) and not isinstance(number, bool)
                for number in position[:2]
            )
            or not all(math.isfinite(number) for number in position[:2])
        ):
            raise LoadError(path, f"{where}: {position!r} is not a [longitude, latitude] point")
        long, lat = position[0], position[1]
        x, y = maps.project(long, lat)
        if not (0 <= x <= maps.WIDTH and 0 <= y <= maps.HEIGHT):
            raise LoadError(
                path,
                f"{where}: the point [{long}, {lat}] is outside England and Wales "
                "(coordinates must be WGS84 longitude and latitude)",
            )
        point = (round(x * 10), round(y * 10))
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()  # GeoJSON closes each ring by repeating its first point; Z does that
    return points


def svg_path(path, where, geometry) -> tuple[str, int]:
    """A Polygon or MultiPolygon geometry as an SVG path ``d`` in the maps'
    frame, and the number of points kept."""
    if not isinstance(geometry, dict):
        raise LoadError(path, f"{where} has no geometry")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        raise LoadError(path, f"{where}: geometry is {kind!r}, expected Polygon or MultiPolygon")
    if not isinstance(coordinates, list) or not coordinates:
        raise LoadError(path, f"{where}: the {kind} has no coordinates")
    polygons = [coordinates] if kind == "Polygon" else coordinates
    parts, count = [], 0
    for polygon in polygons:
        if not isinstance(polygon, list):
            raise LoadError(path, f"{where}: a polygon is not a list of rings")
        for ring in polygon:
            points = _ring(path, where, ring)
            if len(points) < 3:
                continue  # smaller than the map can show
            count += len(points)
            first, *rest = (f"{_tenths(x)} {_tenths(y)}" for x, y in points)
            parts.append(f"M{first}L{' '.join(rest)}Z")
    if not parts:
        raise LoadError(path, f"{where}: the shape is too small to draw")
    return "".join(parts), count


class _RepeatedKey(ValueError):
    pass


def _no_repeated_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict, refusing a key given twice (which ``json``
    would otherwise settle silently, keeping the last)."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKey(key)
        result[key] = value
    return result


def _read_json(path: Path, *, strict: bool = False):
    """A JSON file, parsed; ``strict`` refuses repeated keys."""
    hook = _no_repeated_keys if strict else None
    try:
        with open(path, encoding="utf-8-sig") as stream:
            return json.load(stream, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise LoadError(path, f"not valid JSON: {error.msg}", line=error.lineno) from None
    except _RepeatedKey as error:
        raise LoadError(path, f"{error.args[0]!r} appears twice in one object") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LoadError(path, f"cannot read the file: {error}") from None


def hex_paths(cells: dict[str, tuple[int, int]], layout: str) -> dict[str, str]:
    """Each code's hexagon, given its ``(q, r)`` in an ``odd-r`` or ``even-r``
    HexJSON layout, as an SVG path ``d`` in the maps' frame.

    Pointy-topped hexagons of circumradius ``s``: one hexagon wide
    (``s·√3``) between neighbours in a row, rows ``1.5·s`` apart, higher
    ``r`` higher up, and the shifted rows (``SHIFTED_ROWS``) pushed half a
    hexagon right. ``s`` is the largest that fits all of ``cells`` into
    ``HEX_BOX``, and the hexagons are centred in it both ways. Every corner
    is worked out on one lattice (half a hexagon's width across, ``s / 2``
    down), so neighbours share their corners exactly, after rounding too.
    """
    if not cells:
        return {}
    shifted = SHIFTED_ROWS[layout]
    # Centres on the lattice: across in half-widths, down in half-radii.
    centres = {
        code: (2 * q + (1 if (r & 1) == shifted else 0), -3 * r) for code, (q, r) in cells.items()
    }
    left = min(i for i, _ in centres.values()) - 1
    top = min(j for _, j in centres.values()) - 2
    across = max(i for i, _ in centres.values()) + 1 - left  # in half-widths
    down = max(j for _, j in centres.values()) + 2 - top  # in half-radii
    box_left, box_top, box_right, box_bottom = HEX_BOX
    size = min(
        (box_right - box_left) / (across * math.sqrt(3) / 2), (box_bottom - box_top) / (down / 2)
    )
    half_width, half_radius = size * math.sqrt(3) / 2, size / 2
    x0 = (box_left + box_right - across * half_width) / 2
    y0 = (box_top + box_bottom - down * half_radius) / 2

    def point(i: int, j: int) -> str:
        x = round((x0 + (i - left) * half_width) * 10)
        y = round((y0 + (j - top) * half_radius) * 10)
        return f"{_tenths(x)} {_tenths(y)}"

    paths = {}
    for code, (i, j) in centres.items():
        # Clockwise from the top corner.
        first, *rest = (
            point(i + di, j + dj)
            for di, dj in ((0, -2), (1, -1), (1, 1), (0, 2), (-1, 1), (-1, -1))
        )
        paths[code] = f"M{first}L{' '.join(rest)}Z"
    return paths


def read_hexjson(kind: FileKind, path: Path, held: dict[str, str]) -> BoundaryFile:
    """Read and check a HexJSON file, and draw the hexagons we hold. Raises
    ``LoadError`` at the first problem."""
    result = BoundaryFile(path=path, kind=kind)
    document = _read_json(path, strict=True)
    if not isinstance(document, dict) or not isinstance(document.get("hexes"), dict):
        raise LoadError(path, "not a HexJSON file (no hexes object)")
    layout = document.get("layout")
    if layout not in HEX_LAYOUTS:
        raise LoadError(
            path, f"the layout is {layout!r}, expected one of HexJSON's: {', '.join(HEX_LAYOUTS)}"
        )
    if layout not in SHIFTED_ROWS:
        raise LoadError(
            path,
            f"the layout {layout!r} (flat-topped hexagons in columns) is not supported: "
            f"expected {' or '.join(SHIFTED_ROWS)}",
        )
    at: dict[tuple[int, int], str] = {}
    cells, names = {}, {}
    for code, cell in document["hexes"].items():
        if not GSS_LIKE.match(code):
            raise LoadError(path, f"hex {code!r} is not a GSS code")
        if not isinstance(cell, dict):
            raise LoadError(path, f"hex {code} is not an object")
        for axis in ("q", "r"):
            value = cell.get(axis)
            if not isinstance(value, int) or isinstance(value, bool):
                raise LoadError(path, f"hex {code}: {axis} is {value!r}, expected a whole number")
        position = (cell["q"], cell["r"])
        if position in at:
            raise LoadError(
                path, f"hex {code} is at q={position[0]}, r={position[1]}, as {at[position]} is"
            )
        at[position] = code
        if not code.startswith(kind.prefixes):
            result.outside += 1
            continue  # Scotland, Northern Ireland
        name = str(cell.get("n") or "").strip()
        if not name:
            raise LoadError(path, f"hex {code} has no name (n)")
        current = held.get(code)
        if current is None:
            result.skipped += 1
            continue
        cells[current] = position
        names[current] = name
    for code, shape in hex_paths(cells, layout).items():
        result.shapes[code] = {"kind": kind.kind, "name": names[code][:100], "path": shape}
    result.points = 6 * len(result.shapes)
    result.missing = len(set(held.values()) - set(result.shapes))
    return result


def read_file(kind: FileKind, path: Path, held: dict[str, str]) -> BoundaryFile:
    """Read and check one file. Raises ``LoadError`` at the first problem."""
    if kind.kind == Kind.HEX:
        return read_hexjson(kind, path, held)
    result = BoundaryFile(path=path, kind=kind)
    collection = _read_json(path)
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise LoadError(path, "not a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise LoadError(path, "not a GeoJSON FeatureCollection (no features list)")
    numbers = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise LoadError(path, f"feature {number} has no properties")
        code = _property(path, number, properties, kind.code_property, kind.code_hint, "code")
        if not GSS_LIKE.match(code):
            raise LoadError(path, f"feature {number}: {code!r} is not a GSS code")
        if not code.startswith(kind.prefixes):
            result.outside += 1
            continue  # Scotland, Northern Ireland
        name = _property(path, number, properties, kind.name_property, kind.name_hint, "name")
        where = f"feature {number} ({code})"
        shape, points = svg_path(path, where, feature.get("geometry"))
        current = held.get(code)
        if current is None:
            result.skipped += 1
            continue
        if current in result.shapes:
            also = "" if current == code else f" (as {code}, its former code)"
            raise LoadError(
                path, f"{where}: {current} appears twice{also}: first as feature {numbers[current]}"
            )
        numbers[current] = number
        result.shapes[current] = {"kind": kind.kind, "name": name[:100], "path": shape}
        result.points += points
    result.missing = len(set(held.values()) - set(result.shapes))
    return result


def _sync(read: BoundaryFile) -> Changes:
    """Make the shapes of this file's kind match the file."""
    existing = {row.code: row for row in AreaShape.objects.filter(kind=read.kind.kind)}
    return replace_rows(AreaShape, "code", FIELDS, existing, read.shapes, batch_size=100)


def load_boundaries(source: Path | str) -> BoundaryReport:
    """Load the council and constituency boundaries and the constituency
    hexagons in ``source`` (or its ``boundaries`` or ``geography/boundaries``
    folder) and return what changed. All the files are read and checked
    first, then written in one transaction: on any error nothing is
    written."""
    started = time.monotonic()
    directory = boundaries_dir(source)
    report = BoundaryReport(directory=str(directory))
    found = find_files(directory)
    held = _held_codes()
    if not held[Kind.COUNCIL]:
        raise LoadError(directory, "no councils in the database: run load_geography first")
    report.files = [read_file(kind, path, held[kind.kind]) for kind, path in found]
    with transaction.atomic():
        for read in report.files:
            report.changes[f"{read.kind.kind} shapes"] = _sync(read)
        if report.changed:
            # Recording the load also tells the caches that pages with maps
            # are out of date.
            fingerprint = files.fingerprint(
                VERSION, *(files.sha256_of(read.path) for read in report.files)
            )
            GeographyLoad.objects.create(
                source="boundaries", fingerprint=fingerprint, summary="\n".join(report.lines()[1:])
            )
    report.seconds = time.monotonic() - started
    return report
