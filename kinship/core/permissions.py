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


def visible_or_404(queryset, user, **lookup):
    """One record through its model's ``visible_to(user)``: a record
    outside the person's scope answers 404, exactly as one that does not
    exist, so its existence does not leak."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(queryset.visible_to(user), **lookup)


def by_permission(queryset, user, permission: str):
    """All of ``queryset`` for active staff holding ``permission`` (through
    a role), none for anyone else: the ``visible_to`` of records whose
    scope is the whole role, not a team."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return queryset.none()
    return queryset if user.has_perm(permission) else queryset.none()
