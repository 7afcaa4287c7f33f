"""People for tests: staff with roles, and others, in the real database."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

PASSWORD = "correct horse battery staple"  # noqa: S105 (tests only)


def make_user(
    email: str,
    *roles: str,
    staff: bool = True,
    display_name: str | None = None,
    password: str = PASSWORD,
):
    """A person who signs in as ``email``, staff unless ``staff=False``,
    holding each of ``roles`` (role names from kinship/accounts/roles.py).
    The display name is the part before the @, capitalised, unless given."""
    User = get_user_model()
    name = display_name or email.split("@", 1)[0].capitalize()
    user = User.objects.create_user(email, password, display_name=name, is_staff=staff)
    if roles:
        user.groups.add(*Group.objects.filter(name__in=roles))
        assert user.groups.count() == len(roles), f"unknown role in {roles}"
    return user
