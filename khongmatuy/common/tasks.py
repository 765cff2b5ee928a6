"""The worker's two tasks: run one job, run one periodic job. Thin: they load and call the kit."""

from __future__ import annotations

from datetime import datetime, timedelta

from django_tasks import task

from .jobs import runner
from .jobs.registry import PERIODIC, periodic


@task()
def run_job(*, job_id: str) -> None:
    runner.run(job_id)


@task()
def run_periodic(*, key: str, now: str) -> None:
    spec = PERIODIC.get(key)
    if spec is not None:
        spec.run(now=datetime.fromisoformat(now))


@periodic("jobs.recover-stale", every=timedelta(minutes=5))
def recover_stale_jobs(*, now: datetime) -> None:
    """Jobs a dead worker left running are queued again (the queue survives restarts)."""
    runner.recover_stale(now=now)
