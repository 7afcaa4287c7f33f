"""Whether a person holds a role. Roles are Django groups (see
kinship/accounts/roles.py). A person's role names are read from the
database once and kept on the user object (``User.role_names``), so every
check in one request after the first costs nothing."""


def has_role(user, *role_names: str) -> bool:
    """Whether ``user`` is active staff holding at least one of
    ``role_names`` (superusers always are)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.is_staff and not user.role_names.isdisjoint(role_names)
