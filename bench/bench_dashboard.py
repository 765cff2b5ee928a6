"""The leadership dashboard as a city (province) user and as a national user.

``dashboard_<who>_p95`` is the whole page (``reports:dashboard``: session, scope, every figure,
trend, roadmaps, subunits, template). ``dashboard_<who>_figures_p95`` is its counted figures
through the ORM (the period's figures and the same days of last year, ``figures.counts``; the
overdue work; the subunit rows) and ``dashboard_<who>_sql_p95`` the same figures as
hand-written SQL: a few statements that count both periods at once with conditional
aggregates. Both must give the same numbers (checked before timing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import connection
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from bench.bench_pages import page_getter
from bench.figures_floor import sql_coverage, sql_support
from bench.timing import BenchError, Figure, p95, time_ms
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import Case, CasePerson, Seizure, Substance
from khongmatuy.criteria.models import Recognition, RecognitionEvent
from khongmatuy.people import counting
from khongmatuy.people.choices import Category, EpisodeKind, EpisodeStatus, TestResult
from khongmatuy.people.models import DrugTest, Episode, Person, PersonCategory
from khongmatuy.places.models import Business, Cultivation, Inspection, Place, PlaceEvent
from khongmatuy.places.rules.lifecycle import EXISTING
from khongmatuy.plans.choices import TaskStep
from khongmatuy.plans.models import Task, TaskEvent
from khongmatuy.plans.selectors.tasks import threshold
from khongmatuy.prevention.models import (
    Activity,
    DrugFreeModel,
    DrugFreeModelEvent,
    GroupReach,
    HouseholdCommitment,
)
from khongmatuy.programme.models import Adjustment, Allocation, CommuneProject, Disbursement
from khongmatuy.programme.rules.money import Ledger, display_percent
from khongmatuy.reports import dashboard, figures
from khongmatuy.reports.rules.periods import Period, PeriodKind
from khongmatuy.tips.models import Tip
from khongmatuy.tips.rules.handling import OPEN_STATUSES

USERS = {"city": "bench_city", "national": "bench_national"}
ON = connection.ops.quote_name("on")  # a keyword in SQL


def _t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values: Any) -> str:
    return ", ".join(f"'{v}'" for v in sorted(str(x) for x in values))


def _where(area: Area, alias: str = "a") -> tuple[str, list[Any]]:
    """The subtree of ``area`` on the joined area ``alias``."""
    if area.level == Level.COUNTRY:
        return "1 = 1", []
    column = {Level.PROVINCE: "province_id", Level.COMMUNE: "commune_id"}.get(
        Level(area.level), "id"
    )
    return f"{alias}.{column} = %s", [area.pk]


def _via_person(area: Area, alias: str) -> str:
    """The joins that reach a person-linked row's area (none for the whole country)."""
    if area.level == Level.COUNTRY:
        return ""
    return (
        f" JOIN {_t(Person)} pe ON pe.id = {alias}.person_id JOIN {_t(Area)} a ON a.id = pe.area_id"
    )


def _via_area(area: Area, column: str) -> str:
    return "" if area.level == Level.COUNTRY else f" JOIN {_t(Area)} a ON a.id = {column}"


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _day_bounds(start: date, end: date) -> tuple[Any, Any]:
    """``received_at`` from the start of ``start`` to before the day after ``end``, local."""
    tz = timezone.get_current_timezone()
    adapt = connection.ops.adapt_datetimefield_value
    return (
        adapt(datetime.combine(start, time.min, tzinfo=tz)),
        adapt(datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)),
    )


def sql_counts(area: Area, periods: list[Period]) -> list[dict[str, Any]]:
    """``figures.counts`` of ``area`` for each period, in a few statements for all periods."""
    where, wp = _where(area)
    out: list[dict[str, Any]] = [{} for _p in periods]
    area_t = _t(Area)
    users = _in(counting.USERS)

    # persons: per category, managed, new users, categories ended
    cols: list[str] = []
    params: list[Any] = []
    for p in periods:
        cols.append(
            "COUNT(DISTINCT CASE WHEN pc.category IN (" + users + ") AND pc.started_on <= %s"
            " AND (pc.ended_on IS NULL OR pc.ended_on >= %s) THEN pc.person_id END)"
        )
        params += [p.end, p.end]
        cols.append(
            "COUNT(DISTINCT CASE WHEN pc.category IN (" + users + ") AND pc.started_on >= %s"
            " AND pc.started_on <= %s AND NOT EXISTS (SELECT 1 FROM "
            + _t(PersonCategory)
            + " e WHERE e.person_id = pc.person_id AND e.category IN ("
            + users
            + ") AND e.started_on < %s) THEN pc.person_id END)"
        )
        params += [p.start, p.end, p.start]
        cols.append(
            "COUNT(CASE WHEN pc.category IN (" + users + ") AND pc.ended_on >= %s"
            " AND pc.ended_on <= %s THEN 1 END)"
        )
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(PersonCategory)} pc" + _via_person(area, "pc") + f""
        f" WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        managed, new, ended = row[3 * n : 3 * n + 3]
        values.update(
            {
                "persons.managed": managed,
                "persons.new_users": new,
                "persons.categories_ended": ended,
            }
        )
        for category in Category:
            values[f"persons.{category.value}"] = 0
    cols, params = [], []
    for p in periods:
        cols.append(
            "COUNT(DISTINCT CASE WHEN pc.started_on <= %s AND (pc.ended_on IS NULL"
            " OR pc.ended_on >= %s) THEN pc.person_id END)"
        )
        params += [p.end, p.end]
    for category, *counts in _fetch(
        f"SELECT pc.category, {', '.join(cols)} FROM {_t(PersonCategory)} pc"
        + _via_person(area, "pc")
        + f""
        f" WHERE {where} GROUP BY pc.category",
        params + wp,
    ):
        for n, values in enumerate(out):
            values[f"persons.{category}"] = counts[n]

    # measures
    rehab = _in((EpisodeKind.REHAB_HOME, EpisodeKind.REHAB_FACILITY, EpisodeKind.COMPULSORY_REHAB))
    cols, params = [], []
    for p in periods:
        still = "(e.ended_on IS NULL OR e.ended_on > %s)"
        cols += [
            "COUNT(CASE WHEN e.started_on >= %s AND e.started_on <= %s THEN 1 END)",
            "COUNT(CASE WHEN e.ended_on >= %s AND e.ended_on <= %s THEN 1 END)",
            f"COUNT(CASE WHEN e.started_on <= %s AND e.due_on < %s AND {still} THEN 1 END)",
            f"COUNT(CASE WHEN e.kind IN ({rehab}) AND e.started_on <= %s AND {still} THEN 1 END)",
            f"COUNT(CASE WHEN e.kind = %s AND e.started_on <= %s AND {still} THEN 1 END)",
        ]
        params += [p.start, p.end, p.start, p.end, p.end, p.end, p.end, p.end, p.end]
        params += [EpisodeKind.POST_REHAB, p.end, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Episode)} e" + _via_person(area, "e") + f""
        f" WHERE {where}",
        params + wp,
    )[0]
    names = ("started", "ended", "overdue", "rehab_open", "post_rehab_open")
    for n, values in enumerate(out):
        for i, name in enumerate(names):
            values[f"measures.{name}"] = row[5 * n + i]

    # drug tests
    cols, params = [], []
    for p in periods:
        cols += [
            "COUNT(CASE WHEN t.tested_on >= %s AND t.tested_on <= %s THEN 1 END)",
            "COUNT(CASE WHEN t.tested_on >= %s AND t.tested_on <= %s AND t.result = %s THEN 1 END)",
        ]
        params += [p.start, p.end, p.start, p.end, TestResult.POSITIVE]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(DrugTest)} t" + _via_person(area, "t") + f""
        f" WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["tests.total"], values["tests.positive"] = row[2 * n], row[2 * n + 1]

    # places: found, eliminated, recurred, existing
    ev = _t(PlaceEvent)
    cols, params = [], []
    for p in periods:
        last = (
            f"COALESCE((SELECT x.to_status FROM {ev} x WHERE x.place_id = pl.id AND x.{ON} <= %s"
            f" ORDER BY x.{ON} DESC, x.id DESC LIMIT 1), '{Place.Status.DETECTED}')"
        )
        cols += [
            "COUNT(CASE WHEN pl.discovered_on >= %s AND pl.discovered_on <= %s THEN 1 END)",
            f"COUNT(CASE WHEN EXISTS (SELECT 1 FROM {ev} x WHERE x.place_id = pl.id"
            f" AND x.to_status = %s AND x.{ON} >= %s AND x.{ON} <= %s) THEN 1 END)",
            f"COUNT(CASE WHEN EXISTS (SELECT 1 FROM {ev} x WHERE x.place_id = pl.id"
            f" AND x.to_status = %s AND x.{ON} >= %s AND x.{ON} <= %s) THEN 1 END)",
            f"COUNT(CASE WHEN pl.discovered_on <= %s AND {last} IN ({_in(EXISTING)}) THEN 1 END)",
        ]
        params += [p.start, p.end, Place.Status.ELIMINATED, p.start, p.end]
        params += [Place.Status.RECURRED, p.start, p.end, p.end, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Place)} pl{_via_area(area, 'pl.area_id')}"
        f" WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        found, eliminated, recurred, existing = row[4 * n : 4 * n + 4]
        values.update(
            {
                "places.found": found,
                "places.eliminated": eliminated,
                "places.recurred": recurred,
                "places.existing": existing,
            }
        )

    # businesses inspected, cultivation destroyed
    cols, params = [], []
    for p in periods:
        cols.append(
            "COUNT(DISTINCT CASE WHEN i.inspected_on >= %s AND i.inspected_on <= %s"
            " THEN i.business_id END)"
        )
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Inspection)} i"
        f" JOIN {_t(Business)} b ON b.id = i.business_id{_via_area(area, 'b.area_id')}"
        f" WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["businesses.inspected"] = row[n]
    cols, params = [], []
    for p in periods:
        cols.append("COUNT(CASE WHEN c.destroyed_on >= %s AND c.destroyed_on <= %s THEN 1 END)")
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Cultivation)} c{_via_area(area, 'c.area_id')}"
        f" WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["cultivation.destroyed"] = row[n]

    # cases, arrests, seizures
    cols, params = [], []
    for p in periods:
        cols.append("COUNT(CASE WHEN c.occurred_on >= %s AND c.occurred_on <= %s THEN 1 END)")
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Case)} c{_via_area(area, 'c.area_id')} WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["cases.total"] = row[n]
    roles = _in((CasePerson.Role.ARRESTED, CasePerson.Role.ACCUSED))
    cols, params = [], []
    for p in periods:
        cols.append(
            f"COUNT(DISTINCT CASE WHEN cp.role IN ({roles}) AND cp.arrested_on >= %s"
            " AND cp.arrested_on <= %s THEN cp.person_id END)"
        )
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(CasePerson)} cp JOIN {_t(Case)} c ON c.id = cp.case_id"
        f"{_via_area(area, 'c.area_id')} WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["cases.arrested"] = row[n]
    for n, p in enumerate(periods):
        out[n]["seizures"] = [
            (name, unit, total)
            for name, unit, total in _fetch(
                f"SELECT s2.name, s.unit, SUM(s.quantity) FROM {_t(Seizure)} s"
                f" JOIN {_t(Case)} c ON c.id = s.case_id{_via_area(area, 'c.area_id')}"
                f" LEFT JOIN {_t(Substance)} s2 ON s2.id = s.substance_id"
                f" WHERE c.occurred_on >= %s AND c.occurred_on <= %s AND {where}"
                " GROUP BY s2.name, s.unit ORDER BY s2.name, s.unit",
                [p.start, p.end, *wp],
            )
        ]

    # tips
    cols, params = [], []
    for p in periods:
        first, after = _day_bounds(p.start, p.end)
        cols += [
            "COUNT(CASE WHEN t.received_at >= %s AND t.received_at < %s THEN 1 END)",
            "COUNT(CASE WHEN t.closed_on >= %s AND t.closed_on <= %s AND t.closed_on <= t.due_on"
            " THEN 1 END)",
            "COUNT(CASE WHEN t.received_at < %s AND t.due_on < %s"
            " AND (t.closed_on IS NULL OR t.closed_on > %s) THEN 1 END)",
        ]
        params += [first, after, p.start, p.end, after, p.end, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Tip)} t{_via_area(area, 't.area_id')} WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["tips.received"], values["tips.closed_in_time"], values["tips.overdue"] = row[
            3 * n : 3 * n + 3
        ]

    # recognition: each recognition's last status on or before the period's end
    good = _in((Recognition.Status.RECOGNISED, Recognition.Status.KEPT))
    for n, p in enumerate(periods):
        last = (
            f"(SELECT x.to_status FROM {_t(RecognitionEvent)} x WHERE x.recognition_id = r.id"
            f" AND x.{ON} <= %s ORDER BY x.{ON} DESC, x.id DESC LIMIT 1)"
        )
        registered, achieved, withdrawn = _fetch(
            f"SELECT COUNT(s), COUNT(CASE WHEN s IN ({good}) THEN 1 END),"
            " COUNT(CASE WHEN s = %s THEN 1 END) FROM (SELECT "
            + last
            + f" AS s FROM {_t(Recognition)} r{_via_area(area, 'r.area_id')}"
            f" WHERE {where}) z",
            [Recognition.Status.WITHDRAWN, p.end, *wp],
        )[0]
        out[n].update(
            {
                "recognition.registered": registered,
                "recognition.achieved": achieved,
                "recognition.withdrawn": withdrawn,
            }
        )

    # prevention: sessions filed under the area or reaching its groups; households committed
    gwhere, gp = _where(area, "g")
    cols, params = [], []
    for p in periods:
        cols.append("COUNT(CASE WHEN ac.held_on >= %s AND ac.held_on <= %s THEN 1 END)")
        params += [p.start, p.end]
    # one IN over the union of both id lists, each read through its own index
    within = (
        ""
        if area.level == Level.COUNTRY
        else f" WHERE ac.id IN (SELECT f.id FROM {_t(Activity)} f{_via_area(area, 'f.area_id')}"
        f" WHERE {where} UNION SELECT gr.activity_id FROM {_t(GroupReach)} gr"
        f" JOIN {area_t} g ON g.id = gr.group_id WHERE {gwhere})"
    )
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Activity)} ac{within}",
        params + ([] if area.level == Level.COUNTRY else wp + gp),
    )[0]
    for n, values in enumerate(out):
        values["prevention.sessions"] = row[n]
    cols, params = [], []
    for p in periods:
        cols.append(
            "COUNT(DISTINCT CASE WHEN h.signed_on >= %s AND h.signed_on <= %s"
            " THEN h.household_id END)"
        )
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(HouseholdCommitment)} h"
        f"{_via_area(area, 'h.area_id')} WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["prevention.commitments"] = row[n]
    working = _in((DrugFreeModel.Status.ACTIVE, DrugFreeModel.Status.RECOGNISED))
    for n, p in enumerate(periods):
        out[n]["prevention.models"] = _fetch(
            f"SELECT COUNT(*) FROM {_t(DrugFreeModel)} m{_via_area(area, 'm.area_id')}"
            f" WHERE {where} AND (SELECT x.to_status FROM {_t(DrugFreeModelEvent)} x"
            f" WHERE x.model_id = m.id AND x.{ON} <= %s ORDER BY x.{ON} DESC, x.id DESC"
            f" LIMIT 1) IN ({working})",
            [*wp, p.end],
        )[0][0]
    sql_support(area, periods, out)
    sql_coverage(area, periods, out)
    _sql_plans(area, periods, out)
    _sql_programme(area, periods, out)
    return out


def _sql_plans(area: Area, periods: list[Period], out: list[dict[str, Any]]) -> None:
    """Tasks accepted in each period; tasks overdue on each cut-off day (the deadline then: the
    one recorded by the task's first step after the day, else its current one; not accepted:
    no acceptance of that deadline on or before the day). Two statements for all periods."""
    where, wp = _where(area)
    ev = _t(TaskEvent)
    cols, params = [], []
    for p in periods:
        cols.append(f"COUNT(CASE WHEN x.{ON} >= %s AND x.{ON} <= %s THEN 1 END)")
        params += [p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {ev} x JOIN {_t(Task)} t ON t.id = x.task_id"
        f"{_via_area(area, 't.area_id')} WHERE x.step = %s AND {where}",
        [*params, TaskStep.ACCEPT, *wp],
    )[0]
    for n, values in enumerate(out):
        values["plans.tasks_done"] = row[n]
    cols, params = [], []
    for p in periods:
        due_then = (
            f"COALESCE((SELECT y.due_on FROM {ev} y WHERE y.task_id = t.id AND y.{ON} > %s"
            f" ORDER BY y.{ON}, y.id LIMIT 1), t.due_on)"
        )
        cols.append(
            f"COUNT(CASE WHEN {due_then} <= %s AND NOT EXISTS (SELECT 1 FROM {ev} z"
            f" WHERE z.task_id = t.id AND z.step = %s AND z.{ON} <= %s AND z.due_on = {due_then})"
            " THEN 1 END)"
        )
        params += [p.end, threshold(p.end), TaskStep.ACCEPT, p.end, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Task)} t{_via_area(area, 't.area_id')} WHERE {where}",
        params + wp,
    )[0]
    for n, values in enumerate(out):
        values["plans.tasks_overdue"] = row[n]


def _sql_programme(area: Area, periods: list[Period], out: list[dict[str, Any]]) -> None:
    """The programme's money of each cut-off day's year, decided or paid on or before it: one
    statement per money table for all periods."""
    where, wp = _where(area)
    sums: dict[str, list[Decimal]] = {}
    for name, model, day in (
        ("allocated", Allocation, "decided_on"),
        ("adjusted", Adjustment, "decided_on"),
        ("disbursed", Disbursement, "paid_on"),
    ):
        cols, params = [], []
        for p in periods:
            cols.append(f"SUM(CASE WHEN m.year = %s AND m.{day} <= %s THEN m.amount END)")
            params += [p.end.year, p.end]
        row = _fetch(
            f"SELECT {', '.join(cols)} FROM {_t(model)} m"
            f" JOIN {_t(CommuneProject)} cp ON cp.id = m.commune_project_id"
            f"{_via_area(area, 'cp.area_id')} WHERE {where}",
            params + wp,
        )[0]
        sums[name] = [Decimal(v or 0) for v in row]
    for n, values in enumerate(out):
        ledger = Ledger(**{name: amounts[n] for name, amounts in sums.items()})
        rate = display_percent(ledger.rate)
        values["programme.allocated"] = _plain(ledger.available)
        values["programme.disbursed"] = _plain(ledger.disbursed)
        values["programme.rate"] = None if rate is None else _plain(rate)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def sql_overdue(area: Area, today: date) -> tuple[int, int]:
    """Active measures past their last day; open tips past their deadline."""
    where, wp = _where(area)
    measures = _fetch(
        f"SELECT COUNT(*) FROM {_t(Episode)} e{_via_person(area, 'e')}"
        f" WHERE e.status = %s AND e.due_on < %s"
        f" AND {where}",
        [EpisodeStatus.ACTIVE, today, *wp],
    )[0][0]
    tips = _fetch(
        f"SELECT COUNT(*) FROM {_t(Tip)} t{_via_area(area, 't.area_id')}"
        f" WHERE t.status IN ({_in(OPEN_STATUSES)}) AND t.due_on < %s AND {where}",
        [today, *wp],
    )[0][0]
    return int(measures), int(tips)


def _orm(user: User, area: Area, now: Period, before: Period, today: date) -> dict[str, Any]:
    link = dashboard._linker(user, area)
    return {
        "counts": [figures.counts(area, now), figures.counts(area, before)],
        "overdue": tuple(f.value for f in dashboard._overdue(user, area, today, link)),
    }


def _sql(area: Area, now: Period, before: Period, today: date) -> dict[str, Any]:
    return {"counts": sql_counts(area, [now, before]), "overdue": sql_overdue(area, today)}


def _root(user: User) -> Area:
    from khongmatuy.reports.selectors import map_area

    return map_area(user=user, pk=None)


def _page(user: User) -> Callable[[], bytes]:
    return page_getter(user, reverse("reports:dashboard"), b'id="dashboard-figures"')


def _normalise(result: dict[str, Any]) -> dict[str, Any]:
    counts = []
    for values in result["counts"]:
        row = dict(values)
        # SQLite sums quantities as floating point (748.4100000000001): compare to 6 places.
        row["seizures"] = [(n or "", u, round(float(t), 6)) for n, u, t in values["seizures"]]
        counts.append(row)
    return {"counts": counts, "overdue": result["overdue"]}


def run() -> list[Figure]:
    today = timezone.localdate()
    now, before = dashboard.running_period(PeriodKind.MONTH, today)
    out: list[Figure] = []
    for key, username in USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise BenchError(f"no user {username}; is the dataset loaded?")
        area = _root(user)
        orm, sql = _orm(user, area, now, before, today), _sql(area, now, before, today)
        orm_n, sql_n = _normalise(orm), _normalise(sql)
        for n in range(2):
            orm_n["counts"][n]["seizures"] = [
                (name if name != "Chưa xác định" else "", u, t)
                for name, u, t in orm_n["counts"][n]["seizures"]
            ]
        if orm_n != sql_n:
            diff = {
                k: (orm_n["counts"][0].get(k), sql_n["counts"][0].get(k))
                for k in orm_n["counts"][0]
                if orm_n["counts"][0].get(k) != sql_n["counts"][0].get(k)
            }
            raise BenchError(f"dashboard {key}: ORM and SQL differ: {diff} {orm_n['overdue']}")
        if not any(v for k, v in orm["counts"][0].items() if isinstance(v, int)):
            raise BenchError(f"dashboard {key}: every figure is zero; is the dataset loaded?")
        out += [
            Figure(f"dashboard_{key}_p95", p95(time_ms(_page(user), runs=10)), "ms"),
            Figure(
                f"dashboard_{key}_figures_p95",
                p95(time_ms(partial(_orm, user, area, now, before, today), runs=10)),
                "ms",
            ),
            Figure(
                f"dashboard_{key}_sql_p95",
                p95(time_ms(partial(_sql, area, now, before, today), runs=10)),
                "ms",
            ),
        ]
    return out
