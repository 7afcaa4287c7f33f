"""Fixtures for the constituencies tests.

- ``constituency_data``: the fixture geography (ten constituencies, see
  ``kinship.core.testing.geography``), its child population and the
  council–constituency overlaps, then ``load_constituency_data`` with the
  small files in ``fixtures/`` (MPs as of April 2026, End Child Poverty
  2024, Give Food counts). Returns the command's output.
- ``constituency_files``: a copy of ``fixtures/`` in ``tmp_path``, for
  tests that change or break a file; returns the copy's folder.
- ``real_data_dir()``: ``settings.DATA_DIR`` (the shared data), or skip
  when it is missing; under ``CI=true`` its absence is a failure.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"
POPULATION_DIR = (
    Path(__file__).resolve().parents[2] / "places" / "tests" / "fixtures" / "population"
)


def quietly(*args, **options) -> str:
    """Run a command; return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def constituency_data(geography) -> str:
    """Ten constituencies with their population, overlaps, MPs and figures."""
    quietly("load_population", "--dir", str(POPULATION_DIR))
    quietly("build_overlaps")
    return quietly("load_constituency_data", "--dir", str(FIXTURE_DIR))


@pytest.fixture
def constituency_files(tmp_path) -> Path:
    """A copy of the fixture files to change: ``people/`` and ``services/``."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_DIR, target)
    return target


def real_data_dir() -> Path:
    """``settings.DATA_DIR``, or skip the test when the shared data is not
    there; under ``CI=true`` that is a failure instead."""
    directory = Path(settings.DATA_DIR)
    needed = ("people", "services", "population", "geography/boundaries")
    if not all((directory / folder).is_dir() for folder in needed):
        reason = f"the shared reference data is missing: {directory}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true, so this is a failure)")
        pytest.skip(reason)
    return directory
