"""Named users, as in every private view's tests: one administrator, one
data editor, and one signed-in person with no staff access at all."""

import pytest

from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR
from kinship.core.testing.users import PASSWORD, make_user

__all__ = ["PASSWORD"]


@pytest.fixture
def administrator(db):
    return make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")


@pytest.fixture
def data_editor(db):
    return make_user("dev@example.org", DATA_EDITOR, display_name="Dev Patel")


@pytest.fixture
def outsider(db):
    return make_user("olly@example.org", staff=False, display_name="Olly Brown")
