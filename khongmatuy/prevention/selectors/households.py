"""Household commitment coverage per group, commune and city, against the households figure of
each group at the date (``AreaFigure``, the latest on or before it; without a figure, the group's
list or its paper count). One query whatever the number of groups; communes and the total are
summed from its rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from khongmatuy.areas.models import Area, AreaFigure, Level

from ..models import Household, HouseholdCommitment, HouseholdCount
from ..rules.periods import percent
from .coverage import Ratio, groups_of

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


@dataclass(frozen=True)
class GroupHouseholds(Ratio):
    group_id: int
    group_name: str
    commune_id: int
    commune_name: str
    province_id: int
    paper: bool  # counts from a paper list, not rows


@dataclass(frozen=True)
class CommuneHouseholds(Ratio):
    commune_id: int
    commune_name: str


def _count_of(qs: QuerySet, key: str) -> Subquery:  # type: ignore[type-arg]
    return Subquery(
        qs.order_by().values(key).annotate(n=Count("pk")).values("n"), output_field=IntegerField()
    )


def group_rows(*, user: User, on: date, area: Area | None = None) -> list[GroupHouseholds]:
    """Every active group of the scope with its households and the commitments of ``on``'s year
    signed by ``on``, in the order of the tree."""
    return rows_of(groups_of(user=user, area=area), on=on)


def annotated(groups: QuerySet[Area], *, on: date) -> QuerySet[Area]:
    """The active groups of ``groups``, each with its households figure at ``on``, its listed
    households, the commitments of ``on``'s year signed by ``on`` and its paper count of the
    year (``households_of`` turns them into reached and total)."""
    year = on.year
    figure = (
        AreaFigure.objects.filter(area_id=OuterRef("pk"), as_of__lte=on)
        .order_by("-as_of")
        .values("households")[:1]
    )
    listed = _count_of(Household.objects.filter(area_id=OuterRef("pk"), is_active=True), "area_id")
    signed = _count_of(
        HouseholdCommitment.objects.filter(
            area_id=OuterRef("pk"), year=year, counted=True, signed_on__lte=on
        ),
        "area_id",
    )
    paper = HouseholdCount.objects.filter(area_id=OuterRef("pk"), year=year)
    return groups.filter(is_active=True).annotate(
        figure=Subquery(figure),
        listed=listed,
        signed=signed,
        paper_households=Subquery(paper.values("households")[:1]),
        paper_signed=Subquery(paper.values("signed")[:1]),
    )


COUNTS = ("figure", "listed", "signed", "paper_households", "paper_signed")


def households_of(
    fig: int | None,
    listed: int | None,
    signed: int | None,
    p_total: int | None,
    p_signed: int | None,
) -> tuple[int, int, bool]:
    """(reached, total, paper) of a group from the ``COUNTS`` of ``annotated``: the figure, else
    the paper count, else the list; signed from the paper count when there is one."""
    is_paper = p_total is not None
    total = fig if fig is not None else (p_total or 0 if is_paper else listed or 0)
    done = (p_signed or 0) if is_paper else (signed or 0)
    return done, total, is_paper


def rows_of(groups: QuerySet[Area], *, on: date) -> list[GroupHouseholds]:
    """``group_rows`` over any queryset of groups, in the order of the tree."""
    rows = (
        annotated(groups, on=on)
        .order_by("commune__sort_key", "commune_id", "sort_key", "name")
        .values_list("pk", "name", "commune_id", "commune__name", "province_id", *COUNTS)
    )
    result = []
    for pk, name, commune_id, commune_name, province_id, *counts in rows:
        done, total, is_paper = households_of(*counts)
        result.append(
            GroupHouseholds(
                reached=done,
                total=total,
                group_id=pk,
                group_name=name,
                commune_id=commune_id,
                commune_name=commune_name,
                province_id=province_id,
                paper=is_paper,
            )
        )
    return result


def by_commune(rows: list[GroupHouseholds]) -> list[CommuneHouseholds]:
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        pair = sums[(row.commune_id, row.commune_name)]
        pair[0] += row.reached
        pair[1] += row.total
    return [CommuneHouseholds(r, t, pk, name) for (pk, name), (r, t) in sums.items()]


def total(rows: list[GroupHouseholds]) -> Ratio:
    return Ratio(reached=sum(r.reached for r in rows), total=sum(r.total for r in rows))


def below_target(rows: list[GroupHouseholds], target: int) -> list[GroupHouseholds]:
    """Groups under ``target`` percent (a group with no households figure is listed too)."""
    return [r for r in rows if r.total == 0 or (percent(r.reached, r.total) or 0) < target]


def group_get_for_user(*, user: User, pk: int) -> Area:
    return get_object_or_404(
        Area.objects.for_user(user).filter(level=Level.GROUP).select_related("commune"), pk=pk
    )


def household_list(*, group: Area, year: int) -> QuerySet[Household]:
    """The group's active households, each with its commitment of ``year`` (or None)."""
    commitment = HouseholdCommitment.objects.filter(household_id=OuterRef("pk"), year=year)
    return (
        Household.objects.filter(area=group, is_active=True)
        .annotate(
            signed_on=Subquery(commitment.values("signed_on")[:1]),
            commitment_id=Subquery(commitment.values("pk")[:1]),
        )
        .order_by("head_name_sort", "pk")
    )
