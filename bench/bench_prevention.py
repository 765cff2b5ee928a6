"""Communication coverage of the month for a city user (Hải Phòng): groups reached per commune.

``communication_coverage_city_p95`` is ``prevention.selectors.coverage.by_commune``, what the
coverage page shows per commune (one aggregate query with an EXISTS per group over the
``(group, held_on)`` index, and one for the communes' names). ``communication_coverage_sql_p95``
is the same answer in one hand-written query: the floor. Both must agree for every commune.
The trend (``month_trend``, 12 months in one query) is timed too.

The prevention stage of the generator runs first if the dataset has no activity (it is
idempotent): every group, every month, for 24 months.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date

from django.db import connection
from django.utils import timezone

from bench.bench_people import _fetch, _scope_sql
from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.demo import synthetic_prevention
from khongmatuy.prevention.models import Activity, GroupReach
from khongmatuy.prevention.rules.periods import month_of
from khongmatuy.prevention.selectors import coverage
from khongmatuy.prevention.selectors import households as household_selectors

Counts = dict[int, tuple[int, int]]  # commune id → (reached, total)


def coverage_orm(user: User, on: date) -> Counts:
    return {r.commune_id: (r.reached, r.total) for r in coverage.by_commune(user=user, on=on)}


def coverage_sql(user: User, on: date) -> Counts:
    """One query: the due groups of the scope per commune, each probed once in the index."""
    qn = connection.ops.quote_name
    area, reach = qn(Area._meta.db_table), qn(GroupReach._meta.db_table)
    period = month_of(on)
    scope, params = _scope_sql(user, "a")
    rows = _fetch(
        f"SELECT a.commune_id, c.name, COUNT(*),"
        f" SUM(CASE WHEN EXISTS (SELECT 1 FROM {reach} r WHERE r.group_id = a.id"
        f"  AND r.held_on >= %s AND r.held_on <= %s) THEN 1 ELSE 0 END)"
        f" FROM {area} a JOIN {area} c ON c.id = a.commune_id"
        f" WHERE {scope} AND a.level = 3"
        f" AND (a.valid_from IS NULL OR a.valid_from <= %s)"
        f" AND ((a.valid_until IS NULL AND a.is_active = %s) OR a.valid_until >= %s)"
        f" GROUP BY a.commune_id, c.name",
        [period.first, period.last, *params, period.first, True, period.last],
    )
    return {int(pk): (int(reached), int(total)) for pk, _name, total, reached in rows}


def household_coverage(user: User, on: date) -> tuple[int, int]:
    """The households page's figures: every group's row (one query), summed per commune."""
    rows = household_selectors.group_rows(user=user, on=on)
    household_selectors.by_commune(rows)
    total = household_selectors.total(rows)
    return total.reached, total.total


def run() -> list[Figure]:
    today = timezone.localdate()
    scale = os.environ.get("SCALE") or "national"
    started = time.perf_counter()
    result = synthetic_prevention.generate(scale=scale, seed=42, on=today)
    if result.created_anything:
        print(
            f"bench: prevention stage {result.communes_filled} communes in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    user = User.objects.get(username="bench_city")
    orm, sql = coverage_orm(user, today), coverage_sql(user, today)
    if orm != sql:
        raise BenchError(f"coverage: ORM and SQL differ ({len(orm)} vs {len(sql)} communes)")
    if not any(total for _reached, total in orm.values()):
        raise BenchError("coverage: no groups; is the dataset loaded?")
    groups = sum(total for _reached, total in orm.values())
    return [
        Figure("dataset_activities", Activity.objects.count(), "count"),
        Figure("dataset_group_reaches", GroupReach.objects.count(), "count"),
        Figure("communication_coverage_city_groups", groups, "count"),
        Figure(
            "communication_coverage_city_p95", p95(time_ms(lambda: coverage_orm(user, today))), "ms"
        ),
        Figure(
            "communication_coverage_sql_p95", p95(time_ms(lambda: coverage_sql(user, today))), "ms"
        ),
        Figure(
            "household_coverage_city_p95",
            p95(time_ms(lambda: household_coverage(user, today), runs=10)),
            "ms",
        ),
        Figure(
            "communication_trend_city_p95",
            p95(time_ms(lambda: coverage.month_trend(user=user, on=today), runs=10)),
            "ms",
        ),
    ]
