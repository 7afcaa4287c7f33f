"""Shared fixtures for the councils app's tests."""

import io

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
