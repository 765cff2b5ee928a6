"""Person search, the deadline list and the data-quality page, as commune, city and national users.

The data-quality page (counts per group or commune) is timed as a page. Search and deadlines are
each timed twice: through the selector the pages use (``selectors.persons.person_search``, one
page of 50 with its count and the open categories of the page;
``selectors.episodes.ending_within``, the deadline page's first tab: the active episodes ending
within 30 days, psychosis first, a page of 50 with its count) and as the same work in
hand-written SQL with the same scope (the columns the page reads), so the cost of the ORM's
shape is visible. Both must give the same rows.

The search is a partial, diacritics-free name ("nguyen v" finds "Nguyễn Văn …"): on SQLite a scan
of the persons in scope; on PostgreSQL the trigram index of migration ``0002`` serves it when
``pg_trgm`` could be enabled.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bench.bench_pages import page_getter
from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold
from khongmatuy.people.choices import EpisodeStatus
from khongmatuy.people.models import Episode, Person, PersonCategory
from khongmatuy.people.selectors import episodes as episode_selectors
from khongmatuy.people.selectors import persons as person_selectors
from khongmatuy.people.selectors.persons.search import SEARCH_COUNT_CAP

USERS = ("commune", "city", "national")
QUERY = "nguyen v"  # partial and without diacritics: "Nguyễn Văn …"
PAGE = 50
WINDOW_DAYS = 30

Rows = tuple[int, list[int], list[tuple[int, str]]]


def _scope_sql(user: User, area_alias: str) -> tuple[str, list[Any]]:
    """``Model.objects.for_user`` as SQL on the area row ``area_alias`` (one indexed IN each)."""
    scope = scope_for(user)
    if scope.everything:
        return "1 = 1", []
    parts, params = [], []
    for column, ids in (
        (f"{area_alias}.province_id", scope.province_ids),
        (f"{area_alias}.commune_id", scope.commune_ids),
        (f"{area_alias}.id", scope.group_ids),
    ):
        if ids:
            parts.append(f"{column} IN ({', '.join(['%s'] * len(ids))})")
            params.extend(sorted(ids))
    return f"({' OR '.join(parts) or '1 = 0'})", params


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- person search -----------------------------------------------------------------------------


def search_orm(user: User) -> Rows:
    page = person_selectors.person_search(user=user, query=QUERY, page=1, per_page=PAGE)
    persons = list(page.object_list)
    categories = [(c.person_id, c.category) for p in persons for c in p.open_categories]
    return page.paginator.count, [p.pk for p in persons], categories


def search_sql(user: User) -> Rows:
    """``person_search`` by hand: the count, the page with its areas, the page's open categories."""
    qn = connection.ops.quote_name
    person, area = qn(Person._meta.db_table), qn(Area._meta.db_table)
    category = qn(PersonCategory._meta.db_table)
    scope, params = _scope_sql(user, "a")
    escape = " ESCAPE '\\'" if connection.vendor == "sqlite" else ""
    where = (
        f"{scope} AND p.merged_into_id IS NULL AND p.is_active = %s"
        f" AND p.search_text LIKE %s{escape}"
    )
    params = [*params, True, f"%{fold(QUERY)}%"]
    frm = f"FROM {person} p JOIN {area} a ON a.id = p.area_id"
    # the page counts no further than the cap ("more than 1.000"), the floor neither; a scope
    # of everything needs no area to count
    counted = f"FROM {person} p" if scope_for(user).everything else frm
    (count,) = _fetch(
        f"SELECT COUNT(*) FROM (SELECT 1 {counted} WHERE {where} LIMIT {SEARCH_COUNT_CAP + 1}) c",
        params,
    )[0]
    rows = _fetch(  # the columns the page reads (``selectors.persons.search.LIST_FIELDS``)
        f"SELECT p.id, p.full_name, p.aliases, p.sex, p.date_of_birth, p.citizen_id,"
        f" p.psychosis, p.is_active, p.area_id, a.name {frm} WHERE {where}"
        f" ORDER BY p.name_sort, p.id LIMIT {PAGE}",
        params,
    )
    ids = [int(row[0]) for row in rows]
    categories: list[tuple[int, str]] = []
    if ids:
        found = _fetch(
            f"SELECT person_id, category, started_on, id FROM {category} WHERE ended_on IS NULL"
            f" AND person_id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        order = {pk: i for i, pk in enumerate(ids)}
        found.sort(key=lambda r: (order[r[0]], r[2], r[3]))
        categories = [(int(r[0]), str(r[1])) for r in found]
    return int(count), ids, categories


# --- deadline list -----------------------------------------------------------------------------


def deadline_orm(user: User, today: date) -> tuple[int, list[int]]:
    """The deadline page's first tab: active episodes ending within 30 days, psychosis first,
    then by due date (``selectors.episodes.ending_within``, a page with its count)."""
    qs = episode_selectors.ending_within(user=user, today=today, days=WINDOW_DAYS)
    return qs.count(), [e.pk for e in qs[:PAGE]]


def deadline_sql(user: User, today: date) -> tuple[int, list[int]]:
    qn = connection.ops.quote_name
    episode, person = qn(Episode._meta.db_table), qn(Person._meta.db_table)
    area = qn(Area._meta.db_table)
    scope, params = _scope_sql(user, "a")
    where = f"{scope} AND e.status = %s AND e.due_on >= %s AND e.due_on <= %s"
    params = [*params, EpisodeStatus.ACTIVE, today, today + timedelta(days=WINDOW_DAYS)]
    frm = (
        f"FROM {episode} e JOIN {person} p ON p.id = e.person_id JOIN {area} a ON a.id = p.area_id"
    )
    # a scope of everything counts the episodes alone
    counted = f"FROM {episode} e" if scope_for(user).everything else frm
    (count,) = _fetch(f"SELECT COUNT(*) {counted} WHERE {where}", params)[0]
    rows = _fetch(  # the columns a row reads (``selectors.episodes.LISTED_FIELDS``)
        f"SELECT e.id, e.kind, e.rule_confirmed, e.started_on, e.due_on, e.decision_number,"
        f" p.id, p.full_name, p.psychosis, a.name {frm} WHERE {where}"
        f" ORDER BY p.psychosis DESC, e.due_on, p.name_sort, e.id LIMIT {PAGE}",
        params,
    )
    return int(count), [int(row[0]) for row in rows]


# --- figures -----------------------------------------------------------------------------------


def _search(key: str, user: User) -> list[Figure]:
    orm, sql = search_orm(user), search_sql(user)
    if orm != sql:
        raise BenchError(f"person search for {key}: ORM and SQL differ ({orm[0]} vs {sql[0]} rows)")
    if not orm[1]:
        raise BenchError(f"person search for {key}: no rows for {QUERY!r}; is the dataset loaded?")
    return [
        Figure(f"person_search_{key}_p95", p95(time_ms(lambda: search_orm(user))), "ms"),
        Figure(f"person_search_{key}_sql_p95", p95(time_ms(lambda: search_sql(user))), "ms"),
        Figure(f"person_search_{key}_matches", _matches(user), "count"),
    ]


def _matches(user: User) -> int:
    """Every match, counted once outside the timings (the page stops at the cap)."""
    return person_selectors.person_queryset(user=user, query=QUERY).count()


def _deadlines(key: str, user: User, today: date) -> list[Figure]:
    orm, sql = deadline_orm(user, today), deadline_sql(user, today)
    if orm != sql:
        raise BenchError(f"deadline list for {key}: ORM and SQL differ ({orm[0]} vs {sql[0]} rows)")
    if not orm[1]:
        raise BenchError(f"deadline list for {key}: no rows; is the dataset loaded?")
    return [
        Figure(f"deadline_list_{key}_p95", p95(time_ms(lambda: deadline_orm(user, today))), "ms"),
        Figure(
            f"deadline_list_{key}_sql_p95", p95(time_ms(lambda: deadline_sql(user, today))), "ms"
        ),
        Figure(f"deadline_list_{key}_rows", orm[0], "count"),
    ]


def _quality_page(key: str, user: User) -> Figure:
    """The data-quality page (counts per group or commune) as the user's browser gets it (the
    same request as ``page_quality_<who>_p95`` of ``bench_pages``)."""
    get = page_getter(user, reverse("people:quality"), b'id="quality-summary"')
    return Figure(f"quality_page_{key}_p95", p95(time_ms(get)), "ms")


def run() -> list[Figure]:
    users = {key: User.objects.get(username=f"bench_{key}") for key in USERS}
    today = timezone.localdate()
    figures = [Figure("dataset_persons", Person.objects.count(), "count")]
    for key in USERS:
        figures += _search(key, users[key])
    for key in USERS:
        figures += _deadlines(key, users[key], today)
    figures += [_quality_page(key, users[key]) for key in ("commune", "city")]
    return figures
