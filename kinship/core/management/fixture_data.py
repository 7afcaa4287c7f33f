"""A small data folder laid out like ``../shared/data``, made from the test
fixtures, for running ``set_up_data`` (and the quick bench) in seconds.

The fixtures stay where their own tests keep them; this copies them into
the layout the loaders look for:

- ``geography/``: the eight councils, their districts, ten constituencies
  and 47 postcodes (``kinship/places/tests/fixtures/geography``), with the
  councils' outlines and the constituencies' hexagons
  (``kinship/places/tests/fixtures/boundaries``);
- ``population/``: ``kinship/places/tests/fixtures/population``;
- ``people/`` and ``services/``: ``kinship/constituencies/tests/fixtures``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

KINSHIP = Path(__file__).resolve().parents[2]
PLACES = KINSHIP / "places" / "tests" / "fixtures"
CONSTITUENCIES = KINSHIP / "constituencies" / "tests" / "fixtures"

# (source file, where it goes in the data folder)
FILES = [
    (PLACES / "geography" / "children_services_authorities.csv", "geography"),
    (PLACES / "geography" / "lad_to_utla.csv", "geography"),
    (PLACES / "geography" / "postcodes_sample.csv", "geography"),
    (PLACES / "geography" / "boundaries" / "pcon_sample.geojson", "geography/boundaries"),
    (PLACES / "boundaries" / "utla_sample.geojson", "geography/boundaries"),
    (PLACES / "boundaries" / "pcon_sample.hexjson", "geography/boundaries"),
    *((path, "population") for path in sorted((PLACES / "population").glob("*.csv"))),
    *((path, "people") for path in sorted((CONSTITUENCIES / "people").glob("*.csv"))),
    *((path, "services") for path in sorted((CONSTITUENCIES / "services").glob("*.csv"))),
]


def make_fixture_data_dir(target: Path) -> Path:
    """Fill ``target`` (made if missing, emptied if not) with the fixture
    data folder; return it."""
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    for source, folder in FILES:
        (target / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / folder / source.name)
    return target
