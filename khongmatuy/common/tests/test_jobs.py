"""Background jobs: progress, result, retries, scope, the schedule, and the real worker."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common import jobs
from khongmatuy.common.errors import DomainError
from khongmatuy.common.jobs import registry, runner
from khongmatuy.common.models import Job, ScheduleMark
from khongmatuy.common.tasks import run_job
from tests.personas import World
from tests.subprocess_db import database_for_subprocess

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP_ROW = {
    "name": "Tổ Worker",
    "kind": "residential_group",
    "population": 120,
    "households": 30,
    "as_of": "2026-01-01",
}
WORKER = ["run_worker", "--backend", "database", "--batch", "--no-startup-delay", "--no-reload"]
calls: list[Any] = []


@pytest.fixture
def kinds():  # type: ignore[no-untyped-def]
    """Handlers of test kinds, removed afterwards."""
    added: list[str] = []

    def add(kind: str, fn: Any) -> None:
        registry.HANDLERS[kind] = fn
        added.append(kind)

    calls.clear()
    yield add
    for kind in added:
        registry.HANDLERS.pop(kind, None)


def test_a_job_reports_progress_and_its_result(kinds: Any, officer_a: User) -> None:
    seen: list[tuple[int, int, str]] = []

    def handler(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
        for done in range(0, 4):
            progress(done, 3, "bước")
            row = Job.objects.get(pk=job.pk)
            seen.append((row.done, row.total, row.step))
        return jobs.Outcome(
            messages=("Xong.",), file_name="a.txt", file_type="text/plain", file_content=b"abc"
        )

    kinds("test.progress", handler)
    job = jobs.start(user=officer_a, kind="test.progress", label="Thử", params={"payload": [1]})
    job.refresh_from_db()
    assert seen == [(0, 3, "bước"), (1, 3, "bước"), (2, 3, "bước"), (3, 3, "bước")]
    assert (job.status, job.messages, job.percent, job.attempts) == ("done", ["Xong."], 100, 1)
    assert bytes(job.file_content) == b"abc"
    assert "payload" not in job.params  # rows handed to a job are not kept
    assert job.params["language"] == "vi"


def test_the_progress_page_polls_until_done_then_offers_the_file(
    kinds: Any, officer_a: User, officer_a_client: Client, officer_b_client: Client
) -> None:
    job = Job.objects.create(user=officer_a, kind="test", label="Xuất tệp", done=25, total=100)
    page = officer_a_client.get(job.get_absolute_url())
    html = page.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'value="25"' in html
    partial = officer_a_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert partial.content.decode().lstrip().startswith('<section id="job-progress"')
    notice = officer_a_client.get(reverse("jobs:notice")).content.decode()
    assert 'hx-trigger="every 5s"' in notice  # a job runs: the header keeps asking
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE, file_name="a.xlsx", file_type="text/plain", file_content=b"x"
    )
    notice = officer_a_client.get(reverse("jobs:notice")).content.decode()
    assert 'class="badge alert"' in notice
    assert ">1</span>" in notice
    html = officer_a_client.get(job.get_absolute_url()).content.decode()
    assert "every 1s" not in html
    assert reverse("jobs:download", args=[job.pk]) in html
    assert officer_a_client.get(reverse("jobs:download", args=[job.pk])).content == b"x"
    # Seen once finished: the header is quiet again.
    assert "badge" not in officer_a_client.get(reverse("jobs:notice")).content.decode()
    # Nobody else's: another user gets 404 on the page and the file.
    assert officer_b_client.get(job.get_absolute_url()).status_code == 404
    assert officer_b_client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_error_is_retried_then_fails_with_a_plain_message(kinds: Any, officer_a: User) -> None:
    def flaky(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
        calls.append(job.attempts)
        if len(calls) < 3:
            raise RuntimeError("database went away")
        return jobs.Outcome(messages=("Lần 3 được.",))

    kinds("test.flaky", flaky)
    job = jobs.start(user=officer_a, kind="test.flaky", label="Thử lại")
    job.refresh_from_db()
    assert calls == [1, 2, 3]
    assert (job.status, job.messages) == ("done", ["Lần 3 được."])

    def broken(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
        raise RuntimeError("always")

    kinds("test.broken", broken)
    job = jobs.start(user=officer_a, kind="test.broken", label="Hỏng")
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.messages == ["Công việc không chạy được. Hãy báo cho quản trị hệ thống."]


def test_refused_input_fails_at_once_with_its_messages(kinds: Any, officer_a: User) -> None:
    def refuse(*, job: Job, progress: jobs.Progress) -> jobs.Outcome:
        calls.append(1)
        raise DomainError({"rows": ["Dòng 3: Ngày không hợp lệ."]})

    kinds("test.refuse", refuse)
    job = jobs.start(user=officer_a, kind="test.refuse", label="Nhập")
    job.refresh_from_db()
    assert (job.status, job.messages, calls) == ("failed", ["Dòng 3: Ngày không hợp lệ."], [1])
    runner.run(str(job.pk))  # delivered twice: a finished job is left alone
    assert calls == [1]


@pytest.mark.real_commit
def test_a_job_is_queued_only_when_its_transaction_commits(
    kinds: Any, officer_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    kinds("test.count", lambda *, job, progress: calls.append(job.pk) or jobs.Outcome())
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(user=officer_a, kind="test.count", label="Sau khi lưu")
        assert calls == []  # not before the commit
    assert calls == [job.pk]


def test_stale_running_jobs_are_queued_again(kinds: Any, officer_a: User) -> None:
    kinds("test.count", lambda *, job, progress: calls.append(job.pk) or jobs.Outcome())
    now = timezone.now()
    stale = Job.objects.create(user=officer_a, kind="test.count", label="a", status="running")
    fresh = Job.objects.create(user=officer_a, kind="test.count", label="b", status="running")
    Job.objects.filter(pk=stale.pk).update(started_at=now - timedelta(minutes=31))
    Job.objects.filter(pk=fresh.pk).update(started_at=now - timedelta(minutes=29))
    assert runner.recover_stale(now=now) == 1
    assert calls == [stale.pk]
    assert Job.objects.get(pk=stale.pk).status == "done"
    assert Job.objects.get(pk=fresh.pk).status == "running"


def test_periodic_jobs_run_once_per_due_time(db: None) -> None:
    ran: list[str] = []
    jobs.periodic("test.every", every=timedelta(minutes=5))(lambda *, now: ran.append("every"))
    jobs.periodic("test.daily", daily_at=dtime(6, 0))(lambda *, now: ran.append("daily"))
    try:
        t0 = datetime(2026, 12, 7, 5, 0, tzinfo=HCM)
        assert {"test.every"} <= set(runner.enqueue_due(now=t0))
        assert "test.daily" not in runner.enqueue_due(now=t0)  # before 06:00
        assert "test.every" not in runner.enqueue_due(now=t0 + timedelta(minutes=4))
        assert "test.every" in runner.enqueue_due(now=t0 + timedelta(minutes=5))
        at_six = t0.replace(hour=6, minute=1)
        assert "test.daily" in runner.enqueue_due(now=at_six)
        assert "test.daily" not in runner.enqueue_due(now=at_six + timedelta(hours=3))
        assert "test.daily" in runner.enqueue_due(now=at_six + timedelta(days=1))
        assert ScheduleMark.objects.filter(key__startswith="test.").count() == 2
        assert ran.count("daily") == 2  # each run was handed to the queue (immediate here)
        assert ran.count("every") == 5
    finally:
        registry.PERIODIC.pop("test.every")
        registry.PERIODIC.pop("test.daily")


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_process_runs_a_queued_job(
    officer_a: User, world: World, tmp_path: Path
) -> None:
    """Queued on the database backend, run by ``manage.py run_worker`` in its own process."""
    job = Job.objects.create(
        user=officer_a,
        kind="areas.groups-import",
        label="Nhập tổ dân phố",
        params={
            "commune": world.ward_a.pk,
            "payload": [GROUP_ROW],
        },
    )
    run_job.using(backend="database").enqueue(job_id=str(job.pk))
    url, count = database_for_subprocess(tmp_path)
    assert count("django_tasks_database_dbtaskresult", "status = %s", ["READY"]) == 1
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    worker = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", *WORKER, "-v", "2"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    table = Job._meta.db_table
    assert count(table, "status = %s", ["failed"]) == 0, worker.stdout + worker.stderr
    assert count(table, "status = %s", ["done"]) == 1, worker.stdout + worker.stderr
    areas = Area._meta.db_table
    assert count(areas, "name = %s", ["Tổ Worker"]) == 1
    assert count("django_tasks_database_dbtaskresult", "status = %s", ["SUCCESSFUL"]) == 1
