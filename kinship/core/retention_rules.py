"""Retention rules for what the house itself keeps about people: sessions,
sign-in records, the admin's history and the audit trail. Apps register
rules for their own records (see kinship/core/retention.py)."""

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session

from kinship.core.models import AuditEvent
from kinship.core.retention import Rule, register

SIGN_IN_RECORDS = timedelta(days=90)
# Six years: the time limit for most claims in England and Wales.
AUDIT = timedelta(days=6 * 365 + 2)


def _delete(queryset) -> int:
    return queryset.delete()[0]


def register_rules() -> None:
    register(
        Rule(
            "sessions.Session",
            "sessions that have ended are erased",
            lambda now: Session.objects.filter(expire_date__lt=now),
            _delete,
            holdable=False,
        )
    )
    for model, when in (
        (AccessAttempt, "attempt_time"),
        (AccessFailureLog, "attempt_time"),
        (AccessLog, "attempt_time"),
    ):
        register(
            Rule(
                model._meta.label,
                "sign-in records older than 90 days are erased",
                lambda now, model=model, when=when: model.objects.filter(
                    **{f"{when}__lt": now - SIGN_IN_RECORDS}
                ),
                _delete,
                holdable=False,
            )
        )
    register(
        Rule(
            "admin.LogEntry",
            "the admin's history older than six years is erased",
            lambda now: LogEntry.objects.filter(action_time__lt=now - AUDIT),
            _delete,
            holdable=False,
        )
    )
    register(
        Rule(
            "core.AuditEvent",
            "audit events older than six years are erased",
            lambda now: AuditEvent.objects.filter(at__lt=now - AUDIT),
            lambda queryset: queryset.erase_for_retention(),
            holdable=False,
        )
    )
