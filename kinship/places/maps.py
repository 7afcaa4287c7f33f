"""Maps of England and Wales drawn on the server as SVG.

Every map shares one frame, so a council map and a constituency map line
up and can be laid over each other. The frame is a simple equirectangular
projection, good enough at this size: longitude is shortened by the cosine
of 53.5°N (the middle of England and Wales), so shapes are not stretched.

- ``project(long, lat)`` puts a WGS84 point into the frame (x right, y down);
- ``classes(values, n=5)`` splits figures into quantile classes;
- ``choropleth(kind, values, ...)`` draws the areas loaded by
  ``load_boundaries`` (``AreaShape``), shaded by class, as SVG, and its
  legend as HTML: the values are worked out here and drawn by the
  templates places/choropleth.svg and places/legend.html.

The legend is HTML, not text inside the SVG: the SVG shrinks to fit a
phone, and text drawn in it shrinks with it (to about 6 pixels at 375
pixels wide); HTML text keeps the reader's size and wraps. The templates
escape every piece of text, and their output is marked safe.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.template.loader import get_template
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from kinship.places.models import AreaShape

# The frame. The whole of England and Wales, from the Isles of Scilly to
# Northumberland and from Anglesey to Lowestoft, lies inside it with about
# 10 units to spare on each side (the data's bounds: x 10.0 to 589.9,
# y 10.7 to 722.1 with these constants).
WEST = -6.5  # longitude at x = 0
NORTH = 55.9  # latitude at y = 0
SCALE = 120.0  # map units per degree of latitude
X_SCALE = math.cos(math.radians(53.5)) * SCALE  # map units per degree of longitude
WIDTH = 600
HEIGHT = 732
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

# ColorBrewer "YlGnBu" (sequential, colour-blind safe, light to dark, so
# the order survives greyscale printing), by number of classes.
PALETTES = {
    1: ("#41b6c4",),
    2: ("#a1dab4", "#225ea8"),
    3: ("#edf8b1", "#7fcdbb", "#2c7fb8"),
    4: ("#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"),
    5: ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    7: ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
}
MAX_CLASSES = max(PALETTES)
# "No figure": light grey under grey hatching, unlike any class colour.
NO_FIGURE_FILL = "#f0f0f0"
NO_FIGURE_HATCH = "#8c8c8c"
STROKE = "#ffffff"
STROKE_WIDTH = "0.5"
TEXT_COLOUR = "#0b0c0c"
COLOURS = {
    "text": TEXT_COLOUR,
    "no_figure_fill": NO_FIGURE_FILL,
    "no_figure_hatch": NO_FIGURE_HATCH,
    "stroke": STROKE,
    "stroke_width": STROKE_WIDTH,
}

# Each swatch in the legend (HTML, beside the map), in CSS pixels.
LEGEND_SWATCH = 24
MAP_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


@dataclass(frozen=True)
class Choropleth:
    """A drawn map: the SVG of the areas, and its legend as HTML. Put in a
    template whole, it is the map followed by its legend; a page can place
    the two apart (``svg`` and ``legend``)."""

    svg: SafeString
    legend: SafeString

    def __html__(self) -> SafeString:
        return SafeString(self.svg + self.legend)

    def __str__(self) -> str:
        return self.__html__()


def project(long: float, lat: float) -> tuple[float, float]:
    """A WGS84 longitude and latitude as (x, y) in the map's frame."""
    return (long - WEST) * X_SCALE, (NORTH - lat) * SCALE


def _numbers(values) -> list[float]:
    if isinstance(values, Mapping):
        values = values.values()
    numbers = []
    for value in values:
        if value is None or isinstance(value, bool):
            continue
        value = float(value)
        if math.isfinite(value):
            numbers.append(value)
    return numbers


def classes(values: Iterable[float | None] | Mapping, n: int = 5) -> list[tuple[float, float]]:
    """Quantile classes of ``values`` (an iterable, or a mapping whose values
    are used), None and NaN left out: at most ``n`` (low, high) ranges,
    lowest first, each holding about as many values as the others.

    Each range runs from the lowest to the highest value in it, so ranges
    never overlap, and equal values are never split between two classes.
    Fewer distinct values than ``n`` give one class each; all-equal values
    give one class; no values give no classes.
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    numbers = sorted(_numbers(values))
    if not numbers:
        return []
    distinct = sorted(set(numbers))
    if len(distinct) <= n:
        return [(value, value) for value in distinct]
    count = len(numbers)
    highs = []
    for k in range(1, n):
        high = numbers[math.ceil(k * count / n) - 1]
        if not highs or high > highs[-1]:
            highs.append(high)
    if not highs or highs[-1] < numbers[-1]:
        highs.append(numbers[-1])
    result = []
    low = numbers[0]
    for high in highs:
        result.append((low, high))
        # The next class starts at the first value above this one's top.
        above = bisect_left(distinct, high) + 1
        if above < len(distinct):
            low = distinct[above]
    return result


def class_of(value: float, ranges: list[tuple[float, float]]) -> int:
    """The index of the class of ``classes`` that ``value`` falls in."""
    tops = [high for _, high in ranges]
    return min(bisect_left(tops, value), len(ranges) - 1)


def format_number(value: float) -> str:
    """The default way to show a figure: grouped digits, and one decimal
    place unless it is a whole number."""
    places = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=places, force_grouping=True)


def _range_text(low: float, high: float, value_format: Callable[[float], str]) -> str:
    if value_format(low) == value_format(high):
        return value_format(low)
    return gettext("%(low)s to %(high)s") % {"low": value_format(low), "high": value_format(high)}


def choropleth(
    kind: str,
    values: Mapping[str, float | None],
    *,
    title: str,
    labels: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
    legend_title: str,
    legend_source: str = "",
    value_format: Callable[[float], str] = format_number,
    description: str | None = None,
    map_id: str | None = None,
    n: int = 5,
) -> Choropleth:
    """An SVG map of every area of ``kind`` ("council", "constituency", or
    "hex" for the constituencies' hexagons) loaded by ``load_boundaries``,
    each shaded by the class of its figure.

    ``values`` maps current GSS codes to figures; an area with no figure (no
    key, or None) is drawn light grey and hatched. ``labels`` gives the
    names to show (the loaded name otherwise); ``links`` gives a URL per
    code, and an area with one is a link. ``title`` and ``description``
    (written from the figures when not given) are the map's accessible name
    and description; ``legend_title`` heads the legend, and
    ``legend_source`` (where the figures come from, and their date) follows
    it. ``value_format`` turns a figure into text. ``map_id`` prefixes the ids in the SVG: give
    each map on a page its own. Every piece of text is escaped.
    """
    if kind not in AreaShape.Kind.values:
        raise ValueError(f"kind must be one of {', '.join(AreaShape.Kind.values)}, not {kind!r}")
    if not 1 <= n <= MAX_CLASSES:
        raise ValueError(f"n must be between 1 and {MAX_CLASSES}")
    uid = map_id or f"map-{kind}"
    if not MAP_ID.match(uid):
        raise ValueError(f"map_id must be letters, digits and hyphens, not {uid!r}")
    labels = labels or {}
    links = links or {}
    shapes = list(
        AreaShape.objects.filter(kind=kind).order_by("code").values_list("code", "name", "path")
    )
    figures = {code: values.get(code) for code, _, _ in shapes}
    figures = {code: value for code, value in figures.items() if _numbers([value])}
    ranges = classes(figures.values(), n)
    palette = PALETTES[len(ranges)] if ranges else ()
    missing = len(shapes) - len(figures)

    if description is None:
        description = _description(kind, len(shapes), missing, ranges, legend_title, value_format)

    # With links the map holds controls, which role="img" would hide from
    # assistive technology; it is then a labelled group instead.
    role = "group" if any(code in links for code, _, _ in shapes) else "img"
    areas = []
    for code, name, path in shapes:
        label = labels.get(code) or name
        value = figures.get(code)
        if value is None:
            fill = f"url(#{uid}-none)"
            text = gettext("%(name)s: no figure") % {"name": label}
        else:
            fill = palette[class_of(value, ranges)]
            text = f"{label}: {value_format(value)}"
        areas.append(
            {"path": path, "fill": fill, "code": code, "text": text, "link": links.get(code, "")}
        )
    context = {
        "uid": uid,
        "role": role,
        "viewbox": VIEWBOX,
        "title": title,
        "description": description,
        "colours": COLOURS,
        "areas": areas,
    }
    legend = {
        "uid": uid,
        "title": legend_title,
        "source": legend_source,
        "colours": COLOURS,
        "swatch": LEGEND_SWATCH,
        "rows": _legend_rows(ranges, palette, value_format),
    }
    return Choropleth(
        svg=get_template("places/choropleth.svg").render(context),
        legend=get_template("places/legend.html").render(legend),
    )


def _description(kind, areas, missing, ranges, legend_title, value_format) -> str:
    if kind == AreaShape.Kind.COUNCIL:
        what = ngettext("%(count)s council", "%(count)s councils", areas)
    else:
        what = ngettext("%(count)s constituency", "%(count)s constituencies", areas)
    what = what % {"count": f"{areas:,}"}
    parts = [
        gettext("Map of %(areas)s in England and Wales: %(legend)s.")
        % {"areas": what, "legend": legend_title}
    ]
    # Two messages, not one plural: the one-shade sentence has other words.
    if len(ranges) == 1:
        parts.append(
            gettext("One shade, %(range)s.") % {"range": _range_text(*ranges[0], value_format)}
        )
    elif ranges:
        parts.append(
            gettext(
                "%(count)s shades from light to dark, %(low)s (lightest) to %(high)s (darkest)."
            )
            % {
                "count": len(ranges),
                "low": _range_text(*ranges[0], value_format),
                "high": _range_text(*ranges[-1], value_format),
            }
        )
    if missing:
        parts.append(
            ngettext(
                "%(count)s area has no figure (grey, hatched).",
                "%(count)s areas have no figure (grey, hatched).",
                missing,
            )
            % {"count": f"{missing:,}"}
        )
    return " ".join(parts)


def _legend_rows(ranges, palette, value_format) -> list[dict]:
    """The legend's rows, lightest first, then "no figure": each with its
    colour (empty for "no figure", drawn hatched) and its range as text."""
    rows = [
        {"fill": colour, "text": _range_text(low, high, value_format)}
        for colour, (low, high) in zip(palette, ranges, strict=True)
    ]
    rows.append({"fill": "", "text": gettext("No figure")})
    return rows
