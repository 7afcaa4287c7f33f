"""Named users, as in every private view's tests: one administrator, one
data editor, and one signed-in person with no staff access at all."""

import pytest
from django.contrib.auth.models import Group, User

PASSWORD = "correct horse battery staple"


def _user(username, *, staff, role=None):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.is_staff = staff
    user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def administrator(db):
    return _user("alice", staff=True, role="administrator")


@pytest.fixture
def data_editor(db):
    return _user("dev", staff=True, role="data editor")


@pytest.fixture
def outsider(db):
    return _user("olly", staff=False)
