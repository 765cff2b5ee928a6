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


def activity_list(*, user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    """Activities the user sees, newest first. With an area: those filed under it or below, and
    those that reached one of its groups."""
    qs = Activity.objects.for_user(user)
    if filters.area is not None:
        reached = GroupReach.objects.filter(below(filters.area, "group")).values("activity_id")
        qs = qs.filter(below(filters.area, "area") | Q(pk__in=reached))
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
