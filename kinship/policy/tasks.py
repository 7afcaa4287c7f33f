"""Background work for the policy tracker, through the task queue
(django-tasks, database backend; `manage.py db_worker` runs it)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from kinship.policy.publishing import publish_due


@task()
def publish_scheduled() -> int:
    """Publish every draft whose time has come; returns how many."""
    return len(publish_due())


def enqueue_publish_due(when: datetime) -> None:
    """Ask the queue to publish what is due at ``when``. Any draft missed
    (a worker that was stopped) is published by the next run."""
    publish_scheduled.using(run_after=when).enqueue()
