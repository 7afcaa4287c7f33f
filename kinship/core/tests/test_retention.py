"""Retention of what the house keeps about people itself: ended sessions,
sign-in records after 90 days, audit events after six years; and the
daily job that runs it."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kinship.core import audit, retention
from kinship.core.models import AuditEvent
from kinship.core.tasks import next_run, schedule_daily_jobs


def _attempt(email: str, days_old: int) -> None:
    attempt = AccessAttempt.objects.create(
        username=email, ip_address="192.0.2.1", user_agent="x", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=timezone.now() - timedelta(days=days_old)
    )


def test_sessions_and_sign_in_records_are_erased_when_their_time_is_up(db):
    ended = SessionStore()
    ended.set_expiry(-10)
    ended.create()
    live = SessionStore()
    live.create()
    _attempt("dev@example.org", 91)
    _attempt("ann@example.org", 10)
    outcomes = {o.rule.name: o.count for o in retention.apply()}
    assert outcomes["sessions.Session"] == 1 and outcomes["axes.AccessAttempt"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["ann@example.org"]
    summary = AuditEvent.objects.get(record_type="axes.AccessAttempt")
    assert summary.details == {"count": 1, "held": 0}


def test_audit_events_are_kept_six_years_then_erased(db):
    audit.record(audit.Action.SIGNED_IN, record_type="accounts.User", record_id="new")
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=6 * 365 + 3), action="signed in", record_id="oldest"
    )
    AuditEvent.objects.create(
        at=timezone.now() - timedelta(days=5 * 365), action="signed in", record_id="five years"
    )
    retention.apply()
    erased = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION)
    assert erased.record_type == "core.AuditEvent" and erased.details["count"] == 1
    left = set(AuditEvent.objects.exclude(pk=erased.pk).values_list("record_id", flat=True))
    assert left == {"five years", "new"}


def test_nothing_erases_an_audit_event_younger_than_six_years(db):
    event = audit.record(audit.Action.SIGNED_IN, record_type="accounts.User", record_id=1)
    assert AuditEvent.objects.filter(pk=event.pk).erase_for_retention() == 0
    if connection.vendor == "postgresql":
        # Below the app: the trigger refuses even with the retention flag.
        refused = pytest.raises(DatabaseError, match="append-only")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL kinship.audit_retention = 'on'")
            cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_daily_jobs_are_queued_once_for_the_next_night(db):
    assert schedule_daily_jobs() is True
    assert schedule_daily_jobs() is False
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "kinship.core.tasks.daily_jobs"
    assert queued.run_after == next_run()
    local = timezone.localtime(queued.run_after)
    assert (local.hour, local.minute) == (2, 30)
    assert timedelta(0) < queued.run_after - timezone.now() <= timedelta(days=1)


def test_the_daily_job_runs_retention_and_queues_tomorrow(db):
    from kinship.core.tasks import daily_jobs

    ended = SessionStore()
    ended.set_expiry(-10)
    ended.create()
    daily_jobs.call()
    assert not Session.objects.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 1
