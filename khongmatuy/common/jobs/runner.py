"""Start a job, run it in the worker, retry it, and put periodic jobs in the queue.

A job is enqueued only after the transaction that created it commits (``on_commit``), so the worker
never looks for a row that does not exist yet. Running is idempotent: a job already finished is
left alone, so a task delivered twice does no harm. A handler's ``DomainError`` (bad input) fails
the job at once with its messages; any other error is retried with a growing delay until
``max_attempts``, then the job fails with a plain message (the traceback goes to the log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..errors import DomainError
from .models import Job, ScheduleMark
from .registry import HANDLERS, PERIODIC, Outcome

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

logger = logging.getLogger("khongmatuy.jobs")

RETRY_DELAY = timedelta(seconds=10)  # the delay before the 2nd attempt; doubled each time


def start(
    *, user: User, kind: str, label: str, params: dict[str, Any] | None = None, total: int = 0
) -> Job:
    """Record a job for ``user`` and queue it once the current transaction commits."""
    if kind not in HANDLERS:
        raise ValueError(f"No handler for job kind {kind!r}")
    params = {"language": translation.get_language() or settings.LANGUAGE_CODE, **(params or {})}
    job = Job.objects.create(user=user, kind=kind, label=label[:250], params=params, total=total)
    after_commit(lambda: _enqueue(job.pk))
    return job


def after_commit(fn: Callable[[], None]) -> None:
    """Run ``fn`` once the current transaction commits (at once outside one). Tests, whose
    transaction never commits, replace this to run it at once (conftest.py)."""
    transaction.on_commit(fn)


def _enqueue(job_id: Any, *, delay: timedelta | None = None) -> None:
    from ..tasks import run_job

    task = run_job
    if delay is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    result = task.enqueue(job_id=str(job_id))
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def _progress(job_id: Any) -> Any:
    def report(done: int, total: int, step: str = "") -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total, step=step[:250])

    return report


def run(job_id: str) -> None:
    """Run the job ``job_id`` (the worker's task body)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished or job.status == Job.Status.RUNNING:
        return
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.started_at = timezone.now()
    job.save(update_fields=["status", "attempts", "started_at"])
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            outcome = HANDLERS[job.kind](job=job, progress=_progress(job.pk))
    except DomainError as exc:
        _finish(job, status=Job.Status.FAILED, messages=exc.messages)
    except Exception:
        logger.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.QUEUED,
                step=_("Lỗi khi chạy, sẽ thử lại (lần %(n)s).") % {"n": job.attempts + 1},
            )
            _enqueue(job.pk, delay=RETRY_DELAY * 2 ** (job.attempts - 1))
        else:
            _finish(
                job,
                status=Job.Status.FAILED,
                messages=[_("Công việc không chạy được. Hãy báo cho quản trị hệ thống.")],
            )
    else:
        _finish(job, status=Job.Status.DONE, outcome=outcome)


def _finish(
    job: Job, *, status: str, messages: Iterable[str] = (), outcome: Outcome | None = None
) -> None:
    job.status = status
    job.finished_at = timezone.now()
    job.messages = [str(m) for m in (outcome.messages if outcome else messages)]
    job.params.pop("payload", None)  # the rows a job was given (personal data) are not kept
    if outcome is not None:
        job.result_url = outcome.url
        job.file_name = outcome.file_name
        job.file_type = outcome.file_type
        job.file_content = outcome.file_content
    job.save(
        update_fields=[
            "status",
            "finished_at",
            "messages",
            "result_url",
            "file_name",
            "file_type",
            "file_content",
            "params",
        ]
    )


def mark_seen(jobs: Iterable[Job]) -> None:
    """The finished jobs' notices were shown: the header stops announcing them."""
    ids = [j.pk for j in jobs if j.finished and j.seen_at is None]
    if ids:
        Job.objects.filter(pk__in=ids).update(seen_at=timezone.now())


def recover_stale(*, now: datetime) -> int:
    """Queue again the jobs left running by a worker that died (killed, machine restarted):
    running for longer than ``KMT_JOB_STALE_MINUTES``. Returns how many."""
    limit = now - timedelta(minutes=settings.KMT_JOB_STALE_MINUTES)
    stale = list(
        Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=limit).values_list(
            "pk", flat=True
        )
    )
    for job_id in stale:
        if Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED, step=_("Bộ xử lý nền đã dừng giữa chừng, chạy lại.")
        ):
            _enqueue(job_id)
    return len(stale)


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Queue every periodic job that is due; returns their keys. Each key's row is locked while it
    is checked, so workers running this at once queue each run once."""
    from ..tasks import run_periodic

    now = timezone.localtime(now or timezone.now())
    queued = []
    for key, spec in PERIODIC.items():
        with transaction.atomic():
            mark, _created = ScheduleMark.objects.get_or_create(key=key)
            mark = ScheduleMark.objects.select_for_update().get(pk=mark.pk)
            last = timezone.localtime(mark.last_enqueued_at) if mark.last_enqueued_at else None
            if not spec.due(last=last, now=now):
                continue
            mark.last_enqueued_at = now
            mark.save(update_fields=["last_enqueued_at"])
            after_commit(partial(_enqueue_periodic, run_periodic, key, now))
            queued.append(key)
    return queued


def _enqueue_periodic(task: Any, key: str, now: datetime) -> None:
    task.enqueue(key=key, now=now.isoformat())
