"""Writing to the audit trail (``AuditEvent``, kinship/core/models.py).

Every view, export, erasure, job and sign-in that touches personal data
calls ``record()``. It writes one row: who (the signed-in person, or
nobody for the system's jobs), what, which record (by type and id),
from which client address, why (where a reason was asked) and details
that are never the personal data itself (names of fields changed, role
names, counts).
"""

import ipaddress

from kinship.core.client import client_address
from kinship.core.models import AuditEvent

Action = AuditEvent.Action


def record_type_of(obj) -> str:
    """How the trail names a model: ``"app_label.ModelName"``."""
    return obj._meta.label


def record(
    action: str,
    *,
    request=None,
    actor=None,
    obj=None,
    record_type: str = "",
    record_id="",
    reason: str = "",
    details: dict | None = None,
) -> AuditEvent:
    """Write one event. ``actor`` defaults to the person signed in on
    ``request``; ``obj`` (a model instance) names the record, or give
    ``record_type`` and ``record_id``."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = user
    if obj is not None:
        record_type, record_id = record_type_of(obj), obj.pk
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        record_type=record_type,
        record_id="" if record_id is None else str(record_id),
        client_address=_address(request),
        reason=reason,
        details=details or {},
    )


def _address(request) -> str | None:
    if request is None:
        return None
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
