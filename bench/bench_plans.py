"""Overdue tasks for a city user (Hải Phòng): the overdue page's list.

``tasks_overdue_city_p95`` is ``plans.selectors.overdue``, what the page lists (the first 200
scoped open tasks due on or before the last working day before today, over the
``task_status_due`` index, with their lead, plan and coordinating offices).
``tasks_overdue_sql_p95`` is the same rows in two hand-written queries (the page, then the
coordinating offices of its tasks): the floor. Both must agree, row for row.

The plans stage of the generator runs first if the dataset has no plan (it is idempotent).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.bench_people import _fetch, _scope_sql
from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Organisation
from khongmatuy.demo import synthetic_plans
from khongmatuy.plans import selectors
from khongmatuy.plans.choices import TaskStatus
from khongmatuy.plans.models import PlanDocument, Task, TaskCoordinator

Rows = list[tuple[Any, ...]]


def overdue_orm(user: User, on: date) -> Rows:
    """The overdue page's list: its first ``OVERDUE_PAGE`` rows with their coordinating offices."""
    return [
        (
            t.pk,
            t.due_on,
            t.content,
            t.status,
            t.percent,
            t.lead.name,
            t.document.number if t.document else None,
            tuple(c.organisation.name for c in getattr(t, selectors.tasks.COORDINATORS)),
        )
        for t in selectors.overdue(user=user, on=on)[: selectors.tasks.OVERDUE_PAGE]
    ]


def overdue_sql(user: User, on: date) -> Rows:
    """The same rows in two hand-written queries: the page over the status and due-date index,
    then the coordinating offices of those tasks."""
    qn = connection.ops.quote_name
    task, area = qn(Task._meta.db_table), qn(Area._meta.db_table)
    organisation, document = qn(Organisation._meta.db_table), qn(PlanDocument._meta.db_table)
    coordinator = qn(TaskCoordinator._meta.db_table)
    scope, params = _scope_sql(user, "a")
    rows = _fetch(
        f"SELECT t.id, t.due_on, t.content, t.status, t.percent, o.name, d.number FROM {task} t"
        f" JOIN {area} a ON a.id = t.area_id"
        f" JOIN {organisation} o ON o.id = t.lead_id"
        f" LEFT JOIN {document} d ON d.id = t.document_id"
        f" WHERE {scope} AND t.status <> %s AND t.due_on <= %s"
        f" ORDER BY t.due_on, t.id LIMIT {selectors.tasks.OVERDUE_PAGE}",
        [*params, TaskStatus.ACCEPTED, selectors.tasks.threshold(on)],
    )
    names: dict[int, list[str]] = {}
    ids = [row[0] for row in rows]
    if ids:
        for task_id, name in _fetch(
            f"SELECT c.task_id, o.name FROM {coordinator} c"
            f" JOIN {organisation} o ON o.id = c.organisation_id"
            f" WHERE c.task_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY c.id",
            ids,
        ):
            names.setdefault(task_id, []).append(name)
    return [
        (
            pk,
            date.fromisoformat(due) if isinstance(due, str) else due,
            content,
            status,
            percent,
            name,
            number,
            tuple(names.get(pk, ())),
        )
        for pk, due, content, status, percent, name, number in rows
    ]


def run() -> list[Figure]:
    today = timezone.localdate()
    scale = os.environ.get("SCALE") or "national"
    started = time.perf_counter()
    result = synthetic_plans.generate(scale=scale, seed=42, on=today)
    if result.created_anything:
        print(
            f"bench: plans stage {result.communes_filled} communes in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    user = User.objects.get(username="bench_city")
    orm, sql = overdue_orm(user, today), overdue_sql(user, today)
    if orm != sql:
        raise BenchError(f"overdue tasks: ORM and SQL differ ({len(orm)} vs {len(sql)} rows)")
    if not orm:
        raise BenchError("overdue tasks: none; is the dataset loaded?")
    return [
        Figure("dataset_tasks", Task.objects.count(), "count"),
        Figure(
            "tasks_overdue_city_rows",
            selectors.overdue(user=user, on=today).count(),
            "count",
        ),
        Figure("tasks_overdue_city_p95", p95(time_ms(lambda: overdue_orm(user, today))), "ms"),
        Figure("tasks_overdue_sql_p95", p95(time_ms(lambda: overdue_sql(user, today))), "ms"),
        Figure(
            "tasks_overdue_counts_city_p95",
            p95(time_ms(lambda: selectors.agency_counts(user=user, on=today), runs=10)),
            "ms",
        ),
    ]
