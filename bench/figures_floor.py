"""Figures of ``figures.counts`` as hand-written SQL for the dashboard's SQL floor
(``bench_dashboard.sql_counts``): the 100 % support indicator and legal aid (two statements for
all periods) and the residential groups reached by communication (one)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model

from khongmatuy.areas.models import Area, Level
from khongmatuy.people.choices import SupportKind
from khongmatuy.people.models import Person, PersonCategory, SupportService
from khongmatuy.people.rules import care
from khongmatuy.prevention.models import GroupReach
from khongmatuy.reports.rules.periods import Period


def _t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _in(values: Any) -> str:
    return ", ".join(f"'{v}'" for v in sorted(str(x) for x in values))


def _column(area: Area) -> str:
    return {Level.PROVINCE: "province_id", Level.COMMUNE: "commune_id"}.get(Level(area.level), "id")


def _where(area: Area) -> tuple[str, str, list[Any]]:
    """The join to the area of ``pe`` and the condition keeping ``area``'s subtree."""
    if area.level == Level.COUNTRY:
        return "", "1 = 1", []
    return f" JOIN {_t(Area)} a ON a.id = pe.area_id", f"a.{_column(area)} = %s", [area.pk]


def _fetch(sql: str, params: list[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(cursor.fetchone())


def sql_support(area: Area, periods: list[Period], out: list[dict[str, Any]]) -> None:
    join, where, wp = _where(area)
    held = (
        f"EXISTS (SELECT 1 FROM {_t(PersonCategory)} c WHERE c.person_id = pe.id"
        f" AND c.category IN ({_in(care.SUPPORT_INDICATOR_CATEGORIES)}) AND c.started_on <= %s"
        " AND (c.ended_on IS NULL OR c.ended_on >= %s))"
    )

    def given(kinds: tuple[str, ...]) -> str:
        return (
            f"EXISTS (SELECT 1 FROM {_t(SupportService)} s WHERE s.person_id = pe.id"
            f" AND s.kind IN ({_in(kinds)}) AND s.provided_on <= %s)"
        )

    cols: list[str] = []
    params: list[Any] = []
    for p in periods:
        cols.append(f"COUNT(CASE WHEN {held} THEN 1 END)")
        params += [p.end, p.end]
        cols.append(
            f"COUNT(CASE WHEN {held} AND {given(care.COUNSELLING_KINDS)}"
            f" AND {given(care.MEDICAL_KINDS)} THEN 1 END)"
        )
        params += [p.end, p.end, p.end, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Person)} pe{join}"
        f" WHERE pe.is_active = %s AND pe.merged_into_id IS NULL AND {where}",
        [*params, True, *wp],
    )
    cols, params = [], []
    for p in periods:
        cols.append(
            "COUNT(DISTINCT CASE WHEN s.provided_on >= %s AND s.provided_on <= %s"
            " THEN s.person_id END)"
        )
        params += [p.start, p.end]
    aid = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(SupportService)} s"
        f" JOIN {_t(Person)} pe ON pe.id = s.person_id{join} WHERE s.kind = %s AND {where}",
        [*params, SupportKind.LEGAL_AID, *wp],
    )
    for n, values in enumerate(out):
        total, complete = row[2 * n], row[2 * n + 1]
        rate = care.percent(complete, total)
        values["support.counted"] = total
        values["support.complete"] = complete
        values["support.rate"] = None if rate is None else format(Decimal(rate).normalize(), "f")
        values["support.legal_aid"] = aid[n]


def sql_coverage(area: Area, periods: list[Period], out: list[dict[str, Any]]) -> None:
    """Groups due in each period (existing on its first and last day) and those of them reached
    by a session held in it."""
    where, wp = (
        ("1 = 1", []) if area.level == Level.COUNTRY else (f"g.{_column(area)} = %s", [area.pk])
    )
    due = (
        "(g.valid_from IS NULL OR g.valid_from <= %s) AND ((g.valid_until IS NULL AND"
        " g.is_active = %s) OR g.valid_until >= %s)"
    )
    reached = (
        f"EXISTS (SELECT 1 FROM {_t(GroupReach)} r WHERE r.group_id = g.id"
        " AND r.held_on >= %s AND r.held_on <= %s)"
    )
    cols: list[str] = []
    params: list[Any] = []
    for p in periods:
        cols += [
            f"COUNT(CASE WHEN {due} THEN 1 END)",
            f"COUNT(CASE WHEN {due} AND {reached} THEN 1 END)",
        ]
        params += [p.start, True, p.end, p.start, True, p.end, p.start, p.end]
    row = _fetch(
        f"SELECT {', '.join(cols)} FROM {_t(Area)} g WHERE g.level = %s AND {where}",
        [*params, Level.GROUP, *wp],
    )
    for n, values in enumerate(out):
        values["prevention.groups_due"] = row[2 * n]
        values["prevention.groups_reached"] = row[2 * n + 1]
