"""Changes to staff accounts and roles."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from kinship.accounts.models import User
from kinship.accounts.roles import ROLES
from kinship.core import audit


def sync_roles(roles=ROLES) -> dict[str, int]:
    """Create each role's group and give it exactly the permissions the role
    lists. Returns the number of permissions each role now has."""
    counts = {}
    for name, grants in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = []
        for app_label, actions in grants.items():
            in_app = Permission.objects.filter(content_type__app_label=app_label)
            if "*" not in actions:
                wanted = {action for action in actions}
                in_app = [p for p in in_app if p.codename.split("_", 1)[0] in wanted]
            permissions.extend(in_app)
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts


def disable_unused_accounts(simulate: bool = False) -> list:
    """Switch off every account unused for ``ACCOUNT_UNUSED_DISABLE_DAYS``
    days, writing each to the audit trail; with ``simulate``, only say
    which. Returns the accounts."""
    accounts = list(User.objects.unused_for(settings.ACCOUNT_UNUSED_DISABLE_DAYS))
    if simulate:
        return accounts
    with transaction.atomic():
        User.objects.filter(pk__in=[account.pk for account in accounts]).update(is_active=False)
        for account in accounts:
            audit.record(
                audit.Action.ACCESS_CHANGED,
                obj=account,
                details={"switched off": f"unused for {settings.ACCOUNT_UNUSED_DISABLE_DAYS} days"},
            )
    return accounts
