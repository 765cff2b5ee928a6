"""Reads of communication activities: the filtered list (page and export), one activity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from khongmatuy.areas.models import Area, Level, Organisation

from ..models import Activity, GroupReach, OrganisationReach
from .coverage import below

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


@dataclass(frozen=True)
class ActivityFilters:
    area: Area | None = None
    date_from: date | None = None
    date_to: date | None = None
    form: str = ""
    audience: str = ""


def filed_or_reaching(area: Area | None) -> Q:
    """Activities filed under ``area`` or below it, and those that reached one of its groups
    (everything for None or the country).

    One ``IN`` over the union of both id lists, each read through its own indexed column,
    instead of an ``OR`` of the two conditions tested on every activity. And never ``Q() | q``
    for the country: Django reduces it to ``q``, which kept only the activities that reached a
    group (a school's session was missing from the country's figures)."""
    if area is None or area.level == Level.COUNTRY:
        return Q()
    filed = Activity.objects.filter(below(area, "area")).order_by().values("pk")
    reached = GroupReach.objects.filter(below(area, "group")).order_by().values("activity_id")
    return Q(pk__in=filed.union(reached))


def activity_list(*, user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    """Activities the user sees, newest first. With an area: those filed under it or below, and
    those that reached one of its groups."""
    qs = Activity.objects.for_user(user).filter(filed_or_reaching(filters.area))
    if filters.date_from is not None:
        qs = qs.filter(held_on__gte=filters.date_from)
    if filters.date_to is not None:
        qs = qs.filter(held_on__lte=filters.date_to)
    if filters.form:
        qs = qs.filter(form=filters.form)
    if filters.audience:
        qs = qs.filter(audience=filters.audience)
    return (
        qs.select_related("area", "organiser")
        .annotate(
            group_count=Count("group_reaches", distinct=True),
            organisation_count=Count("organisation_reaches", distinct=True),
        )
        .order_by("-held_on", "-pk")  # an aggregate query ignores Meta.ordering
    )


def activity_export_rows(*, user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    """The list with what each activity reached, for the .xlsx (three queries in all)."""
    groups = GroupReach.objects.select_related("group").order_by("group__sort_key")
    organisations = OrganisationReach.objects.select_related("organisation").order_by(
        "organisation__name_sort"
    )
    return (
        activity_list(user=user, filters=filters)
        .prefetch_related(Prefetch("group_reaches", queryset=groups))
        .prefetch_related(Prefetch("organisation_reaches", queryset=organisations))
    )


def activity_get_for_user(*, user: User, pk: int) -> Activity:
    qs = Activity.objects.for_user(user).select_related("area", "organiser", "recorded_by")
    return get_object_or_404(qs, pk=pk)


def reach_of(activity: Activity) -> tuple[list[Area], list[Organisation]]:
    groups = [
        r.group for r in activity.group_reaches.select_related("group").order_by("group__sort_key")
    ]
    organisations = [
        r.organisation
        for r in activity.organisation_reaches.select_related("organisation").order_by(
            "organisation__name_sort"
        )
    ]
    return groups, organisations


def groups_for_recording(*, user: User) -> QuerySet[Area]:
    """The active residential groups a user may record a session for."""
    return (
        Area.objects.for_user(user)
        .filter(level=Level.GROUP, is_active=True)
        .select_related("commune")
        .order_by("commune__sort_key", "sort_key", "name")
    )


def organisations_for_recording(*, user: User) -> QuerySet[Organisation]:
    return (
        Organisation.objects.for_user(user)
        .filter(is_active=True)
        .select_related("area")
        .order_by("kind", "name_sort", "pk")
    )
