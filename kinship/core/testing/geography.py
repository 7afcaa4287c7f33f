"""The ``geography`` fixture: a small, real geography in the test database.

A pytest plugin (registered in the root conftest.py). It gives tests:

- ``geography``: loads the fixture files with the real loader,
  ``call_command("load_geography", source=FIXTURE_DIR)``, and returns
  ``FIXTURE_DIR``. Eight councils (Westminster, Wandsworth, Leeds, Barnsley,
  Sheffield, Surrey, Cardiff, Swansea), their districts and ten
  constituencies, and 47 real postcodes including SW1A 1AA, LS1 4AP and
  CF10 1EP; see ``kinship/places/tests/fixtures/geography/README.md``.
- ``FIXTURE_DIR`` and ``ONSPD_FIXTURE`` (importable constants): the fixture
  directory, and a tiny file in the official ONS Postcode Directory format.

``geography`` asks for ``db``, so a test needs nothing else. It works with
``transactional_db`` too (and so with ``live_url`` for browser tests):
pytest-django picks one database mode per test, and when any fixture the
test uses asks for ``transactional_db`` the whole test is transactional.
Then the load is committed, so a server in another process sees it, and
the tables are emptied after the test.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURE_DIR = Path(__file__).resolve().parents[2] / "places" / "tests" / "fixtures" / "geography"
ONSPD_FIXTURE = FIXTURE_DIR / "onspd" / "ONSPD_NOV_2025_UK.csv"


@pytest.fixture
def geography(db) -> Path:
    """Load the small fixture geography and return its directory."""
    call_command("load_geography", source=FIXTURE_DIR, stdout=io.StringIO(), stderr=io.StringIO())
    return FIXTURE_DIR
