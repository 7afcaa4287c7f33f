"""Shared fixtures for the councils app's tests."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command


@pytest.fixture
def programmes(geography):
    """The real programmes file loaded over the fixture geography (which
    holds Leeds and Surrey among the councils that commission Kinship
    Connected, and Cardiff, which does not)."""
    out = io.StringIO()
    call_command("load_programmes", stdout=out)
    return out.getvalue()


PLACES_FIXTURES = Path(__file__).resolve().parents[2] / "places" / "tests" / "fixtures"
POPULATION_DIR = PLACES_FIXTURES / "population"


@pytest.fixture
def figures(programmes):
    """Programmes, plus the fixture child population and the overlaps of
    councils and constituencies."""
    call_command("load_population", "--dir", str(POPULATION_DIR), stdout=io.StringIO())
    call_command("build_overlaps", stdout=io.StringIO())
