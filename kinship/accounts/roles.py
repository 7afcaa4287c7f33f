"""Staff roles, as data. Each role is a Django group; its permissions are
listed here by app label and action and re-applied after every migrate, so a
new app's permissions reach the right roles without a hand-written step.
Administrators give people roles (in the admin); nobody edits what a role
may do except here, in code that is reviewed.

``"*"`` means every action on every model of that app. No role makes
anyone a superuser: superusers do not exist here (see the check constraint
on ``accounts.User``).

Roles for the apps still to come (advice line, casework, groups, events)
hold no permissions yet: each app adds its own here, and decides what
each role sees with its ``visible_to(user)`` querysets.
"""

from django.utils.translation import gettext_lazy as _

ADMINISTRATOR = "administrator"
DATA_EDITOR = "data editor"
POLICY_EDITOR = "policy editor"
# Publishes what policy editors draft; never their own drafts.
POLICY_PUBLISHER = "policy publisher"
# Everything in their programme (the teams they belong to), and its
# reports; no administration.
MANAGER = "manager"
# Advice line enquiries.
ADVISER = "adviser"
# The cases of their own team.
PROJECT_WORKER = "project worker"
# Peer support groups, volunteers and matching.
COORDINATOR = "coordinator"
# Events and bookings.
EVENTS_OFFICER = "events officer"
# A council officer outside the charity: aggregate reports for the councils
# named on their account, never a person's record.
COMMISSIONER = "commissioner"

ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    ADMINISTRATOR: {
        # Staff accounts and teams: seen, added and changed, never deleted
        # (accounts are switched off, so what they wrote keeps its author).
        "accounts": ("view", "add", "change"),
        "staff": ("view", "add", "change"),
        # Roles are given in the account form; what a role may do is code.
        "auth": ("view",),
        "axes": ("*",),
        # Legal holds, which stop the retention job erasing a record.
        "core": ("view", "add", "delete"),
        "sessions": ("view",),
        "places": ("view",),
        "directory": ("*",),
        "councils": ("*",),
        "constituencies": ("view", "change"),
    },
    DATA_EDITOR: {
        "places": ("view",),
        "directory": ("*",),
        # Councils' local offers and the charity's programmes.
        "councils": ("*",),
        # Only staff's local count of children in kinship care is editable.
        "constituencies": ("view", "change"),
    },
    POLICY_EDITOR: {
        "policy": ("view", "add", "change"),
    },
    POLICY_PUBLISHER: {
        "policy": ("view", "add", "change"),
    },
    MANAGER: {},
    ADVISER: {},
    PROJECT_WORKER: {},
    COORDINATOR: {},
    EVENTS_OFFICER: {},
    COMMISSIONER: {},
}

# What each role is for, in a sentence, for the staff pages and the admin.
DESCRIPTIONS = {
    ADMINISTRATOR: _("Manages staff accounts, roles and teams."),
    DATA_EDITOR: _("Keeps the support directory and council contacts up to date."),
    POLICY_EDITOR: _("Drafts changes to the policy tracker."),
    POLICY_PUBLISHER: _("Checks and publishes other people's policy tracker drafts."),
    MANAGER: _("Sees everything in their programme and its reports."),
    ADVISER: _("Answers advice line enquiries."),
    PROJECT_WORKER: _("Works on their team's cases."),
    COORDINATOR: _("Runs peer support groups, volunteers and matching."),
    EVENTS_OFFICER: _("Runs events and bookings."),
    COMMISSIONER: _("A council officer: sees figures for their councils, never a person's record."),
}


# The staff pages each role reaches from the staff home: (address name,
# title, roles). Apps add theirs here as they are built.
TASKS = (
    ("staff:audit-trail", _("Audit trail: who saw or changed what"), (ADMINISTRATOR,)),
    (
        "staff:subject-access",
        _("Subject access and erasure requests"),
        (ADMINISTRATOR,),
    ),
    ("admin:index", _("Manage staff accounts, teams and reference data"), (ADMINISTRATOR,)),
    ("admin:index", _("Manage the support directory and reference data"), (DATA_EDITOR,)),
    ("staff:welsh-to-do", _("Welsh to do: translate and review"), (DATA_EDITOR,)),
    (
        "council-team-contacts",
        _("Council kinship teams: checked contact details"),
        (DATA_EDITOR,),
    ),
    (
        "policy:staff-list",
        _("Policy tracker: drafts and publishing"),
        (POLICY_EDITOR, POLICY_PUBLISHER),
    ),
    ("navigator:rules", _("Support navigator: its rules"), (POLICY_EDITOR, ADMINISTRATOR)),
)


def staff_tasks(user) -> list[tuple[str, str]]:
    """(address name, title) of each staff page ``user``'s roles reach, each
    address once."""
    seen, tasks = set(), []
    for name, title, roles in TASKS:
        if name not in seen and not user.role_names.isdisjoint(roles):
            seen.add(name)
            tasks.append((name, title))
    return tasks
