"""The real files in settings.DATA_DIR agree with each other and pass the
loader's checks.

Every source names the same 575 constituencies of England and Wales (the
July 2024 boundaries): the outlines, the hex cartogram, the child
population, the MPs, the poverty figures and the food bank counts. Reading
needs no database, so most of these tests have none; the last loads the
real files end to end. Skipped when the shared data is missing, except
under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from kinship.constituencies.loading import (
    find_files,
    read_food_banks,
    read_members,
    read_poverty,
)
from kinship.constituencies.models import ConstituencyFigures, MemberOfParliament
from kinship.core.testing.geography import FIXTURE_DIR as GEOGRAPHY_FIXTURES

from .conftest import real_data_dir

ENGLAND_AND_WALES = ("E14", "W07")


def _england_and_wales(codes) -> set[str]:
    return {code for code in codes if code.startswith(ENGLAND_AND_WALES)}


def _csv_codes(path: Path, column: str) -> set[str]:
    with open(path, newline="", encoding="utf-8-sig") as stream:
        return _england_and_wales(row[column] for row in csv.DictReader(stream))


@pytest.fixture(scope="module")
def data_dir() -> Path:
    return real_data_dir()


@pytest.fixture(scope="module")
def boundary_codes(data_dir) -> set[str]:
    """The constituencies of England and Wales in the boundary file."""
    path = data_dir / "geography" / "boundaries" / "pcon24_uk_buc.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return _england_and_wales(feature["properties"]["PCON24CD"] for feature in features)


def test_the_boundaries_hold_575_constituencies_of_england_and_wales(boundary_codes):
    assert len(boundary_codes) == 575
    assert sum(code.startswith("W07") for code in boundary_codes) == 32


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("population/pcon24_children_mid2022.csv", "PCON24CD"),
        ("people/mps_current_2026-04.csv", "PCON24CD"),
        ("people/mps_ge2024.csv", "PCON24CD"),
        ("services/child_poverty_2024_by_pcon24.csv", "PCON24CD"),
        ("services/foodbanks_count_by_pcon24_givefood.csv", "Code"),
    ],
)
def test_each_file_names_the_same_constituencies(data_dir, boundary_codes, name, column):
    assert _csv_codes(data_dir / name, column) == boundary_codes


def test_the_hex_cartogram_names_the_same_constituencies(data_dir, boundary_codes):
    path = data_dir / "geography" / "boundaries" / "pcon24_uk_hex.hexjson"
    hexes = json.loads(path.read_text(encoding="utf-8"))["hexes"]
    assert _england_and_wales(hexes) == boundary_codes


# The loader's reading and checks, without a database --------------------------


def test_the_default_files_are_the_newest(data_dir):
    paths = find_files(data_dir)
    assert paths.members == data_dir / "people" / "mps_current_2026-04.csv"
    assert paths.poverty == data_dir / "services" / "child_poverty_2024_by_pcon24.csv"
    assert paths.food_banks == data_dir / "services" / "foodbanks_count_by_pcon24_givefood.csv"


def test_the_sitting_mps_pass_the_checks(data_dir, boundary_codes):
    read = read_members(data_dir / "people" / "mps_current_2026-04.csv")
    assert set(read.rows) == boundary_codes
    assert read.outside == 75  # Scotland and Northern Ireland
    assert read.description == "sitting MPs as of 1 April 2026"
    assert all(row["parliament_id"] and row["member_since"] for row in read.rows.values())
    assert all(row["theyworkforyou_url"] for row in read.rows.values())


def test_the_2024_election_results_pass_the_checks(data_dir, boundary_codes):
    read = read_members(data_dir / "people" / "mps_ge2024.csv")
    assert set(read.rows) == boundary_codes
    assert read.description == "general election results of 4 July 2024"


def test_the_poverty_figures_pass_the_checks(data_dir, boundary_codes):
    read = read_poverty(data_dir / "services" / "child_poverty_2024_by_pcon24.csv")
    assert set(read.rows) == boundary_codes
    assert all(row["children_in_poverty"] is not None for row in read.rows.values())


def test_the_food_bank_counts_pass_the_checks(data_dir, boundary_codes):
    read = read_food_banks(data_dir / "services" / "foodbanks_count_by_pcon24_givefood.csv")
    assert set(read.rows) == boundary_codes
    assert all(row["food_banks"] is not None for row in read.rows.values())


# End to end ------------------------------------------------------------------


def test_the_real_files_load_into_the_real_geography_and_reload_unchanged(data_dir, db):
    call_command(
        "load_geography",
        source=data_dir / "geography",
        postcodes=GEOGRAPHY_FIXTURES / "postcodes_sample.csv",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    out = io.StringIO()
    call_command("load_constituency_data", "--dir", str(data_dir), stdout=out)
    output = out.getvalue()

    assert "MPs: 575 added, 0 changed, 0 removed, 0 unchanged" in output
    assert "child poverty: 575 added" in output
    assert "food banks: 575 added" in output
    assert output.count("  rows skipped: 75 outside England and Wales") == 3
    assert "we do not hold" not in output and "we hold" not in output
    assert MemberOfParliament.objects.count() == ConstituencyFigures.objects.count() == 575

    out = io.StringIO()
    call_command("load_constituency_data", "--dir", str(data_dir), stdout=out)
    assert out.getvalue().strip().endswith("Nothing changed.")
