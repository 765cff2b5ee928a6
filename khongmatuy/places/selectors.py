"""Reads of the places app. Every read starts from ``Model.objects.for_user(user)``.

Counts are aggregate queries: places existing at a date read the event log through one correlated
subquery (the last status on or before the date), the tip-box indicator reads each group's latest
check the same way; nothing loops over places or groups in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.common.text import fold
from khongmatuy.legal.selectors import value_subquery, values_of

from . import legal
from .models import (
    Business,
    Camera,
    Cultivation,
    GroupFacilityCheck,
    Inspection,
    Place,
    PlaceEvent,
    PlacePerson,
    PlaceQuerySet,
)

FACILITY_TARGET_PERCENT = Decimal(100)  # Gia Viên ward plan, III.1: every residential group


def inspection_interval() -> legal.InspectionInterval:
    """The local rule of how often a conditional business is inspected (``places.legal``): the
    administrators' value, or the deployment's starting value. HIDDEN QUERY: one SELECT on the
    legal values."""
    return legal.interval_from(values_of(legal.KEY))


def inspection_interval_days() -> int:
    """Days after which a conditional business is due for inspection (one query)."""
    return inspection_interval().days


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent, one decimal (half up); ``None`` when nothing is counted."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _in_area(qs: QuerySet[Any], area: Area | None, field: str = "area") -> QuerySet[Any]:
    """Narrow to one commune or residential group. A filter only: ``area`` comes from
    ``Area.objects.for_user`` in the view, and ``qs`` is already scoped."""
    if area is None:
        return qs
    if area.level == Level.COMMUNE:
        return qs.filter(**{f"{field}__commune_id": area.pk})
    if area.level == Level.PROVINCE:
        return qs.filter(**{f"{field}__province_id": area.pk})
    if area.level == Level.COUNTRY:
        return qs
    return qs.filter(**{field: area})


def _search(qs: QuerySet[Any], q: str) -> QuerySet[Any]:
    """Diacritics-insensitive search: every folded word of ``q`` in the folded ``search_text``
    column the services keep ("bai dat" finds "Bãi đất")."""
    for word in fold(q or "").split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


# --- hotspots and harbouring places ---------------------------------------------------------


def place_list(
    *,
    user: User,
    kind: str = "",
    status: str = "",
    area: Area | None = None,
    q: str = "",
    existing_on: date | None = None,
    recurred: tuple[date, date] | None = None,
) -> QuerySet[Place]:
    """Places the user sees; ``existing_on`` and ``recurred`` (a period, both days included)
    are the criteria's counts (``PlaceQuerySet.existing_on``, ``recurred_between``)."""
    places: PlaceQuerySet = Place.objects.for_user(user)  # type: ignore[assignment]
    if existing_on is not None:
        places = places.existing_on(existing_on)
    if recurred is not None:
        places = places.recurred_between(*recurred)
    qs: QuerySet[Place] = _in_area(places, area)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    qs = _search(qs, q)
    return qs.select_related("area").order_by("-discovered_on", "-pk")


def place_get_for_user(*, user: User, pk: int) -> Place:
    places: QuerySet[Place] = Place.objects.for_user(user)
    return get_object_or_404(places.select_related("area", "area__commune"), pk=pk)


@dataclass(frozen=True)
class PlaceHistory:
    events: list[PlaceEvent]
    links: list[PlacePerson]


def place_history(*, user: User, place: Place) -> PlaceHistory:
    """The lifecycle events (oldest first) and the linked persons visible to ``user``."""
    events = list(
        PlaceEvent.objects.for_user(user)
        .filter(place=place)
        .select_related("actor")
        .order_by("on", "pk")
    )
    labels = dict(Place.Status.choices)
    for event in events:
        event.label = labels.get(event.to_status, event.to_status)  # type: ignore[attr-defined]
    links = list(
        PlacePerson.objects.for_user(user)
        .filter(place=place)
        .select_related("person__area")
        .order_by("role", "person__name_sort", "pk")
    )
    return PlaceHistory(events=events, links=links)


@dataclass(frozen=True)
class PlaceCount:
    """Places existing on a date in one area, by kind."""

    area_id: int
    hotspots: int
    harbouring: int
    recurred: int  # of which: formed again after an elimination

    @property
    def total(self) -> int:
        return self.hotspots + self.harbouring


def place_counts_at(
    *,
    user: User,
    on: date,
    area: Area | None = None,
    by: Literal["area", "commune"] = "area",
) -> dict[int, PlaceCount]:
    """Hotspots and harbouring places existing on ``on``, per area (the place's own area, or its
    commune with ``by="commune"``). Areas with none are absent.

    A place exists on D when it was discovered on or before D and its last lifecycle event on or
    before D leaves it existing (``Place.objects.existing_on``); eliminated and watched places do
    not count. One aggregate query.
    """
    key = "area_id" if by == "area" else "area__commune_id"
    rows = (
        _in_area(Place.objects.existing_on(on).for_user(user), area)
        .order_by()
        .values(key)
        .annotate(
            hotspots=Count("pk", filter=Q(kind=Place.Kind.HOTSPOT)),
            harbouring=Count("pk", filter=Q(kind=Place.Kind.HARBOURING)),
            recurred=Count("pk", filter=Q(status_then=Place.Status.RECURRED)),
        )
    )
    return {
        row[key]: PlaceCount(
            area_id=row[key],
            hotspots=row["hotspots"],
            harbouring=row["harbouring"],
            recurred=row["recurred"],
        )
        for row in rows
    }


# --- conditional businesses -----------------------------------------------------------------


def business_list(
    *,
    user: User,
    kind: str = "",
    risk: str = "",
    area: Area | None = None,
    q: str = "",
    active_only: bool = False,
) -> QuerySet[Business]:
    qs: QuerySet[Business] = _in_area(Business.objects.for_user(user), area)
    if kind:
        qs = qs.filter(kind=kind)
    if risk:
        qs = qs.filter(risk=risk)
    if active_only:
        qs = qs.filter(is_active=True)
    qs = _search(qs, q)
    return qs.select_related("area").order_by("name_sort", "pk")


def business_get_for_user(*, user: User, pk: int) -> Business:
    businesses: QuerySet[Business] = Business.objects.for_user(user)
    return get_object_or_404(businesses.select_related("area"), pk=pk)


def business_get_with_interval(*, user: User, pk: int) -> tuple[Business, int]:
    """A business and the inspection interval in force (``inspection_interval_days``), read in
    the same query as the business."""
    days = value_subquery(
        source=legal.KEY, code=legal.CODE, effective_from=legal.SINCE, name="days"
    )
    businesses: QuerySet[Business] = Business.objects.for_user(user)
    business = get_object_or_404(
        businesses.select_related("area").annotate(interval_days=days), pk=pk
    )
    return business, legal.days_from(business.interval_days)  # type: ignore[attr-defined]


def business_inspections(*, user: User, business: Business) -> QuerySet[Inspection]:
    return (
        Inspection.objects.for_user(user)
        .filter(business=business)
        .select_related("recorded_by")
        .order_by("-inspected_on", "-pk")
    )


def businesses_uninspected(
    *,
    user: User,
    on: date,
    interval_days: int | None = None,
    risk: str = "",
    kind: str = "",
    area: Area | None = None,
) -> QuerySet[Business]:
    """Active businesses never inspected, or last inspected more than ``interval_days`` before
    ``on`` (default: ``inspection_interval_days()``, one more query); never inspected first, then
    oldest.

    One query on the indexed ``last_inspected_on`` (kept by ``services.inspection_record``).
    """
    days = interval_days if interval_days is not None else inspection_interval_days()
    cutoff = on - timedelta(days=days)
    qs = business_list(user=user, kind=kind, risk=risk, area=area, active_only=True)
    return qs.filter(Q(last_inspected_on__isnull=True) | Q(last_inspected_on__lt=cutoff)).order_by(
        F("last_inspected_on").asc(nulls_first=True), "name", "pk"
    )


# --- cultivation ----------------------------------------------------------------------------


def cultivation_list(
    *,
    user: User,
    plant: str = "",
    area: Area | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Cultivation]:
    qs: QuerySet[Cultivation] = _in_area(Cultivation.objects.for_user(user), area)
    if plant:
        qs = qs.filter(plant=plant)
    if start is not None:
        qs = qs.filter(discovered_on__gte=start)
    if end is not None:
        qs = qs.filter(discovered_on__lte=end)
    return qs.select_related("area").order_by("-discovered_on", "-pk")


def cultivation_get_for_user(*, user: User, pk: int) -> Cultivation:
    cultivations: QuerySet[Cultivation] = Cultivation.objects.for_user(user)
    return get_object_or_404(cultivations.select_related("area"), pk=pk)


@dataclass(frozen=True)
class CultivationTotal:
    area_id: int
    sites: int
    plants: int
    area_m2: Decimal


def cultivation_totals(
    *,
    user: User,
    start: date,
    end: date,
    area: Area | None = None,
    by: Literal["area", "commune"] = "area",
) -> dict[int, CultivationTotal]:
    """Cultivation discovered between ``start`` and ``end`` (inclusive), per area: number of
    sites, plants and m² (the criteria's thresholds count plants and m²). One aggregate query."""
    key = "area_id" if by == "area" else "area__commune_id"
    rows = (
        _in_area(Cultivation.objects.for_user(user), area)
        .filter(discovered_on__gte=start, discovered_on__lte=end)
        .order_by()
        .values(key)
        .annotate(sites=Count("pk"), plants=Sum("plant_count"), m2=Sum("area_m2"))
    )
    return {
        row[key]: CultivationTotal(
            area_id=row[key],
            sites=row["sites"],
            plants=row["plants"] or 0,
            area_m2=Decimal(row["m2"] or 0).quantize(Decimal("0.1")),
        )
        for row in rows
    }


# --- cameras --------------------------------------------------------------------------------


def camera_list(
    *, user: User, status: str = "", owner: str = "", area: Area | None = None
) -> QuerySet[Camera]:
    qs: QuerySet[Camera] = _in_area(Camera.objects.for_user(user), area)
    if status:
        qs = qs.filter(status=status)
    if owner:
        qs = qs.filter(owner=owner)
    return qs.select_related("area").order_by("area__sort_key", "location_sort", "pk")


def camera_get_for_user(*, user: User, pk: int) -> Camera:
    cameras: QuerySet[Camera] = Camera.objects.for_user(user)
    return get_object_or_404(cameras.select_related("area"), pk=pk)


# --- tip boxes and hotline boards -----------------------------------------------------------


def group_get_for_user(*, user: User, pk: int) -> Area:
    """An active residential group the user sees, else 404."""
    groups: QuerySet[Area] = Area.objects.for_user(user).filter(level=Level.GROUP, is_active=True)
    return get_object_or_404(groups, pk=pk)


@dataclass(frozen=True)
class FacilityIndicator:
    """Share of residential groups whose latest check has both a tip box and a hotline board."""

    on: date
    total: int
    complete: int
    percent: Decimal | None
    target: Decimal
    groups: QuerySet[Area]  # every group, annotated last_checked_on / has_tip_box / has_board
    missing: QuerySet[Area]  # those lacking either, or never checked

    @property
    def meets_target(self) -> bool:
        return self.percent is not None and self.percent >= self.target


def group_facility_indicator(
    *, user: User, on: date, commune: Area | None = None
) -> FacilityIndicator:
    """Kế hoạch UBND phường Gia Viên, III.1: every residential group has a tip box and a public
    board with the hotline numbers. Counted from each active group's latest check on or before
    ``on``; a group never checked counts as lacking both. One aggregate query for the figures; the
    lists are lazy.
    """
    latest = GroupFacilityCheck.objects.filter(area=OuterRef("pk"), checked_on__lte=on).order_by(
        "-checked_on", "-pk"
    )
    groups: QuerySet[Area] = Area.objects.for_user(user).filter(level=Level.GROUP, is_active=True)
    if commune is not None and commune.level == Level.GROUP:
        groups = groups.filter(pk=commune.pk)
    elif commune is not None and commune.level == Level.COMMUNE:
        groups = groups.filter(commune_id=commune.pk)
    elif commune is not None and commune.level == Level.PROVINCE:
        groups = groups.filter(province_id=commune.pk)
    groups = groups.annotate(
        last_checked_on=Subquery(latest.values("checked_on")[:1]),
        has_tip_box=Subquery(latest.values("has_tip_box")[:1]),
        has_board=Subquery(latest.values("has_hotline_board")[:1]),
    )
    complete_q = Q(has_tip_box=True, has_board=True)
    figures = groups.aggregate(total=Count("pk"), complete=Count("pk", filter=complete_q))
    missing = groups.filter(
        Q(last_checked_on__isnull=True) | Q(has_tip_box=False) | Q(has_board=False)
    )
    ordering = ("commune__sort_key", "sort_key", "pk")
    return FacilityIndicator(
        on=on,
        total=figures["total"],
        complete=figures["complete"],
        percent=percent(figures["complete"], figures["total"]),
        target=FACILITY_TARGET_PERCENT,
        groups=groups.select_related("commune").order_by(*ordering),
        missing=missing.select_related("commune").order_by(*ordering),
    )
