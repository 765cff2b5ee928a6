"""The money of commune projects, summed in the database: one query whatever the number of
projects (a correlated SUM per money table), then exact ``Decimal`` arithmetic in
``rules.money``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    DateField,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Round

from ..models import Adjustment, Allocation, Commitment, CommuneProject, Disbursement, ScheduleStep
from ..rules.money import HUNDRED, ZERO, Ledger
from ..rules.schedule import LATE_TOLERANCE, Step

MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=0)
MONEY_FIELDS = ("allocated", "adjusted", "committed", "disbursed")
TABLES: dict[str, Any] = {
    "allocated": Allocation,
    "adjusted": Adjustment,
    "committed": Commitment,
    "disbursed": Disbursement,
}


def _sum(model: Any, *, year: int, project_ref: str = "pk") -> Coalesce:
    rows = (
        model.objects.filter(commune_project_id=OuterRef(project_ref), year=year)
        .order_by()
        .values("commune_project_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=MONEY), Value(ZERO), output_field=MONEY)


def with_money(qs: QuerySet[CommuneProject], *, year: int) -> QuerySet[CommuneProject]:
    """``qs`` annotated with the year's ``allocated``, ``adjusted``, ``committed`` and
    ``disbursed`` (0 when none), in the same query."""
    return qs.annotate(**{name: _sum(model, year=year) for name, model in TABLES.items()})


def _passed_step(field: str, *, year: int, on: date, output: Any) -> Subquery:
    """The ``field`` of the project's last schedule step of ``year`` passed by ``on``."""
    steps = ScheduleStep.objects.filter(commune_project_id=OuterRef("pk"), year=year, until__lte=on)
    return Subquery(steps.order_by("-until").values(field)[:1], output_field=output)


def behind_schedule(qs: QuerySet[CommuneProject], *, on: date) -> QuerySet[CommuneProject]:
    """The projects of ``qs`` behind their schedule of ``on``'s year on ``on``, judged in the
    query, annotated with ``due`` (the last step passed) and ``planned`` (its share).

    The condition of ``rules.schedule.Progress.behind`` in whole numbers: a share above the
    tolerance is planned, and the disbursed amount is below that share of the allocation in force
    (``disbursed × 10000 < (planned − tolerance) × 100 × available``; a share has two decimals,
    so both sides are integers and SQLite, which holds a share as a float, compares them
    exactly too), or nothing is in force."""
    year = on.year
    share = ScheduleStep._meta.get_field("share")
    qs = with_money(qs, year=year).annotate(
        due=_passed_step("until", year=year, on=on, output=DateField()),
        planned=_passed_step("share", year=year, on=on, output=share),
        available=ExpressionWrapper(F("allocated") + F("adjusted"), output_field=MONEY),
        basis_points=Cast(Round((F("planned") - LATE_TOLERANCE) * HUNDRED), BigIntegerField()),
        disbursed_x10000=ExpressionWrapper(F("disbursed") * 10000, output_field=MONEY),
        planned_x10000=ExpressionWrapper(F("basis_points") * F("available"), output_field=MONEY),
    )
    return qs.filter(planned__gt=LATE_TOLERANCE).filter(
        Q(available__lte=0) | Q(disbursed_x10000__lt=F("planned_x10000"))
    )


def ledger_from(row: Any) -> Ledger:
    """The ``Ledger`` of an annotated row (a model instance or a ``values()`` dict)."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    return Ledger(**{name: Decimal(get(name) or 0) for name in TABLES})


def ledger_of(*, commune_project: CommuneProject, year: int) -> Ledger:
    """One project's ledger of ``year`` (one query)."""
    row = with_money(CommuneProject.objects.filter(pk=commune_project.pk), year=year).values(
        *TABLES
    )
    return ledger_from(row.get())


def schedules(*, project_ids: Iterable[int] | QuerySet[Any], year: int) -> dict[int, list[Step]]:
    """The year's schedule steps of these projects (one query)."""
    steps: dict[int, list[Step]] = defaultdict(list)
    rows = ScheduleStep.objects.filter(commune_project_id__in=project_ids, year=year)
    for project_id, until, share in rows.order_by("until").values_list(
        "commune_project_id", "until", "share"
    ):
        steps[project_id].append(Step(until=until, share=share))
    return steps
