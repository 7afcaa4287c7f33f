"""Named users, as in every private view's tests: one administrator, one
data editor, and one signed-in person with no staff access at all. Each
has set up an authenticator app already."""

import pytest

from kinship.accounts.roles import ADMINISTRATOR, DATA_EDITOR
from kinship.accounts.testing import give_authenticator
from kinship.core.testing.users import PASSWORD, make_user

__all__ = ["PASSWORD"]


@pytest.fixture
def administrator(db):
    user = make_user("alice@example.org", ADMINISTRATOR, display_name="Alice Jones")
    give_authenticator(user)
    return user


@pytest.fixture
def data_editor(db):
    user = make_user("dev@example.org", DATA_EDITOR, display_name="Dev Patel")
    give_authenticator(user)
    return user


@pytest.fixture
def outsider(db):
    user = make_user("olly@example.org", staff=False, display_name="Olly Brown")
    give_authenticator(user)
    return user
