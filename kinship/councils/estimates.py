"""How many children in a council's area live in kinship care: a local
figure when staff have one, otherwise our estimate.

No official count exists below national level. The estimate applies the
national share from the 2021 Census to the council's children: ONS, "Kinship
care in England and Wales" (26 September 2023), found about 121,000 children
aged 0 to 17 living in kinship care in England and Wales, 1.1% of all
children (households of up to five people, so an undercount). The council's
children are the ONS mid-2023 estimate of its population aged 0 to 17.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinship.councils.models import LocalOffer
from kinship.places.models import Council
from kinship.places.population import latest_children

CENSUS_SHARE = 0.011
CENSUS_SOURCE = "ONS, Census 2021: Kinship care in England and Wales (26 September 2023)"


@dataclass
class KinshipChildren:
    """Children aged 0 to 17 in the area (``None`` if not loaded), the
    number in kinship care (``None`` if unknown), whether that is a local
    figure rather than our estimate, and its source."""

    children: int | None
    children_year: int | None
    kinship: int | None
    local: bool
    source: str


def round_estimate(value: float) -> int:
    """To the nearest 10: the estimate is not precise to the child."""
    return int(round(value / 10) * 10)


def kinship_figure(children: int | None, offer: LocalOffer | None) -> tuple[int | None, bool]:
    """Children in kinship care in an area with ``children`` aged 0 to 17:
    staff's local figure if the record holds one (a council's local offer,
    or any record with ``kinship_children``, such as a constituency's
    figures), else our estimate (``None`` without a child population); and
    whether it is the local figure."""
    if offer is not None and offer.kinship_children is not None:
        return offer.kinship_children, True
    return (round_estimate(children * CENSUS_SHARE) if children is not None else None), False


def kinship_children(council: Council, offer: LocalOffer | None = None) -> KinshipChildren:
    population = latest_children("council").get(council.code)
    count = population.age_0_17 if population else None
    year = population.year if population else None
    kinship, local = kinship_figure(count, offer)
    source = offer.kinship_children_source if local else CENSUS_SOURCE
    return KinshipChildren(count, year, kinship, local, source)
