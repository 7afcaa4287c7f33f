"""Staff roles, as data. Each role is a Django group; its permissions are
listed here by app label and action and re-applied after every migrate, so a
new app's permissions reach the right roles without a hand-written step.

``"*"`` means every action on every model of that app.
"""

ADMINISTRATOR = "administrator"
DATA_EDITOR = "data editor"
POLICY_EDITOR = "policy editor"
# Publishes what policy editors draft; never their own drafts.
POLICY_PUBLISHER = "policy publisher"

ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    ADMINISTRATOR: {
        # Staff accounts (our own user model) and the roles (groups).
        "accounts": ("*",),
        "auth": ("*",),
        "axes": ("*",),
        "sessions": ("view",),
        "places": ("view",),
        "directory": ("*",),
        "constituencies": ("view", "change"),
    },
    DATA_EDITOR: {
        "places": ("view",),
        "directory": ("*",),
        # Only staff's local count of children in kinship care is editable.
        "constituencies": ("view", "change"),
    },
    POLICY_EDITOR: {
        "policy": ("view", "add", "change"),
    },
    POLICY_PUBLISHER: {
        "policy": ("view", "add", "change"),
    },
}
