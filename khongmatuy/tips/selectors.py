"""Reads of the tips app. Officers' reads start from ``Tip.objects.for_user(user)``.

Two reads are public and deliberately NOT scoped: the list of provinces and communes for the
public form (the official administrative list is public information) and the status of one
tracking code (``public_status``), which returns the status label and the date of its last change
and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.cases.models import Case
from khongmatuy.common.roles import CAPABILITIES, Capability
from khongmatuy.people.models import Person
from khongmatuy.places.models import Place

from .models import Tip, TipAttachment, TipEvent
from .rules.handling import EVENT_LABELS, OPEN_STATUSES, STATUS_EVENTS, normalize_code

# A place under monitoring after elimination (places/rules/lifecycle.py) may step to "recurred".
RELAPSE_FROM = frozenset({Place.Status.ELIMINATED, Place.Status.WATCHED})

# --- public ---------------------------------------------------------------------------------


def provinces() -> QuerySet[Area]:
    return Area.objects.filter(level=Level.PROVINCE, is_active=True).order_by("sort_key", "name")


def communes_of(province_id: int | None) -> QuerySet[Area]:
    """Active communes of a province (none without a province: 3,321 options are too many)."""
    if not province_id:
        return Area.objects.none()
    return Area.objects.filter(
        level=Level.COMMUNE, is_active=True, province_id=province_id
    ).order_by("sort_key", "name")


@dataclass(frozen=True)
class PublicStatus:
    """All a tracking code reveals: the status and the date it last changed."""

    label: str
    changed_on: date


def public_status(code: str) -> PublicStatus | None:
    """The status of the tip with ``code``, or None (the page shows one generic message).

    Two small queries on unique / indexed columns; nothing but the status is read.
    """
    normalized = normalize_code(code)
    if not normalized:
        return None
    row = Tip.objects.filter(code=normalized).values("pk", "status", "received_at").first()
    if row is None:
        return None
    last = (
        TipEvent.objects.filter(tip_id=row["pk"], action__in=STATUS_EVENTS)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    moment = last or row["received_at"]
    return PublicStatus(str(Tip.Status(row["status"]).label), timezone.localdate(moment))


# --- officers -------------------------------------------------------------------------------

# The columns the queue's table reads (``tips/queue.html``): a page of 50 tips with their area's
# name and their officer's name, without each tip's text, contact and map fields and each
# officer's whole account row (fewer values to convert, smaller instances to build).
QUEUE_FIELDS = (
    "code",
    "area__name",
    "area__level",
    "area__kind",
    "category",
    "status",
    "received_at",
    "due_on",
    "closed_on",
    "assigned_to__username",
    "assigned_to__full_name",
)


def _in_area(qs: QuerySet[Tip], area: Area | None) -> QuerySet[Tip]:
    """Narrow to one area the user picked (from ``Area.objects.for_user`` in the form)."""
    if area is None:
        return qs
    if area.level == Level.PROVINCE:
        return qs.filter(area__province_id=area.pk)
    if area.level == Level.COMMUNE:
        return qs.filter(area__commune_id=area.pk)
    return qs.filter(area=area)


def tip_queue(
    *,
    user: User,
    status: str = "",
    category: str = "",
    area: Area | None = None,
    overdue: bool = False,
    today: date,
) -> QuerySet[Tip]:
    """Open tips in scope by deadline (status "closed" lists closed ones, newest first), with
    the queue's columns only (``QUEUE_FIELDS``)."""
    qs: QuerySet[Tip] = (
        Tip.objects.for_user(user).select_related("area", "assigned_to").only(*QUEUE_FIELDS)
    )
    if status == Tip.Status.CLOSED:
        qs = qs.filter(status=status).order_by("-closed_on", "-pk")
    else:
        qs = qs.filter(status__in=[status] if status else OPEN_STATUSES).order_by(
            "due_on", "received_at", "pk"
        )
    if category:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.filter(due_on__lt=today).exclude(status=Tip.Status.CLOSED)
    return _in_area(qs, area)


def tips_overdue(*, user: User, today: date) -> QuerySet[Tip]:
    """Open tips past their deadline (the ``tip_open_due_on`` partial index)."""
    return tip_queue(user=user, overdue=True, today=today)


def tip_get_for_user(*, user: User, pk: int) -> Tip:
    tips: QuerySet[Tip] = Tip.objects.for_user(user)
    return get_object_or_404(
        tips.select_related("area", "assigned_to", "recorded_by", "place", "person", "case"), pk=pk
    )


def identity_chain(*, tip: Tip) -> set[int]:
    """The accounts the law puts in the handling chain of ``tip``, who may read its sender's
    identity (Criminal Procedure Code 2015, Arts. 145–147):

    * the officer who received the tip and made its record (Arts. 145–146: receiving and
      recording a denunciation or crime report), ``recorded_by``;
    * whoever assigned its verification, acting as the head of the investigating body who
      assigns it (Art. 147: the investigating body checks and verifies within the time limit),
      the actors of its "assigned" events;
    * the officer assigned to verify it (Art. 147), ``assigned_to``.

    Anyone else, whatever their role or scope (city police over a ward's tip included), sees
    only that the identity is hidden. One query on the tip's events.
    """
    chain = {tip.recorded_by_id, tip.assigned_to_id}
    chain.update(
        TipEvent.objects.filter(tip=tip, action="assigned", actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    return {pk for pk in chain if pk is not None}


def may_see_identity(*, user: User, tip: Tip) -> bool:
    """The role may read a sender's identity and the account is in ``identity_chain``."""
    return user.can(Capability.VIEW_TIP_IDENTITY) and user.pk in identity_chain(tip=tip)


def tip_history(*, tip: Tip) -> dict[str, Any]:
    """Attachments and events of a tip already fetched through ``tip_get_for_user``."""
    events = list(TipEvent.objects.filter(tip=tip).select_related("actor").order_by("at", "pk"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return {
        "attachments": list(TipAttachment.objects.filter(tip=tip).order_by("pk")),
        "events": events,
    }


def attachment_get_for_user(*, user: User, pk: int) -> TipAttachment:
    attachments: QuerySet[TipAttachment] = TipAttachment.objects.for_user(user)
    return get_object_or_404(attachments.select_related("tip"), pk=pk)


def _handling_roles() -> list[str]:
    return [role for role, caps in CAPABILITIES.items() if Capability.HANDLE_TIPS in caps]


def assignable_officers(*, tip: Tip) -> QuerySet[User]:
    """Active accounts whose role handles tips and whose areas cover the tip's area (the area
    itself, its commune, its province or the whole country): those ``tip_assign`` accepts."""
    area = tip.area
    ancestors = {area.pk, area.commune_id, area.province_id} - {None}
    return (
        User.objects.filter(role__in=_handling_roles(), is_active=True)
        .filter(
            Q(area_assignments__area_id__in=ancestors)
            | Q(area_assignments__area__level=Level.COUNTRY)
        )
        .distinct()
        .order_by("name_sort", "username")
    )


def _near(qs: QuerySet[Any], tip: Tip, area_path: str) -> QuerySet[Any]:
    return qs.filter(**{f"{area_path}__commune_id": tip.area.commune_id})


def link_choices(*, user: User, tip: Tip) -> dict[str, QuerySet[Any]]:
    """Places, persons and cases of the tip's commune the user sees, for closing the tip."""
    return {
        "place": _near(Place.objects.for_user(user), tip, "area").order_by("name_sort", "pk"),
        "person": _near(Person.objects.for_user(user), tip, "area").order_by("name_sort", "pk"),
        "case": _near(Case.objects.for_user(user), tip, "area").order_by("-occurred_on", "-pk"),
    }


def area_choices(*, user: User) -> QuerySet[Area]:
    """Communes and groups the user sees (the intake and classification forms)."""
    return (
        Area.objects.for_user(user)
        .filter(is_active=True, level__in=[Level.COMMUNE, Level.GROUP])
        .select_related("commune")
        .order_by("commune__sort_key", "level", "sort_key")
    )


# --- the other side of a tip's links ------------------------------------------------------------


@dataclass(frozen=True)
class LinkedTips:
    """The tips the user may see that concern one place or one case, newest first.

    ``suggest_relapse``: the place has been eliminated (or is watched after elimination) and a
    tip received on or after its elimination concerns it, so the page offers to mark it relapsed.
    """

    tips: list[Tip]
    suggest_relapse: bool = False


def _linked(user: User) -> QuerySet[Tip]:
    return Tip.objects.for_user(user).select_related("area").order_by("-received_at", "-pk")


def tips_of_place(*, user: User, pk: int) -> tuple[Place, LinkedTips]:
    """The place (404 when out of the user's scope) and its tips within the user's scope."""
    place = get_object_or_404(Place.objects.for_user(user), pk=pk)
    tips = list(_linked(user).filter(place=place))
    after_elimination = [
        tip
        for tip in tips
        if place.eliminated_on is not None
        and timezone.localdate(tip.received_at) >= place.eliminated_on
    ]
    relapse = place.status in RELAPSE_FROM and bool(after_elimination)
    return place, LinkedTips(tips=tips, suggest_relapse=relapse)


def tips_of_case(*, user: User, pk: int) -> tuple[Case, LinkedTips]:
    """The case (404 when out of the user's scope) and its tips within the user's scope."""
    case = get_object_or_404(Case.objects.for_user(user), pk=pk)
    return case, LinkedTips(tips=list(_linked(user).filter(case=case)))
