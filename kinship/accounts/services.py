"""Changes to staff accounts and roles."""

from django.contrib.auth.models import Group, Permission

from kinship.accounts.roles import ROLES


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
