"""Evaluating every commune and every residential group of the dataset, in one pass each.

``evaluate_all_s`` is ``criteria.services.evaluation.evaluate_all`` on the country, run twice: the
drug-free commune rule set of Decision 28/2025/QĐ-TTg for the 3,321 communes and the local
"tổ dân phố không ma túy" rule set for the ~104,000 residential groups (facts gathered once per
level, each distinct result judged once in Python, its details and the rows written by COPY on
PostgreSQL), seconds for both levels together. Each run is rolled back so that the bench
database does not accumulate rows. Both sides are timed after the ORM's facts were read once
(for the comparison below), so neither pays for reading the tables from disk.

``evaluate_all_sql_s`` gathers the same facts (population at the date, persons, places existing
at the date, hotspots recurred, cultivation and arrests in the window, the active groups and those
whose data review completed in the window, communication every month, household commitments,
broken organisation commitments) for both levels with hand-written SQL: the floor. Both must
give the same facts for every area.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from bench.bench_people import _fetch
from bench.timing import BenchError, Figure
from khongmatuy.areas.models import Area, AreaFigure, Level, Organisation
from khongmatuy.cases.models import Case, CasePerson
from khongmatuy.criteria import facts as facts_module
from khongmatuy.criteria.evaluate import window_months_of
from khongmatuy.criteria.rules import decision28, local
from khongmatuy.criteria.services import evaluation as services
from khongmatuy.people import counting
from khongmatuy.people.choices import Category
from khongmatuy.people.models import Person, PersonCategory, ReconciliationRound
from khongmatuy.places.models import Cultivation, Place, PlaceEvent
from khongmatuy.places.rules import lifecycle
from khongmatuy.prevention.models import (
    Affiliation,
    GroupReach,
    Household,
    HouseholdCommitment,
    HouseholdCount,
    OrganisationCommitment,
)
from khongmatuy.prevention.rules.periods import complete_months

RUNS = ((Level.COMMUNE, decision28.DRUG_FREE_COMMUNE), (Level.GROUP, local.DRUG_FREE_GROUP))
# population, metrics, active groups, groups reviewed in the window
Facts = dict[int, tuple[int | None, dict[str, Decimal], int, int]]


@dataclass(frozen=True)
class Seconds(Figure):
    def line(self) -> str:
        return f"{self.name}: {self.value:.2f} {self.unit}"


def _in(values: Any) -> str:
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def facts_sql(level: int, on: date, window_months: int) -> Facts:
    """Every metric for every active area of ``level``, in eleven hand-written queries."""
    qn = connection.ops.quote_name
    span = facts_module.window(on=on, months=window_months)
    area, figure = qn(Area._meta.db_table), qn(AreaFigure._meta.db_table)
    person, category = qn(Person._meta.db_table), qn(PersonCategory._meta.db_table)
    place, event = qn(Place._meta.db_table), qn(PlaceEvent._meta.db_table)
    cultivation = qn(Cultivation._meta.db_table)
    case, case_person = qn(Case._meta.db_table), qn(CasePerson._meta.db_table)
    key = "a.id" if level == Level.GROUP else "a.commune_id"

    populations = {
        int(pk): pop
        for pk, pop in _fetch(
            f"SELECT a.id, (SELECT f.population FROM {figure} f WHERE f.area_id = a.id"
            f" AND f.as_of <= %s ORDER BY f.as_of DESC LIMIT 1)"
            f" FROM {area} a WHERE a.level = %s AND a.is_active = %s",
            [on, level, True],
        )
    }
    users = list(counting.USERS)
    treated = list(counting.IN_TREATMENT)
    dealers = list(counting.DEALERS)
    open_on = "c.started_on <= %s AND (c.ended_on IS NULL OR c.ended_on >= %s)"
    persons = _fetch(
        f"""
        WITH treated AS (
            SELECT DISTINCT person_id FROM {category}
            WHERE category IN {_in(treated)} AND started_on <= %s
              AND (ended_on IS NULL OR ended_on >= %s)
        ), earlier AS (
            SELECT DISTINCT person_id FROM {category}
            WHERE category IN {_in(users)} AND started_on < %s
        )
        SELECT {key},
          COUNT(DISTINCT CASE WHEN c.category IN {_in(users)} AND {open_on}
                THEN c.person_id END),
          COUNT(DISTINCT CASE WHEN c.category IN {_in(users)} AND {open_on}
                AND t.person_id IS NULL THEN c.person_id END),
          COUNT(DISTINCT CASE WHEN c.category IN {_in(users)} AND c.started_on >= %s
                AND e.person_id IS NULL THEN c.person_id END),
          COUNT(DISTINCT CASE WHEN c.category IN {_in(dealers)} AND {open_on}
                THEN c.person_id END)
        FROM {category} c
        JOIN {person} p ON p.id = c.person_id
        JOIN {area} a ON a.id = p.area_id
        LEFT JOIN treated t ON t.person_id = c.person_id
        LEFT JOIN earlier e ON e.person_id = c.person_id
        WHERE c.category IN {_in(users + dealers)} AND c.started_on <= %s
        GROUP BY {key}
        """,
        [
            *treated, on, on, *users, span.start,
            *users, on, on,
            *users, on, on,
            *users, span.start,
            *dealers, on, on,
            *users, *dealers, on,
        ],
    )  # fmt: skip
    existing = sorted(lifecycle.EXISTING)
    places = _fetch(
        f"""
        SELECT {key},
          SUM(CASE WHEN pl.kind = %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN pl.kind = %s THEN 1 ELSE 0 END)
        FROM {place} pl JOIN {area} a ON a.id = pl.area_id
        WHERE pl.discovered_on <= %s AND COALESCE((
            SELECT ev.to_status FROM {event} ev WHERE ev.place_id = pl.id AND ev.{qn("on")} <= %s
            ORDER BY ev.{qn("on")} DESC, ev.id DESC LIMIT 1), %s) IN {_in(existing)}
        GROUP BY {key}
        """,
        [Place.Kind.HOTSPOT, Place.Kind.HARBOURING, on, on, Place.Status.DETECTED, *existing],
    )
    recurred = _fetch(
        f"SELECT {key}, COUNT(*) FROM {place} pl JOIN {area} a ON a.id = pl.area_id"
        f" WHERE pl.kind = %s AND EXISTS (SELECT 1 FROM {event} ev WHERE ev.place_id = pl.id"
        f" AND ev.to_status = %s AND ev.{qn('on')} >= %s AND ev.{qn('on')} <= %s)"
        f" GROUP BY {key}",
        [Place.Kind.HOTSPOT, Place.Status.RECURRED, span.start, span.end],
    )
    plants = _fetch(
        f"SELECT {key}, SUM(cu.plant_count), SUM(cu.area_m2) FROM {cultivation} cu"
        f" JOIN {area} a ON a.id = cu.area_id"
        f" WHERE cu.discovered_on >= %s AND cu.discovered_on <= %s GROUP BY {key}",
        [span.start, span.end],
    )
    arrested = "cp.role IN (%s, %s) AND cp.arrested_on >= %s AND cp.arrested_on <= %s"
    arrested_params = [*facts_module.ARRESTED, span.start, span.end]
    arrests = _fetch(
        f"""
        SELECT {key},
          COUNT(DISTINCT CASE WHEN {arrested} THEN cp.person_id END),
          COUNT(DISTINCT cp.person_id)
        FROM {case_person} cp JOIN {case} cs ON cs.id = cp.case_id
        JOIN {area} a ON a.id = cs.area_id
        WHERE ({arrested})
           OR (cp.role = %s AND cs.occurred_on >= %s AND cs.occurred_on <= %s)
        GROUP BY {key}
        """,
        [
            *arrested_params,
            *arrested_params,
            CasePerson.Role.VIOLATOR,
            span.start,
            span.end,
        ],
    )
    groups = dict(
        _fetch(
            f"SELECT {key}, COUNT(*) FROM {area} a WHERE a.level = %s AND a.is_active = %s"
            f" GROUP BY {key}",
            [Level.GROUP, True],
        )
    )
    review = qn(ReconciliationRound._meta.db_table)
    reviewed = dict(
        _fetch(
            f"SELECT {key}, COUNT(DISTINCT r.area_id) FROM {review} r"
            f" JOIN {area} a ON a.id = r.area_id"
            f" WHERE a.level = %s AND a.is_active = %s"
            f" AND r.completed_on >= %s AND r.completed_on <= %s GROUP BY {key}",
            [Level.GROUP, True, span.start, span.end],
        )
    )
    counted: dict[int, dict[str, Decimal]] = {}

    def put(rows: list[tuple[Any, ...]], names: tuple[str, ...]) -> None:
        for row in rows:
            if row[0] in populations:
                target = counted.setdefault(int(row[0]), {})
                for name, value in zip(names, row[1:], strict=True):
                    target[name] = Decimal(str(value)) if value else Decimal(0)

    prevention = _prevention_sql(key, level, on, window_months)
    put(persons, ("managed_count", "users_outside_treatment", "new_users", "dealers"))
    put(places, ("hotspots", "harbouring_places"))
    put(recurred, ("hotspots_recurred",))
    put(plants, ("plants_destroyed", "cultivation_m2"))
    put(arrests, ("arrests", "drug_offenders"))
    result: Facts = {}
    for pk, population in populations.items():
        metrics = {code: Decimal(0) for code in facts_module._COUNTED}
        metrics.update(counted.get(pk, {}))
        metrics["cultivation_m2"] = metrics["cultivation_m2"].quantize(Decimal("0.1"))
        metrics.update(prevention.get(pk, {}))
        metrics.setdefault("broken_commitments", Decimal(0))
        for rate_code, count in (("managed_rate", "managed_count"), ("arrest_rate", "arrests")):
            value = facts_module.rate(metrics[count], population, rounded=False)
            if value is not None:
                metrics[rate_code] = value
        result[pk] = (population, metrics, int(groups.get(pk) or 0), int(reviewed.get(pk) or 0))
    return result


def _prevention_sql(key: str, level: int, on: date, months: int) -> dict[int, dict[str, Decimal]]:
    """Communication every month of the window's complete months, household commitment
    coverage and broken organisation commitments, per area of ``level``: three queries."""
    qn = connection.ops.quote_name
    area, figure = qn(Area._meta.db_table), qn(AreaFigure._meta.db_table)
    reach, household = qn(GroupReach._meta.db_table), qn(Household._meta.db_table)
    commitment, count = qn(HouseholdCommitment._meta.db_table), qn(HouseholdCount._meta.db_table)
    org_commitment = qn(OrganisationCommitment._meta.db_table)
    organisation, affiliation = qn(Organisation._meta.db_table), qn(Affiliation._meta.db_table)
    category = qn(PersonCategory._meta.db_table)
    found: dict[int, dict[str, Decimal]] = {}
    # 1. Group-months due and reached, per complete month of the window.
    columns, params = [], []
    for period in complete_months(on, months):
        due = (
            "(a.valid_from IS NULL OR a.valid_from <= %s)"
            " AND ((a.valid_until IS NULL AND a.is_active = %s) OR a.valid_until >= %s)"
        )
        reached = (
            f"EXISTS (SELECT 1 FROM {reach} r WHERE r.group_id = a.id"
            " AND r.held_on >= %s AND r.held_on <= %s)"
        )
        columns += [
            f"SUM(CASE WHEN {due} THEN 1 ELSE 0 END)",
            f"SUM(CASE WHEN {due} AND {reached} THEN 1 ELSE 0 END)",
        ]
        params += [period.first, True, period.last]
        params += [period.first, True, period.last, period.first, period.last]
    for pk, *sums in _fetch(
        f"SELECT {key}, {', '.join(columns)} FROM {area} a WHERE a.level = %s GROUP BY {key}",
        [*params, Level.GROUP],
    ):
        due_total = sum(int(v or 0) for v in sums[0::2])
        reached_total = sum(int(v or 0) for v in sums[1::2])
        if pk is not None and due_total:
            found.setdefault(int(pk), {})["communication_rate"] = Decimal(
                reached_total * 100
            ) / Decimal(due_total)
    # 2. Households of each active group (its figure, else its paper count, else its list) and
    # the commitments of the year signed by the date, summed per area.
    sums: dict[int, list[int]] = {}
    for pk, fig, listed, signed, p_total, p_signed in _fetch(
        f"SELECT {key},"
        f" (SELECT f.households FROM {figure} f WHERE f.area_id = a.id AND f.as_of <= %s"
        f" ORDER BY f.as_of DESC LIMIT 1),"
        f" (SELECT COUNT(*) FROM {household} h WHERE h.area_id = a.id AND h.is_active = %s),"
        f" (SELECT COUNT(*) FROM {commitment} c WHERE c.area_id = a.id AND c.year = %s"
        f" AND c.counted = %s AND c.signed_on <= %s),"
        f" p.households, p.signed"
        f" FROM {area} a LEFT JOIN {count} p ON p.area_id = a.id AND p.year = %s"
        f" WHERE a.level = %s AND a.is_active = %s",
        [on, True, on.year, True, on, on.year, Level.GROUP, True],
    ):
        paper = p_total is not None
        total = fig if fig is not None else (p_total if paper else listed or 0)
        done = (p_signed or 0) if paper else (signed or 0)
        if pk is not None:
            pair = sums.setdefault(int(pk), [0, 0])
            pair[0] += done
            pair[1] += total
    for pk, (done, total) in sums.items():
        if total:
            found.setdefault(pk, {})["household_commitment_rate"] = Decimal(done * 100) / Decimal(
                total
            )
    # 3. Organisation commitments of the year broken by a linked person who became a new user
    # or a new addict in the year.
    start, end = date(on.year, 1, 1), date(on.year, 12, 31)
    users, addict = list(counting.USERS), Category.ADDICT
    new = (
        "(pc.category IN {cats} AND pc.started_on >= %s AND pc.started_on <= %s"
        f" AND NOT EXISTS (SELECT 1 FROM {category} e WHERE e.person_id = pc.person_id"
        " AND e.category IN {cats} AND e.started_on < %s))"
    )
    for pk, broken in _fetch(
        f"SELECT {key}, COUNT(*) FROM {org_commitment} oc"
        f" JOIN {organisation} o ON o.id = oc.organisation_id JOIN {area} a ON a.id = o.area_id"
        f" WHERE oc.year = %s AND EXISTS (SELECT 1 FROM {category} pc"
        f" JOIN {affiliation} af ON af.person_id = pc.person_id"
        f" WHERE af.organisation_id = oc.organisation_id AND ("
        f"{new.format(cats=_in(users))} OR {new.format(cats='(%s)')}))"
        f" GROUP BY {key}",
        [on.year, *users, start, end, *users, start, addict, start, end, addict, start],
    ):
        if pk is not None:
            found.setdefault(int(pk), {})["broken_commitments"] = Decimal(broken)
    return found


def facts_orm(level: int, on: date, window_months: int) -> Facts:
    areas = list(
        Area.objects.filter(level=level, is_active=True).only(
            "pk", "level", "province_id", "commune_id"
        )
    )
    gathered = facts_module.gather(areas=areas, on=on, window_months=window_months)
    return {
        pk: (f.population, dict(f.metrics), f.groups or 0, f.reviewed_groups or 0)
        for pk, f in gathered.items()
    }


def _evaluate_all(country: Area, code: str, on: date) -> int:
    with transaction.atomic():
        outcome = services.evaluate_all(actor=None, root=country, rule_set_code=code, on=on)
        transaction.set_rollback(True)
    return outcome.evaluated


def run() -> list[Figure]:
    on = timezone.localdate()
    country = Area.objects.get(level=Level.COUNTRY)
    evaluated: dict[int, int] = {}
    orm_s = sql_s = 0.0
    for level, code in RUNS:
        spec = services.rule_set_in_force(code, on=on)
        months = window_months_of(spec)
        # The ORM's facts, to compare with the floor's, read first: the tables are then in
        # memory for both timed sides alike (timing the first reader cold favoured the second).
        by_orm = facts_orm(level, on, months)
        started = time.perf_counter()
        evaluated[level] = _evaluate_all(country, code, on)
        orm_s += time.perf_counter() - started
        started = time.perf_counter()
        by_sql = facts_sql(level, on, months)
        sql_s += time.perf_counter() - started
        if by_orm != by_sql:
            wrong = sorted(
                pk for pk in by_orm.keys() | by_sql.keys() if by_orm.get(pk) != by_sql.get(pk)
            )
            raise BenchError(
                f"facts of level {level}: ORM and SQL differ for {len(wrong)} areas, e.g. "
                f"{wrong[0]}: {by_orm.get(wrong[0])} vs {by_sql.get(wrong[0])}"
            )
        if evaluated[level] != len(by_sql) or not by_sql:
            raise BenchError(f"level {level}: {evaluated[level]} evaluated, {len(by_sql)} areas")
    return [
        Seconds("evaluate_all_s", orm_s, "s"),
        Seconds("evaluate_all_sql_s", sql_s, "s"),
        Figure("evaluate_all_communes", evaluated[Level.COMMUNE], "count"),
        Figure("evaluate_all_groups", evaluated[Level.GROUP], "count"),
    ]
