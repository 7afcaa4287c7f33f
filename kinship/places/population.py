"""Child population by area, from the ONS mid-year estimates loaded by
``load_population``.

These are counts of all children, not of children in kinship care: no
official kinship care count exists below national level, so any per-area
kinship figure built on them is an estimate and must say so.
"""

from __future__ import annotations

from django.db.models import Max, Q, Sum

from kinship.core.caching import cached_read
from kinship.places.models import AreaPopulation, Constituency, Council, District

Kind = AreaPopulation.Kind
MODELS = {Kind.COUNCIL: Council, Kind.DISTRICT: District, Kind.CONSTITUENCY: Constituency}


def _check_kind(kind: str) -> None:
    if kind not in MODELS:
        raise ValueError(f"kind must be one of {', '.join(MODELS)}, not {kind!r}")


def _current_code(area_code: str, kind: str) -> str:
    """The current code of an area given either its code or, for councils
    and districts, its former code."""
    model = MODELS[kind]
    if model is Constituency:
        return area_code
    found = (
        model.objects.filter(Q(code=area_code) | Q(former_code=area_code))
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    return found or area_code


def children(area_code: str, kind: str) -> AreaPopulation | None:
    """The latest population figures for one area (``kind`` is "council",
    "district" or "constituency"), or None if none are loaded. A council or
    district may be named by its former code."""
    _check_kind(kind)
    code = _current_code(area_code.strip().upper(), kind)
    return AreaPopulation.objects.filter(kind=kind, code=code).order_by("-year").first()


def latest_children(kind: str) -> dict[str, AreaPopulation]:
    """The latest population figures of every area of one kind, by current
    code: read once and kept until the data changes (a load announces it),
    for pages that show one area's figures on every request."""
    _check_kind(kind)
    return _latest_children(kind)


@cached_read(depends_on=("places.AreaPopulation",))
def _latest_children(kind: str) -> dict[str, AreaPopulation]:
    latest = {}
    for row in AreaPopulation.objects.filter(kind=kind).order_by("code", "-year"):
        latest.setdefault(row.code, row)
    return latest


def national_children(kind: str = "council") -> int:
    """Children aged 0 to 17 in England and Wales: the sum over the areas of
    one kind that we hold, in the latest year loaded for that kind. 0 when
    nothing is loaded."""
    _check_kind(kind)
    rows = AreaPopulation.objects.filter(kind=kind)
    year = rows.aggregate(year=Max("year"))["year"]
    if year is None:
        return 0
    held = MODELS[kind].objects.values("code")
    total = rows.filter(year=year, code__in=held).aggregate(total=Sum("age_0_17"))["total"]
    return total or 0
