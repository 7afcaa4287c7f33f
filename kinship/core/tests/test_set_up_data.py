"""``manage.py set_up_data``, for real, on a small data folder made from the
test fixtures (``kinship.core.management.fixture_data``): every step runs,
in order, and leaves its data in the database; a second run changes
nothing; ``--without-sample-content`` leaves no sample records."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from kinship.core.management.commands.set_up_data import steps
from kinship.core.management.fixture_data import make_fixture_data_dir

# What `make run` ran before there was one command, in the same order.
ORDER = [
    "migrate",
    "load_geography",
    "load_population",
    "build_overlaps",
    "load_boundaries",
    "load_constituency_data",
    "load_sample_directory",
    "load_programmes",
    "load_policy_tracker",
]


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.DATA_DIR = make_fixture_data_dir(tmp_path / "data")
    return settings.DATA_DIR


def set_up_data(*args) -> str:
    out = io.StringIO()
    call_command("set_up_data", *args, stdout=out, stderr=io.StringIO(), no_color=True)
    return out.getvalue()


def headings(output: str) -> list[str]:
    return [line.split()[1] for line in output.splitlines() if line.startswith("== ")]


def count(model: str, **filters) -> int:
    return apps.get_model(model).objects.filter(**filters).count()


def counts() -> dict[str, int]:
    return {
        model: count(model)
        for model in (
            "places.Council",
            "places.Constituency",
            "places.Postcode",
            "places.AreaPopulation",
            "places.CouncilConstituency",
            "places.AreaShape",
            "constituencies.MemberOfParliament",
            "constituencies.ConstituencyFigures",
            "directory.TaxonomyTerm",
            "directory.Service",
            "councils.Programme",
            "policy.PolicyArea",
        )
    }


def test_every_step_runs_in_order_and_loads_its_data(db, data_dir):
    output = set_up_data()

    assert headings(output) == ORDER == [name for name, _ in steps()]
    assert "--food-banks-as-of 2026-01-01" in output
    loaded = counts()
    assert loaded["places.Council"] == 8
    assert loaded["places.Constituency"] == 10
    assert loaded["places.Postcode"] == 47
    assert loaded["places.AreaPopulation"] == 8 + 9 + 10  # councils, districts, constituencies
    assert loaded["places.CouncilConstituency"] == 10
    assert loaded["places.AreaShape"] == 8 + 10 + 10  # councils, constituencies, hexagons
    assert loaded["constituencies.MemberOfParliament"] == 10
    assert loaded["constituencies.ConstituencyFigures"] == 10
    assert loaded["directory.TaxonomyTerm"] > 0
    assert count("directory.Service", is_sample=True) > 0
    assert count("directory.Service", is_sample=False) > 0
    assert loaded["councils.Programme"] > 0
    assert loaded["policy.PolicyArea"] > 0


def test_a_second_run_changes_nothing(db, data_dir):
    set_up_data()
    before = counts()

    again = set_up_data()

    assert headings(again) == ORDER
    assert "Changes made." not in again
    assert "unchanged, skipped" in again  # load_geography saw the same files
    assert " created," not in again.replace("0 created,", "")
    assert "0 areas added" in again
    assert counts() == before


def test_without_sample_content_loads_the_real_records_and_no_sample_ones(db, data_dir):
    set_up_data()  # as `make run` does, with the sample groups
    assert count("directory.Service", is_sample=True) > 0

    output = set_up_data("--without-sample-content")

    assert "load_sample_directory --groups 0" in output
    assert "remove_sample_directory" in headings(output)
    for model in ("directory.Service", "directory.Location", "directory.Organization"):
        assert count(model, is_sample=True) == 0
    # The taxonomy, national services and council kinship teams stay.
    assert count("directory.TaxonomyTerm") > 0
    assert count("directory.Service", is_sample=False) > 0
    again = set_up_data("--without-sample-content")
    assert "services removed: 0" in again
    assert "locations removed: 0" in again
