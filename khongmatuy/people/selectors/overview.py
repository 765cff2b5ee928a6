"""The officer's overview: what needs doing today in the user's areas, as counts with links.

Each figure is one aggregate query over the same selectors the detailed lists use, so a number
here always matches the list behind its link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.areas.selectors import root_areas_for_user
from khongmatuy.common.roles import Capability

from ..choices import Category
from ..models import Person, PersonCategory, Transfer
from . import care, episodes


@dataclass(frozen=True)
class CategoryCount:
    category: str
    label: str
    count: int


@dataclass(frozen=True)
class Overview:
    areas: list[Area]
    on: date
    persons: int
    psychosis: int
    categories: list[CategoryCount]
    overdue: int
    ending_soon: int
    contacts_overdue: int
    followups_open: int | None  # None: the user may not see test results
    transfers_pending: int
    support_percent: object
    support_total: int


def overview(*, user: User, on: date) -> Overview:
    persons = Person.objects.for_user(user).active()
    totals = persons.aggregate(n=Count("pk"), psychosis=Count("pk", filter=Q(psychosis=True)))
    by_category = dict(
        PersonCategory.objects.for_user(user)
        .filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on),
            started_on__lte=on,
            person__is_active=True,
        )
        .values_list("category")
        .annotate(n=Count("person", distinct=True))
    )
    sensitive = user.can(Capability.VIEW_SENSITIVE)
    indicator = care.support_indicator(user=user, on=on)
    return Overview(
        areas=root_areas_for_user(user=user),
        on=on,
        persons=totals["n"],
        psychosis=totals["psychosis"],
        categories=[
            CategoryCount(c.value, str(c.label), by_category.get(c.value, 0))
            for c in Category
            if by_category.get(c.value)
        ],
        overdue=episodes.overdue(user=user, today=on).count(),
        ending_soon=episodes.ending_within(user=user, today=on).count(),
        contacts_overdue=care.contacts_overdue(user=user, on=on).count(),
        followups_open=care.followups(user=user).count() if sensitive else None,
        transfers_pending=Transfer.objects.for_user(user).filter(status="pending").count(),
        support_percent=indicator.percent,
        support_total=indicator.total,
    )
