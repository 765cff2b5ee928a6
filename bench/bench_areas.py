"""The area tree page and the per-commune area counts, as a commune, a city and a national user.

The counts are timed twice: through the selector (``selectors.commune_counts``, the ORM) and as
one hand-written SQL query with the same scope, so that the cost of the ORM's shape is visible.
Both must give the same rows. The scope itself (one query per request) is cached on the user
object, so the two timings compare the aggregate alone; the page timings include everything a
request does (session, user, scope, queries, template).
"""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas import selectors
from khongmatuy.areas.models import Area, AreaFigure, Level
from khongmatuy.common.scoping import scope_for

USERS = ("commune", "city", "national")
PAGE_USERS = ("commune", "city")
COMMUNE_NAME = "Gia Viên"  # bench_commune's ward; on every page of both page users


def counts_sql(user: User) -> tuple[str, list[object]]:
    """``selectors.commune_counts`` as one SQL query, scoped like ``Area.objects.for_user``."""
    scope = scope_for(user)
    qn = connection.ops.quote_name
    area, figure = qn(Area._meta.db_table), qn(AreaFigure._meta.db_table)
    params: list[object] = [True, Level.GROUP, True]
    where = "g.level = %s AND g.is_active = %s"
    if not scope.everything:
        alternatives = []
        for column, ids in (
            ("g.province_id", scope.province_ids),
            ("g.commune_id", scope.commune_ids),
            ("g.id", scope.group_ids),
        ):
            if ids:
                alternatives.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
                params.extend(sorted(ids))
        where += f" AND ({' OR '.join(alternatives) or '1 = 0'})"
    # The current figure is joined, not all figures and then filtered: at most one row per group,
    # so a plain COUNT is exact (the ORM version needs COUNT(DISTINCT)).
    sql = f"""
        SELECT g.commune_id, c.name, COUNT(*), COALESCE(SUM(f.population), 0)
        FROM {area} g
        JOIN {area} c ON c.id = g.commune_id
        LEFT JOIN {figure} f ON f.area_id = g.id AND f.is_current = %s
        WHERE {where}
        GROUP BY g.commune_id, c.name, c.sort_key
        ORDER BY c.sort_key
    """
    return sql, params


def _run_sql(sql: str, params: list[object]) -> list[tuple[int, str, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(a), str(b), int(c), int(d)) for a, b, c, d in cursor.fetchall()]


def _orm(user: User) -> list[tuple[int, str, int, int]]:
    return [
        (r.commune_id, r.commune_name, r.groups, r.population)
        for r in selectors.commune_counts(user=user)
    ]


def _counts(key: str, user: User) -> list[Figure]:
    sql, params = counts_sql(user)
    orm_rows, sql_rows = _orm(user), _run_sql(sql, params)
    # Same rows; communes with the same sort key (same name in two provinces) may come in either
    # order, so compare sorted.
    if sorted(orm_rows) != sorted(sql_rows):
        raise BenchError(
            f"area counts for {key}: ORM and SQL differ ({len(orm_rows)} vs {len(sql_rows)} rows)"
        )
    if not orm_rows:
        raise BenchError(f"area counts for {key}: no rows; is the dataset loaded?")
    return [
        Figure(f"area_counts_{key}_p95", p95(time_ms(lambda: _orm(user))), "ms"),
        Figure(f"area_counts_{key}_sql_p95", p95(time_ms(lambda: _run_sql(sql, params))), "ms"),
    ]


def _tree(key: str, user: User) -> Figure:
    client = Client()
    client.force_login(user)
    url = reverse("areas:tree")

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise BenchError(f"GET {url} as {user.username}: status {response.status_code}")
        if COMMUNE_NAME not in response.content.decode():
            raise BenchError(f"GET {url} as {user.username}: {COMMUNE_NAME} not on the page")

    return Figure(f"area_tree_{key}_p95", p95(time_ms(get)), "ms")


def run() -> list[Figure]:
    users = {key: User.objects.get(username=f"bench_{key}") for key in USERS}
    figures = [
        Figure("dataset_areas", Area.objects.count(), "count"),
        Figure("dataset_groups", Area.objects.groups().count(), "count"),
    ]
    figures += [_tree(key, users[key]) for key in PAGE_USERS]
    for key in USERS:
        figures += _counts(key, users[key])
    return figures
