"""Fixtures for the places tests that need the real reference data."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kinship.core.testing.geography import FIXTURE_DIR


def real_data_dir() -> Path:
    """``settings.DATA_DIR``'s geography folder (the shared data), or skip:
    under ``CI=true`` its absence is a failure instead."""
    directory = Path(settings.DATA_DIR) / "geography"
    if not (directory / "boundaries" / "utla_2023_ew.geojson").is_file():
        reason = f"the shared reference data is missing: {directory}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true, so this is a failure)")
        pytest.skip(reason)
    return directory


@pytest.fixture
def real_geography(db) -> Path:
    """Every council and constituency of England and Wales from the shared
    data (with the fixture's 47 postcodes, to keep it quick). Returns the
    geography folder."""
    directory = real_data_dir()
    call_command(
        "load_geography",
        source=directory,
        postcodes=FIXTURE_DIR / "postcodes_sample.csv",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return directory
