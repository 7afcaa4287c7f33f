"""What staff accounts hold about a person, for subject access
(kinship/core/subject_access.py)."""

from axes.models import AccessAttempt, AccessFailureLog
from django.utils import timezone

from kinship.accounts.models import User
from kinship.accounts.passkeys import passkeys_of
from kinship.core.models import AuditEvent
from kinship.core.subject_access import Found

KEPT = "staff accounts are switched off, never erased, while records name them"
AUDIT_KEPT = "the audit trail is kept for six years and cannot be changed"


def _passkey(passkey) -> str:
    added = f"added {timezone.localtime(passkey.created_at):%Y-%m-%d %H:%M}"
    if passkey.last_used_at is None:
        return f"{added}, not used yet"
    return f"{added}, last used {timezone.localtime(passkey.last_used_at):%Y-%m-%d %H:%M}"


def find(email: str) -> list[Found]:
    found = []
    for user in User.objects.filter(email=email).prefetch_related("groups", "councils"):
        found.append(
            Found(
                "accounts.User",
                str(user.pk),
                "Staff account",
                {
                    "email": user.email,
                    "display name": user.display_name,
                    "joined": user.date_joined,
                    "last signed in": user.last_login,
                    "switched on": user.is_active,
                    "roles": sorted(group.name for group in user.groups.all()),
                    "teams": sorted(team.name for team in user.teams.all()),
                    "councils": sorted(council.name for council in user.councils.all()),
                    "passkeys and security keys": [
                        _passkey(passkey) for passkey in passkeys_of(user)
                    ],
                },
                kept_because=KEPT,
            )
        )
        events = AuditEvent.objects.by_actor(user).order_by("at")
        found.append(
            Found(
                "core.AuditEvent",
                f"actor {user.pk}",
                "What they did, from the audit trail",
                {
                    "events": [
                        f"{event.at:%Y-%m-%d %H:%M} {event.action} "
                        f"{event.record_type} {event.record_id}".strip()
                        for event in events
                    ]
                },
                kept_because=AUDIT_KEPT,
            )
        )
    for model in (AccessAttempt, AccessFailureLog):
        rows = model.objects.filter(username=email)
        for row in rows:
            found.append(
                Found(
                    model._meta.label,
                    str(row.pk),
                    "A failed sign-in",
                    {
                        "when": row.attempt_time,
                        "from": row.ip_address,
                        "browser": row.user_agent,
                    },
                    eraser=row.delete,
                )
            )
    return found
