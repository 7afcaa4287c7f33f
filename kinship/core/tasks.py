"""The daily jobs, through the task queue (django-tasks, database backend;
``manage.py db_worker`` runs it): retention, then switching off accounts
nobody uses. Each run puts the next in the queue for the next night, so
one call of ``schedule_daily_jobs()`` (``set_up_data`` makes it, on every
deployment) keeps them going; a run missed while no worker was running
happens when one starts."""

from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

# Commands called by name: core imports no other kinship app.
DAILY_COMMANDS = ("apply_retention", "disable_unused_accounts")
RUN_AT = time(2, 30)  # UK time, when nobody is working


def next_run(now: datetime | None = None) -> datetime:
    """The next 02:30 UK time after ``now``."""
    local = timezone.localtime(now or timezone.now())
    run = timezone.make_aware(datetime.combine(local.date(), RUN_AT))
    return (
        run
        if run > local
        else timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), RUN_AT))
    )


@task()
def daily_jobs() -> list[str]:
    """Run each daily command, then queue tomorrow's run."""
    for name in DAILY_COMMANDS:
        call_command(name, verbosity=0)
    daily_jobs.using(run_after=next_run()).enqueue()
    return list(DAILY_COMMANDS)


def schedule_daily_jobs() -> bool:
    """Queue the daily jobs unless a run is already waiting. Returns
    whether it queued one."""
    waiting = DBTaskResult.objects.filter(task_path=daily_jobs.module_path, status="READY").exists()
    if waiting:
        return False
    daily_jobs.using(run_after=next_run()).enqueue()
    return True
