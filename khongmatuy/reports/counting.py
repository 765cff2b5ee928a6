"""The counted figures of a periodic report and of the dashboards: for an area and its subtree,
as of each period's cut-off day (a record dated on the cut-off day counts; one dated the day after
does not).

One statement per table for all the periods asked (a report's period and the same period of last
year; a dashboard's running window and last year's), so a figure costs one scan of the area's rows
whatever the number of periods, and the number of queries does not grow with the area's size.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area
from khongmatuy.cases.models import Case, CasePerson, Seizure
from khongmatuy.common.numbers import plain_decimal
from khongmatuy.criteria.models import Recognition, RecognitionEvent
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.people import counting
from khongmatuy.people.choices import Category, EpisodeKind, TestResult
from khongmatuy.people.models import DrugTest, Episode, Person, PersonCategory
from khongmatuy.places.models import Cultivation, Inspection, Place, PlaceEvent, recurred_in
from khongmatuy.places.models import status_on as place_status_on
from khongmatuy.places.rules.lifecycle import EXISTING
from khongmatuy.plans.choices import TaskStep
from khongmatuy.plans.models import Task, TaskEvent
from khongmatuy.plans.selectors.tasks import threshold as overdue_threshold
from khongmatuy.prevention.models import (
    Activity,
    DrugFreeModel,
    DrugFreeModelEvent,
    HouseholdCommitment,
)
from khongmatuy.prevention.selectors import activities as activity_selectors
from khongmatuy.programme.models import Adjustment, Allocation, Disbursement
from khongmatuy.programme.rules.money import ZERO, Ledger, display_percent
from khongmatuy.tips.models import Tip

from . import counting_care
from .rules.periods import Period


def counts(area: Area, p: Period) -> dict[str, Any]:
    """Every counted figure of ``area`` for period ``p``, keyed by code (the reports and the
    dashboards read the same numbers)."""
    return counts_many(area, [p])[0]


Aggregates = dict[str, Any]


def _each(periods: Sequence[Period], make: Callable[[Period], Aggregates]) -> Aggregates:
    """``make``'s aggregates for every period, named ``<name>__<period index>``: one statement
    counts the same table for all the periods (a report and last year's, a dashboard's two
    windows), where one statement per period would read the area's rows once per period."""
    return {f"{name}__{i}": agg for i, p in enumerate(periods) for name, agg in make(p).items()}


def _spread(row: dict[str, Any], into: list[dict[str, Any]], prefix: str) -> None:
    for key, value in row.items():
        name, index = key.rsplit("__", 1)
        into[int(index)][f"{prefix}{name}"] = value


def _any(periods: Sequence[Period], make: Callable[[Period], Q]) -> Q:
    """Rows that count in at least one period (the aggregates' filters pick each period's)."""
    return reduce(operator.or_, (make(p) for p in periods))


def _during(field: str, p: Period) -> Q:
    return Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end})


def counts_many(area: Area, periods: Sequence[Period]) -> list[dict[str, Any]]:
    """``counts`` for each of ``periods``, with one statement per table for all of them."""
    values: list[dict[str, Any]] = [{} for _p in periods]
    # The area's persons as a subquery (``person_id IN (…)``) rather than joined: with the
    # joins, SQLite reads the categories in the order of the category index for the grouped
    # statement and both statements below cost more (at city scale 27 and 12 ms, against 12
    # and 9); the rows are the same.
    below = below_q_kwargs(area, "area__")
    categories = PersonCategory.objects.all()
    if below:
        categories = categories.filter(person__in=Person.objects.filter(**below).values("pk"))
    held: list[dict[str, int]] = [{} for _p in periods]
    for row in (
        categories.filter(_any(periods, lambda p: counting.open_on(p.end)))
        .values("category")
        .annotate(
            **_each(
                periods,
                lambda p: {"n": Count("person_id", distinct=True, filter=counting.open_on(p.end))},
            )
        )
        .order_by()
    ):
        for i in range(len(periods)):
            held[i][row["category"]] = row[f"n__{i}"]
    for i in range(len(periods)):
        for category in Category:
            values[i][f"persons.{category.value}"] = held[i].get(category.value, 0)
    # One pass over the categories and one over the episodes for the ungrouped figures, for
    # every period: each is a scan of the area's rows.
    _spread(
        categories.aggregate(
            **_each(
                periods,
                lambda p: {
                    "managed": Count("person_id", distinct=True, filter=counting.managed_on(p.end)),
                    "new_users": Count(
                        "person_id", distinct=True, filter=counting.new_user_between(p.start, p.end)
                    ),
                    "categories_ended": Count(
                        "pk", filter=Q(category__in=counting.USERS) & _during("ended_on", p)
                    ),
                },
            )
        ),
        values,
        "persons.",
    )

    rehab = (EpisodeKind.REHAB_HOME, EpisodeKind.REHAB_FACILITY, EpisodeKind.COMPULSORY_REHAB)

    def measures(p: Period) -> Aggregates:
        still_open = Q(started_on__lte=p.end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=p.end))
        return {
            "started": Count("pk", filter=_during("started_on", p)),
            "ended": Count("pk", filter=_during("ended_on", p)),
            "overdue": Count("pk", filter=still_open & Q(due_on__lt=p.end)),
            "rehab_open": Count("pk", filter=still_open & Q(kind__in=rehab)),
            "post_rehab_open": Count("pk", filter=still_open & Q(kind=EpisodeKind.POST_REHAB)),
        }

    _spread(
        Episode.objects.filter(**below_q_kwargs(area, "person__area__")).aggregate(
            **_each(periods, measures)
        ),
        values,
        "measures.",
    )
    _spread(
        DrugTest.objects.filter(
            _any(periods, lambda p: _during("tested_on", p)),
            **below_q_kwargs(area, "person__area__"),
        ).aggregate(
            **_each(
                periods,
                lambda p: {
                    "total": Count("pk", filter=_during("tested_on", p)),
                    "positive": Count(
                        "pk", filter=_during("tested_on", p) & Q(result=TestResult.POSITIVE)
                    ),
                },
            )
        ),
        values,
        "tests.",
    )
    _places(area, periods, values)
    _cases(area, periods, values)
    _tips(area, periods, values)
    _recognition(area, periods, values)
    _prevention(area, periods, values)
    counting_care.support(area, periods, values)
    counting_care.coverage(area, periods, values)
    _plans(area, periods, values)
    _programme(area, periods, values)
    return values


def _status_then(events: Any, link: str, periods: Sequence[Period]) -> dict[str, Any]:
    """``status_then_<i>``: a record's status on period ``i``'s last day, the ``to_status`` of
    its last step (``events``, linked by ``link``) on or before that day; None before the first."""
    return {
        f"status_then_{i}": Subquery(
            events.objects.filter(**{link: OuterRef("pk")}, on__lte=p.end)
            .order_by("-on", "-pk")
            .values("to_status")[:1]
        )
        for i, p in enumerate(periods)
    }


def _places(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Places found, recurred and still existing (their status on the last day: the last
    lifecycle step on or before it, none meaning "detected"), places eliminated, businesses
    inspected and cultivation destroyed."""
    annotations: dict[str, Any] = {}
    for i, p in enumerate(periods):
        annotations[f"status_then_{i}"] = place_status_on(p.end)
        annotations[f"recurred_{i}"] = recurred_in(p.start, p.end)

    def places(p: Period) -> Aggregates:
        i = periods.index(p)
        return {
            "found": Count("pk", filter=_during("discovered_on", p)),
            "recurred": Count("pk", filter=Q(**{f"recurred_{i}": True})),
            "existing": Count(
                "pk",
                filter=Q(discovered_on__lte=p.end, **{f"status_then_{i}__in": sorted(EXISTING)}),
            ),
        }

    _spread(
        Place.objects.filter(**below_q_kwargs(area, "area__"))
        .annotate(**annotations)
        .aggregate(**_each(periods, places)),
        values,
        "places.",
    )
    _spread(
        PlaceEvent.objects.filter(
            _any(periods, lambda p: _during("on", p)),
            to_status=Place.Status.ELIMINATED,
            **below_q_kwargs(area, "place__area__"),
        ).aggregate(
            **_each(
                periods,
                lambda p: {"eliminated": Count("place_id", distinct=True, filter=_during("on", p))},
            )
        ),
        values,
        "places.",
    )
    _spread(
        Inspection.objects.filter(
            _any(periods, lambda p: _during("inspected_on", p)),
            **below_q_kwargs(area, "business__area__"),
        ).aggregate(
            **_each(
                periods,
                lambda p: {
                    "inspected": Count(
                        "business_id", distinct=True, filter=_during("inspected_on", p)
                    )
                },
            )
        ),
        values,
        "businesses.",
    )
    _spread(
        Cultivation.objects.filter(
            _any(periods, lambda p: _during("destroyed_on", p)), **below_q_kwargs(area, "area__")
        ).aggregate(
            **_each(
                periods, lambda p: {"destroyed": Count("pk", filter=_during("destroyed_on", p))}
            )
        ),
        values,
        "cultivation.",
    )


def _cases(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Cases that occurred, persons arrested (each once: ``CasePerson.objects.arrested_between``)
    and what was seized, by substance and unit."""
    _spread(
        Case.objects.filter(
            _any(periods, lambda p: _during("occurred_on", p)), **below_q_kwargs(area, "area__")
        ).aggregate(
            **_each(periods, lambda p: {"total": Count("pk", filter=_during("occurred_on", p))})
        ),
        values,
        "cases.",
    )
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    _spread(
        CasePerson.objects.arrested_between(first, last)
        .filter(**below_q_kwargs(area, "case__area__"))
        .aggregate(
            **_each(
                periods,
                lambda p: {
                    "arrested": Count("person_id", distinct=True, filter=_during("arrested_on", p))
                },
            )
        ),
        values,
        "cases.",
    )
    for i in range(len(periods)):
        values[i]["seizures"] = []
    for row in (
        Seizure.objects.filter(
            _any(periods, lambda p: _during("case__occurred_on", p)),
            **below_q_kwargs(area, "case__area__"),
        )
        .values("substance__name", "unit")
        .annotate(
            **_each(
                periods,
                lambda p: {"total": Sum("quantity", filter=_during("case__occurred_on", p))},
            )
        )
        .order_by("substance__name", "unit")
    ):
        for i in range(len(periods)):
            if row[f"total__{i}"] is not None:
                values[i]["seizures"].append(
                    (row["substance__name"] or _("Chưa xác định"), row["unit"], row[f"total__{i}"])
                )


def _tips(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Tips received, closed within their deadline, and overdue on the last day (received by
    then, due before it, not closed by then)."""

    def tips(p: Period) -> Aggregates:
        return {
            "received": Count("pk", filter=_during("received_at__date", p)),
            "closed_in_time": Count(
                "pk", filter=_during("closed_on", p) & Q(closed_on__lte=F("due_on"))
            ),
            "overdue": Count(
                "pk",
                filter=Q(received_at__date__lte=p.end, due_on__lt=p.end)
                & (Q(closed_on__isnull=True) | Q(closed_on__gt=p.end)),
            ),
        }

    _spread(
        Tip.objects.filter(**below_q_kwargs(area, "area__")).aggregate(**_each(periods, tips)),
        values,
        "tips.",
    )


def _plans(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Plan tasks accepted in the period (each acceptance: a recurring task accepted every month
    counts once a month), and tasks overdue on the cut-off day by the plans' own rule
    (``plans.rules.deadlines``: not accepted and due on or before the last working day before
    it, Civil Code 2015 Art. 148(5)).

    As of the cut-off day: the deadline then is the one the task's first step after that day
    recorded (each step stores the deadline in force), else its current one; the task counts as
    accepted when an acceptance of that deadline was recorded on or before the day. On today's
    date this is exactly the overdue list's condition (``plans.selectors.tasks.overdue``)."""
    _spread(
        TaskEvent.objects.filter(
            _any(periods, lambda p: _during("on", p)),
            step=TaskStep.ACCEPT,
            **below_q_kwargs(area, "task__area__"),
        ).aggregate(
            **_each(periods, lambda p: {"tasks_done": Count("pk", filter=_during("on", p))})
        ),
        values,
        "plans.",
    )
    annotations: dict[str, Any] = {}
    for i, p in enumerate(periods):
        annotations[f"due_then_{i}"] = Coalesce(
            Subquery(
                TaskEvent.objects.filter(task=OuterRef("pk"), on__gt=p.end)
                .order_by("on", "pk")
                .values("due_on")[:1]
            ),
            F("due_on"),
        )

        annotations[f"accepted_then_{i}"] = Exists(
            TaskEvent.objects.filter(
                task=OuterRef("pk"),
                step=TaskStep.ACCEPT,
                on__lte=p.end,
                due_on=OuterRef(f"due_then_{i}"),
            )
        )

    def overdue(p: Period) -> Aggregates:
        i = periods.index(p)
        return {
            "tasks_overdue": Count(
                "pk",
                filter=Q(
                    **{
                        f"due_then_{i}__lte": overdue_threshold(p.end),
                        f"accepted_then_{i}": False,
                    }
                ),
            )
        }

    _spread(
        Task.objects.filter(**below_q_kwargs(area, "area__"))
        .annotate(**annotations)
        .aggregate(**_each(periods, overdue)),
        values,
        "plans.",
    )


def _programme(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """The national target programme's money of the cut-off day's year in the area's commune
    projects, as of that day: allocations and adjustments decided, and disbursements paid, on or
    before it (``programme.rules.money.Ledger``: exact đồng, the rate disbursed over the
    allocation in force; None without any allocation)."""

    def total(model: Any, dated: str) -> list[Decimal]:
        row = model.objects.filter(
            _any(periods, lambda p: Q(year=p.end.year)),
            **below_q_kwargs(area, "commune_project__area__"),
        ).aggregate(
            **_each(
                periods,
                lambda p: {
                    "sum": Sum("amount", filter=Q(year=p.end.year, **{f"{dated}__lte": p.end}))
                },
            )
        )
        return [Decimal(row[f"sum__{i}"] or ZERO) for i in range(len(periods))]

    allocated = total(Allocation, "decided_on")
    adjusted = total(Adjustment, "decided_on")
    disbursed = total(Disbursement, "paid_on")
    for i in range(len(periods)):
        ledger = Ledger(allocated=allocated[i], adjusted=adjusted[i], disbursed=disbursed[i])
        rate = display_percent(ledger.rate)
        values[i]["programme.allocated"] = plain_decimal(ledger.available)
        values[i]["programme.disbursed"] = plain_decimal(ledger.disbursed)
        values[i]["programme.rate"] = None if rate is None else plain_decimal(rate)


def _prevention(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Communication sessions held in the period, filed under the area or reaching one of its
    residential groups (as the activity list filters them); households that signed their
    commitment in the period; drug-free models working (active or recognised) on its last day,
    by their last status step on or before it."""
    _spread(
        Activity.objects.filter(_any(periods, lambda p: _during("held_on", p)))
        .filter(activity_selectors.filed_or_reaching(area))
        .aggregate(
            **_each(periods, lambda p: {"sessions": Count("pk", filter=_during("held_on", p))})
        ),
        values,
        "prevention.",
    )
    _spread(
        HouseholdCommitment.objects.filter(
            _any(periods, lambda p: _during("signed_on", p)), **below_q_kwargs(area, "area__")
        ).aggregate(
            **_each(
                periods,
                lambda p: {
                    "commitments": Count(
                        "household_id", distinct=True, filter=_during("signed_on", p)
                    )
                },
            )
        ),
        values,
        "prevention.",
    )
    working = (DrugFreeModel.Status.ACTIVE, DrugFreeModel.Status.RECOGNISED)
    annotations = _status_then(DrugFreeModelEvent, "model", periods)
    _spread(
        DrugFreeModel.objects.filter(**below_q_kwargs(area, "area__"))
        .annotate(**annotations)
        .aggregate(
            **_each(
                periods,
                lambda p: {
                    "models": Count(
                        "pk", filter=Q(**{f"status_then_{periods.index(p)}__in": working})
                    )
                },
            )
        ),
        values,
        "prevention.",
    )


def _recognition(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """Residential groups (and communes) registered, recognised or kept drug-free, and withdrawn
    as of each period's last day: each recognition's last status event on or before it."""
    achieved = (Recognition.Status.RECOGNISED, Recognition.Status.KEPT)
    annotations = _status_then(RecognitionEvent, "recognition", periods)

    def recognition(p: Period) -> Aggregates:
        then = f"status_then_{periods.index(p)}"
        return {
            "registered": Count("pk", filter=Q(**{f"{then}__isnull": False})),
            "achieved": Count("pk", filter=Q(**{f"{then}__in": achieved})),
            "withdrawn": Count("pk", filter=Q(**{then: Recognition.Status.WITHDRAWN})),
        }

    _spread(
        Recognition.objects.filter(**below_q_kwargs(area, "area__"))
        .annotate(**annotations)
        .aggregate(**_each(periods, recognition)),
        values,
        "recognition.",
    )


# Figures that are not counts: their printed form (``documents.content.cell``).
