"""Counted figures of the care and communication targets, for every period in one statement per
table (``counting.counts_many`` calls ``support`` and ``coverage``).

* The 100 % support indicator as of each cut-off day (Kế hoạch phường Thủy Nguyên, II.4-6; the
  definition of ``people.selectors.care.support_indicator``): active persons holding an open
  category of ``care.SUPPORT_INDICATOR_CATEGORIES`` on the day, and those of them counselled
  and given medical or psychological support on or before it; the rate (None when nobody is
  counted). Then the persons given legal aid in the period (II.5).
* Communication coverage: residential groups due in the period (existing on its first and last
  day) and those reached by a session held in it (``prevention.selectors.coverage``, over the
  report's period instead of a month).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, When

from khongmatuy.areas.models import Area, Level
from khongmatuy.common.numbers import plain_decimal
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.people import counting
from khongmatuy.people.choices import SupportKind
from khongmatuy.people.models import Person, PersonCategory, SupportService
from khongmatuy.people.rules import care
from khongmatuy.prevention.rules.periods import Period as Span
from khongmatuy.prevention.selectors import coverage as coverage_selectors

from .rules.periods import Period

# Where a person stands on a period's last day (``support``): not counted, counted, or counted
# and given both kinds of support.
_NOT_HELD, _HELD, _COMPLETE = 0, 1, 2


def support(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    """One grouped statement: each active person's standing on every period's last day, the
    persons counted per combination. Each condition is one ``EXISTS`` evaluated once per person,
    the support looked up only for those counted (a ``FILTER`` per figure evaluated the category
    twice: 31 against 24 ms of SQLite at city scale)."""
    standings: dict[str, Any] = {}
    aid: dict[str, Any] = {}
    for i, p in enumerate(periods):
        given = SupportService.objects.filter(person=OuterRef("pk"), provided_on__lte=p.end)
        held = Exists(
            PersonCategory.objects.filter(
                counting.open_on(p.end),
                person=OuterRef("pk"),
                category__in=care.SUPPORT_INDICATOR_CATEGORIES,
            )
        )
        supported = Exists(given.filter(kind__in=care.COUNSELLING_KINDS)) & Exists(
            given.filter(kind__in=care.MEDICAL_KINDS)
        )
        standings[f"standing{i}"] = Case(
            When(held, then=Case(When(supported, then=_COMPLETE), default=_HELD)),
            default=_NOT_HELD,
            output_field=IntegerField(),
        )
        aid[f"aid{i}"] = Count(
            "person_id",
            distinct=True,
            filter=Q(provided_on__gte=p.start, provided_on__lte=p.end),
        )
    persons = Person.objects.active().filter(**below_q_kwargs(area, "area__"))
    combinations = list(
        persons.annotate(**standings).values(*standings).annotate(n=Count("pk")).order_by()
    )
    aided = SupportService.objects.filter(
        kind=SupportKind.LEGAL_AID, **below_q_kwargs(area, "person__area__")
    ).aggregate(**aid)
    for i, into in enumerate(values):
        total = sum(c["n"] for c in combinations if c[f"standing{i}"] != _NOT_HELD)
        complete = sum(c["n"] for c in combinations if c[f"standing{i}"] == _COMPLETE)
        rate = care.percent(complete, total)
        into["support.counted"] = total
        into["support.complete"] = complete
        into["support.rate"] = None if rate is None else plain_decimal(rate)
        into["support.legal_aid"] = aided[f"aid{i}"]


def coverage(area: Area, periods: Sequence[Period], values: list[dict[str, Any]]) -> None:
    aggregates: dict[str, Any] = {}
    for i, p in enumerate(periods):
        span = Span(p.start, p.end)
        due = coverage_selectors.due_in(span)
        aggregates[f"due{i}"] = Count("pk", filter=due)
        aggregates[f"reached{i}"] = Count("pk", filter=due & Q(coverage_selectors.reached_in(span)))
    groups = Area.objects.filter(coverage_selectors.below(area), level=Level.GROUP)
    row = groups.aggregate(**aggregates)
    for i, into in enumerate(values):
        into["prevention.groups_due"] = row[f"due{i}"]
        into["prevention.groups_reached"] = row[f"reached{i}"]
