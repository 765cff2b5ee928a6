"""The national target programme rolled up for the whole country: every commune's disbursement
rate against its schedule, and every indicator.

``programme_rollup_national_s`` is what the programme overview computes for a national user
(``programme.selectors.projects.money_by_area`` and ``indicators.indicator_rows``: one sum query
and one schedule query for the money, one query per indicator family). ``programme_rollup_sql_s``
is the same answer in hand-written SQL (pre-aggregated joins, one query per family): the floor.
Both must agree for every commune.

The programme stage of the generator runs first if the dataset has none (it is idempotent); the
prevention stage too, so that schools and workers have data. At city scale (``SCALE=city``) the
"national" user sees the city's communes only: docs/programme.md says which scale was measured.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.bench_people import _fetch, _scope_sql
from bench.timing import BenchError, Figure
from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Organisation
from khongmatuy.criteria.models import Recognition
from khongmatuy.criteria.rules.lifecycle import RECOGNISED
from khongmatuy.criteria.selectors.recognition import COMMUNE_RULE_SET
from khongmatuy.demo import synthetic_programme
from khongmatuy.people.models import Person, PersonCategory, SupportService
from khongmatuy.people.rules import care
from khongmatuy.places.models import Place, PlaceEvent
from khongmatuy.places.rules.lifecycle import EXISTING
from khongmatuy.prevention.models import OrganisationReach, Workforce
from khongmatuy.prevention.rules.periods import school_year_of, year_of
from khongmatuy.programme.choices import Measure
from khongmatuy.programme.models import (
    Adjustment,
    Allocation,
    Commitment,
    CommuneProject,
    Disbursement,
    Indicator,
    IndicatorValue,
    ScheduleStep,
)
from khongmatuy.programme.rules.money import HUNDRED
from khongmatuy.programme.selectors import indicators, projects

Money = dict[int, tuple[Decimal, Decimal, Decimal]]  # commune → (available, disbursed, planned)
Values = dict[str, dict[int, tuple[Decimal, Decimal]]]  # indicator code → commune → (part, whole)
RUNS = 3


def _d(value: Any) -> Decimal:
    return Decimal(str(value or 0))


def rollup_orm(user: User, year: int, today: date) -> tuple[Money, Values]:
    on = indicators.as_of(year, today)
    money = projects.money_by_area(user=user, area=None, year=year, on=on)["commune"]
    tree, rows = indicators.indicator_rows(user=user, area=None, year=year, today=today)
    by_money = {
        c: (t.ledger.available, t.ledger.disbursed, t.planned_amount)
        for c, t in money.items()
        if c is not None
    }
    values: Values = {
        row.indicator.code: {
            c: (r.part, r.whole) for c, r in row.values.items() if c in tree.province_of
        }
        for row in rows
    }
    return by_money, values


def _t(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values: Any) -> tuple[str, list[Any]]:
    items = sorted(values)
    return ", ".join(["%s"] * len(items)), items


def money_sql(user: User, year: int, on: date) -> Money:
    scope, params = _scope_sql(user, "a")
    sums = " ".join(
        f"LEFT JOIN (SELECT commune_project_id, SUM(amount) s FROM {_t(m)} WHERE year = %s"
        f" GROUP BY commune_project_id) {alias} ON {alias}.commune_project_id = cp.id"
        for alias, m in (("al", Allocation), ("ad", Adjustment), ("di", Disbursement))
    )
    rows = _fetch(
        f"SELECT a.commune_id, COALESCE(al.s, 0) + COALESCE(ad.s, 0), COALESCE(di.s, 0),"
        f" st.n, st.share"
        f" FROM {_t(CommuneProject)} cp JOIN {_t(Area)} a ON a.id = cp.area_id {sums}"
        f" LEFT JOIN (SELECT commune_project_id, COUNT(*) n,"
        f"  MAX(CASE WHEN {connection.ops.quote_name('until')} <= %s THEN share ELSE 0 END) share"
        f"  FROM {_t(ScheduleStep)} WHERE year = %s GROUP BY commune_project_id) st"
        f"  ON st.commune_project_id = cp.id"
        f" WHERE {scope}",
        [year, year, year, on, year, *params],
    )
    result: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for commune_id, available, disbursed, steps, share in rows:
        totals = result[commune_id]
        totals[0] += _d(available)
        totals[1] += _d(disbursed)
        if steps:
            totals[2] += _d(available) * _d(share) / HUNDRED
    return {c: (t[0], t[1], t[2]) for c, t in result.items()}


def indicators_sql(user: User, year: int, today: date) -> Values:
    on = indicators.as_of(year, today)
    scope, params = _scope_sql(user, "a")
    statuses, status_params = _in(RECOGNISED)
    communes = _fetch(
        f"SELECT a.id, CASE WHEN EXISTS (SELECT 1 FROM {_t(Recognition)} r WHERE r.area_id = a.id"
        f" AND r.rule_set_code = %s AND r.status IN ({statuses})) THEN 1 ELSE 0 END"
        f" FROM {_t(Area)} a WHERE a.level = 2 AND a.is_active = %s AND {scope}",
        [COMMUNE_RULE_SET, *status_params, True, *params],
    )
    ids = {c for c, _ok in communes}
    live: dict[str, dict[int, tuple[Decimal, Decimal]]] = {
        Measure.DRUG_FREE_COMMUNES: {c: (Decimal(ok), Decimal(1)) for c, ok in communes}
    }
    existing, existing_params = _in(EXISTING)
    rows = _fetch(
        f"SELECT a.commune_id, COUNT(*), SUM(CASE WHEN COALESCE((SELECT e.to_status FROM"
        f" {_t(PlaceEvent)} e WHERE e.place_id = p.id AND e.{connection.ops.quote_name('on')} <= %s"
        f" ORDER BY e.{connection.ops.quote_name('on')} DESC, e.id DESC LIMIT 1), %s)"
        f" IN ({existing}) THEN 0 ELSE 1 END)"
        f" FROM {_t(Place)} p JOIN {_t(Area)} a ON a.id = p.area_id"
        f" WHERE p.discovered_on <= %s AND {scope} GROUP BY a.commune_id",
        [on, Place.Status.DETECTED, *existing_params, on, *params],
    )
    live[Measure.HOTSPOTS_ELIMINATED] = {c: (_d(part), _d(n)) for c, n, part in rows}
    school = school_year_of(on)
    rows = _fetch(
        f"SELECT a.commune_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM"
        f" {_t(OrganisationReach)} r WHERE r.organisation_id = o.id AND r.held_on >= %s"
        f" AND r.held_on <= %s) THEN 1 ELSE 0 END)"
        f" FROM {_t(Organisation)} o JOIN {_t(Area)} a ON a.id = o.area_id"
        f" WHERE o.kind = %s AND o.is_active = %s AND {scope} GROUP BY a.commune_id",
        [school.first, on, Organisation.OrgKind.SCHOOL, True, *params],
    )
    live[Measure.SCHOOLS_REACHED] = {c: (_d(part), _d(n)) for c, n, part in rows}
    period = year_of(on)
    rows = _fetch(
        f"SELECT commune_id, SUM(w), SUM(CASE WHEN COALESCE(m, 0) < w THEN COALESCE(m, 0)"
        f" ELSE w END) FROM (SELECT a.commune_id,"
        f" (SELECT wf.workers FROM {_t(Workforce)} wf WHERE wf.organisation_id = o.id"
        f"  AND wf.as_of <= %s ORDER BY wf.as_of DESC LIMIT 1) w,"
        f" (SELECT MAX(r.people) FROM {_t(OrganisationReach)} r WHERE r.organisation_id = o.id"
        f"  AND r.held_on >= %s AND r.held_on <= %s) m"
        f" FROM {_t(Organisation)} o JOIN {_t(Area)} a ON a.id = o.area_id"
        f" WHERE o.kind = %s AND o.is_active = %s AND {scope}) t"
        f" WHERE w IS NOT NULL GROUP BY commune_id",
        [on, period.first, on, Organisation.OrgKind.ENTERPRISE, True, *params],
    )
    live[Measure.WORKERS_REACHED] = {c: (_d(part), _d(n)) for c, n, part in rows}
    categories, category_params = _in(care.SUPPORT_INDICATOR_CATEGORIES)
    counselling, counselling_params = _in(care.COUNSELLING_KINDS)
    medical, medical_params = _in(care.MEDICAL_KINDS)
    support = _t(SupportService)
    rows = _fetch(
        f"SELECT a.commune_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM {support} s"
        f" WHERE s.person_id = p.id AND s.provided_on <= %s AND s.kind IN ({counselling}))"
        f" AND EXISTS (SELECT 1 FROM {support} s WHERE s.person_id = p.id"
        f" AND s.provided_on <= %s AND s.kind IN ({medical})) THEN 1 ELSE 0 END)"
        f" FROM {_t(Person)} p JOIN {_t(Area)} a ON a.id = p.area_id"
        f" WHERE p.is_active = %s AND p.merged_into_id IS NULL AND {scope}"
        f" AND EXISTS (SELECT 1 FROM {_t(PersonCategory)} pc WHERE pc.person_id = p.id"
        f" AND pc.started_on <= %s AND pc.category IN ({categories})"
        f" AND (pc.ended_on IS NULL OR pc.ended_on >= %s))"
        f" GROUP BY a.commune_id",
        [
            on,
            *counselling_params,
            on,
            *medical_params,
            True,
            *params,
            on,
            *category_params,
            on,
        ],
    )
    live[Measure.SUPPORT] = {c: (_d(part), _d(n)) for c, n, part in rows}
    entered: dict[int, dict[int, tuple[Decimal, Decimal]]] = defaultdict(dict)
    for indicator_id, area_id, part, whole in _fetch(
        f"SELECT v.indicator_id, v.area_id, v.part, v.whole FROM {_t(IndicatorValue)} v"
        f" JOIN {_t(Area)} a ON a.id = v.area_id WHERE v.year = %s AND {scope}",
        [year, *params],
    ):
        entered[indicator_id][area_id] = (_d(part), _d(whole))
    values: Values = {}
    for pk, code, measure in Indicator.objects.values_list("pk", "code", "measure"):
        per = live.get(measure) if measure != Measure.ENTERED else entered.get(pk, {})
        values[code] = {c: r for c, r in (per or {}).items() if c in ids}
    return values


def rollup_sql(user: User, year: int, today: date) -> tuple[Money, Values]:
    return money_sql(user, year, indicators.as_of(year, today)), indicators_sql(user, year, today)


def _seconds(call: Any) -> float:
    call()
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def run() -> list[Figure]:
    today = timezone.localdate()
    scale = os.environ.get("SCALE") or "national"
    started = time.perf_counter()
    result = synthetic_programme.generate(scale=scale, seed=42, on=today)
    if result.created_anything:
        print(
            f"bench: programme stage {result.communes_filled} communes in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    user = User.objects.get(username="bench_national")
    year = synthetic_programme.programme_year(today)
    orm, sql = rollup_orm(user, year, today), rollup_sql(user, year, today)
    if orm[0] != sql[0]:
        raise BenchError(f"programme money: ORM and SQL differ ({len(orm[0])} vs {len(sql[0])})")
    for code, per in orm[1].items():
        if per != sql[1].get(code, {}):
            raise BenchError(f"programme indicator {code}: ORM and SQL differ")
    if not orm[0]:
        raise BenchError("programme: no commune project; is the dataset loaded?")
    return [
        Figure("dataset_commune_projects", CommuneProject.objects.count(), "count"),
        Figure(
            "dataset_programme_money_rows",
            Disbursement.objects.count() + Allocation.objects.count() + Commitment.objects.count(),
            "count",
        ),
        Figure("programme_rollup_communes", len(orm[0]), "count"),
        Figure("programme_rollup_national_s", _seconds(lambda: rollup_orm(user, year, today)), "s"),
        Figure("programme_rollup_sql_s", _seconds(lambda: rollup_sql(user, year, today)), "s"),
    ]
