"""Commune projects with their money: the list (filters), the rows of the overview, the sums per
commune and province. Money is summed in the database (``ledger.with_money``, one query for any
number of projects) and the schedule read in one more; the rates are exact (``rules``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from khongmatuy.areas.models import Area
from khongmatuy.prevention.selectors.coverage import below

from ..models import CommuneProject, Project
from ..rules.money import HUNDRED, ZERO, Ledger, share
from ..rules.schedule import Progress, Step, planned_share, progress
from .ledger import MONEY_FIELDS, ledger_from, schedules, with_money

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


@dataclass(frozen=True)
class Filters:
    area: Area | None = None
    year: int = 2026
    project: Project | None = None
    late_only: bool = False


def commune_projects(*, user: User, area: Area | None = None) -> QuerySet[CommuneProject]:
    return (
        CommuneProject.objects.for_user(user)
        .filter(below(area, "area"))
        .select_related("area", "project", "project__parent", "lead")
    )


@dataclass(frozen=True)
class ProjectRow:
    commune_project: CommuneProject
    ledger: Ledger
    progress: Progress


def project_rows(*, user: User, filters: Filters, on: date) -> list[ProjectRow]:
    """The commune projects of the filters with the year's money and progress: two queries."""
    qs = commune_projects(user=user, area=filters.area)
    if filters.project is not None:
        qs = qs.filter(project=filters.project)
    qs = with_money(qs, year=filters.year).order_by(
        "area__province__sort_key", "area__sort_key", "area__name", "project__sort_key", "pk"
    )
    projects = list(qs)
    steps = schedules(project_ids=[p.pk for p in projects], year=filters.year)
    rows = []
    for cp in projects:
        ledger = ledger_from(cp)
        rows.append(ProjectRow(cp, ledger, progress(ledger, steps.get(cp.pk, []), on)))
    if filters.late_only:
        rows = [r for r in rows if r.progress.behind]
    return rows


@dataclass
class MoneyTotal:
    """The money of several projects: the ledger summed, and the amount the schedules plan by
    the date (each project's planned share of its own allocation)."""

    ledger: Ledger = field(default_factory=Ledger)
    planned_amount: Decimal = ZERO
    scheduled: bool = False
    projects: int = 0
    late: int = 0

    def add(self, ledger: Ledger, steps: list[Step], on: date) -> None:
        self.ledger = self.ledger + ledger
        self.projects += 1
        planned = planned_share(steps, on)
        if planned is not None:
            self.scheduled = True
            self.planned_amount += ledger.available * planned / HUNDRED
        if progress(ledger, steps, on).behind:
            self.late += 1

    @property
    def rate(self) -> Decimal | None:
        return self.ledger.rate

    @property
    def planned(self) -> Decimal | None:
        """The planned share of the summed allocation by the date."""
        return share(self.planned_amount, self.ledger.available) if self.scheduled else None

    @property
    def behind(self) -> bool:
        planned = self.planned
        return bool(planned) and (self.rate or ZERO) < (planned or ZERO)


def money_by_area(
    *, user: User, area: Area | None, year: int, on: date
) -> dict[str, dict[int | None, MoneyTotal]]:
    """The year's money of every commune project under ``area``, summed per commune
    (``"commune"``) and per province (``"province"``), the whole under ``None``: two queries
    (the sums, the schedules)."""
    qs = with_money(CommuneProject.objects.for_user(user).filter(below(area, "area")), year=year)
    rows = list(
        qs.values(
            "pk",
            "area__commune_id",
            "area__province_id",
            *MONEY_FIELDS,
        ).iterator(chunk_size=5000)
    )
    steps = schedules(project_ids=qs.values("pk"), year=year)
    by: dict[str, dict[int | None, MoneyTotal]] = {
        "commune": defaultdict(MoneyTotal),
        "province": defaultdict(MoneyTotal),
    }
    whole = MoneyTotal()
    for row in rows:
        ledger = ledger_from(row)
        project_steps = steps.get(row["pk"], [])
        by["commune"][row["area__commune_id"]].add(ledger, project_steps, on)
        by["province"][row["area__province_id"]].add(ledger, project_steps, on)
        whole.add(ledger, project_steps, on)
    by["commune"][None] = whole
    by["province"][None] = whole
    return by


def total(rows: Iterable[ProjectRow]) -> Ledger:
    result = Ledger()
    for row in rows:
        result = result + row.ledger
    return result
