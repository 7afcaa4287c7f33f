"""Whether a person holds a role. Roles are Django groups (see
kinship/accounts/roles.py). A person's role names are read from the
database once and kept on the user object (``User.role_names``), so every
check in one request after the first costs nothing."""


def has_role(user, *role_names: str) -> bool:
    """Whether ``user`` is active staff holding at least one of
    ``role_names``. There are no superusers (kinship/accounts/models.py)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff and not user.role_names.isdisjoint(role_names)
