"""Live coverage of communication: groups reached per month, schools per school year, workers per
year. Each figure is one aggregate query whatever the number of groups (EXISTS per group over
the ``(group, held_on)`` index), so a session recorded now changes the figure now.

A group is due in a month when it existed on the month's first day and still exists on its last
day (``valid_from`` / ``valid_until`` of the area; a group with no ``valid_from`` has always
existed). A group created in the middle of a month is due from the next month: it is then
neither counted nor listed as missed for the month it was created in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery

from khongmatuy.areas.models import Area, Kind, Level, Organisation

from ..models import GroupReach, OrganisationReach, Workforce
from ..rules.periods import Period, month_of, months_ending, percent, school_year_of, year_of

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


def below(area: Area | None, field: str = "") -> Q:
    """Areas (or records through ``field``) in ``area``'s subtree; everything for None."""
    prefix = f"{field}__" if field else ""
    if area is None or area.level == Level.COUNTRY:
        return Q()
    if area.level == Level.PROVINCE:
        return Q(**{f"{prefix}province_id": area.pk})
    if area.level == Level.COMMUNE:
        return Q(**{f"{prefix}commune_id": area.pk})
    return Q(**{f"{prefix}pk": area.pk})


def due_in(period: Period) -> Q:
    """Groups that must be reached in ``period`` (see the module docstring)."""
    existed = Q(valid_from__isnull=True) | Q(valid_from__lte=period.first)
    still = Q(valid_until__isnull=True, is_active=True) | Q(valid_until__gte=period.last)
    return existed & still


def reached_in(period: Period) -> Exists:
    return Exists(
        GroupReach.objects.filter(
            group_id=OuterRef("pk"), held_on__gte=period.first, held_on__lte=period.last
        )
    )


def groups_of(*, user: User, area: Area | None = None) -> QuerySet[Area]:
    return Area.objects.for_user(user).filter(below(area), level=Level.GROUP)


@dataclass(frozen=True)
class Ratio:
    reached: int
    total: int

    @property
    def percent(self) -> int | None:
        return percent(self.reached, self.total)

    @property
    def missed(self) -> int:
        return self.total - self.reached


@dataclass(frozen=True)
class MonthRatio(Ratio):
    month: date  # the month's first day


@dataclass(frozen=True)
class CommuneRatio(Ratio):
    commune_id: int
    commune_name: str  # as the official list writes it: "Phường Gia Viên"


def month_trend(
    *, user: User, on: date, months: int = 12, area: Area | None = None
) -> list[MonthRatio]:
    """Groups reached / groups due, for each of the ``months`` months ending with ``on``'s:
    one query (two conditional counts per month)."""
    periods = months_ending(on, months)
    aggregates = {}
    for n, period in enumerate(periods):
        due = due_in(period)
        aggregates[f"t{n}"] = Count("pk", filter=due)
        aggregates[f"r{n}"] = Count("pk", filter=due & Q(reached_in(period)))
    row = groups_of(user=user, area=area).aggregate(**aggregates)
    return [
        MonthRatio(reached=row[f"r{n}"], total=row[f"t{n}"], month=period.first)
        for n, period in enumerate(periods)
    ]


def month_coverage(*, user: User, on: date, area: Area | None = None) -> MonthRatio:
    """Groups reached / groups due in the month of ``on`` (one query)."""
    return month_trend(user=user, on=on, months=1, area=area)[0]


def by_commune(*, user: User, on: date, area: Area | None = None) -> list[CommuneRatio]:
    """The month's coverage per commune, in the order of the tree (one query)."""
    period = month_of(on)
    rows = (
        groups_of(user=user, area=area)
        .filter(due_in(period))
        .values("commune_id", "commune__name", "commune__kind", "commune__sort_key")
        .annotate(total=Count("pk"), reached=Count("pk", filter=Q(reached_in(period))))
        .order_by("commune__sort_key", "commune__name")
    )
    return [
        CommuneRatio(
            reached=r["reached"],
            total=r["total"],
            commune_id=r["commune_id"],
            commune_name=f"{Kind(r['commune__kind']).label} {r['commune__name']}",
        )
        for r in rows
    ]


def groups_not_reached(*, user: User, on: date, area: Area | None = None) -> QuerySet[Area]:
    """The groups due in the month of ``on`` that no activity reached yet, by commune."""
    period = month_of(on)
    return (
        groups_of(user=user, area=area)
        .filter(due_in(period))
        .filter(~Q(reached_in(period)))
        .select_related("commune")
        .order_by("commune__sort_key", "commune__name", "sort_key", "name")
    )


def _organisations(*, user: User, kind: str, area: Area | None) -> QuerySet[Organisation]:
    return Organisation.objects.for_user(user).filter(
        below(area, "area"), kind=kind, is_active=True
    )


def schools_reached(*, user: User, on: date, area: Area | None = None) -> Ratio:
    """Schools reached at least once in the school year of ``on`` / active schools."""
    period = school_year_of(on)
    reached = Exists(
        OrganisationReach.objects.filter(
            organisation_id=OuterRef("pk"), held_on__gte=period.first, held_on__lte=on
        )
    )
    row = _organisations(user=user, kind=Organisation.OrgKind.SCHOOL, area=area).aggregate(
        total=Count("pk"), reached=Count("pk", filter=Q(reached))
    )
    return Ratio(reached=row["reached"], total=row["total"])


def workers_reached(*, user: User, on: date, area: Area | None = None) -> Ratio:
    """Workers reached this year / workers of the enterprises (one query).

    Per enterprise, the workers are its latest figure on or before ``on``; the workers reached
    are the largest audience counted at it in the year (repeated sessions reach the same
    people), never more than its workers. Enterprises with no figure are not counted.
    """
    period = year_of(on)
    workers = Workforce.objects.filter(organisation_id=OuterRef("pk"), as_of__lte=on).order_by(
        "-as_of"
    )
    audience = (
        OrganisationReach.objects.filter(
            organisation_id=OuterRef("pk"), held_on__gte=period.first, held_on__lte=on
        )
        .values("organisation_id")
        .annotate(m=Max("people"))
        .values("m")
    )
    rows = (
        _organisations(user=user, kind=Organisation.OrgKind.ENTERPRISE, area=area)
        .annotate(workers=Subquery(workers.values("workers")[:1]), audience=Subquery(audience))
        .filter(workers__isnull=False)
        .values_list("workers", "audience")
    )
    total = reached = 0
    for staff, people in rows:
        total += staff
        reached += min(people or 0, staff)
    return Ratio(reached=reached, total=total)
