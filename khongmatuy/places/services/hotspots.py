"""Hotspots and harbouring places: create, edit, lifecycle steps and the persons linked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.common import reminders, validators
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold, normalize
from khongmatuy.people.models import Person

from ..models import (
    Place,
    PlaceEvent,
    PlacePerson,
)
from ..rules import lifecycle

if TYPE_CHECKING:
    from ..imports import PlaceRow

from .checks import (
    _apply,
    _check_area,
    _clean_location,
    _not_before,
    _not_future,
    _require,
    _save_created,
)


def _place_derived(place: Place) -> None:
    """The columns kept from the name and address: folded search text and Vietnamese order."""
    place.search_text = fold(f"{place.name} {place.address}")[:500]
    place.name_sort = text_sort_string(place.name)


def _record_event(
    *, actor: User | None, place: Place, on: date, from_status: str, to_status: str, note: str
) -> PlaceEvent:
    event = PlaceEvent(
        place=place,
        on=on,
        from_status=from_status,
        to_status=to_status,
        note=normalize(note or "")[:250],
        actor=actor if actor is not None and actor.pk else None,
    )
    _save_created(actor, event)
    return event


@transaction.atomic
def place_create(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    name: str,
    address: str = "",
    description: str = "",
    discovered_on: date,
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    today: date | None = None,
) -> Place:
    """Record a hotspot or a harbouring place found on ``discovered_on`` (status "detected").

    Writes the first ``PlaceEvent`` ("detected", on the discovery date): the counts at a date
    read the event log. Called by the tips app when a tip is closed as a harbouring place.
    """
    _check_area(actor, area)
    validators.choice(kind, Place.Kind, field="kind")
    _not_future(discovered_on, today=today_or(today), field="discovered_on")
    values: dict[str, Any] = {"address": address, "latitude": latitude, "longitude": longitude}
    _clean_location(actor, values)
    place = Place(
        area=area,
        kind=kind,
        name=validators.required_text(
            name, field="name", message=_("Nhập tên hoặc mô tả ngắn của điểm.")
        ),
        description=(description or "").strip(),
        discovered_on=discovered_on,
        status=Place.Status.DETECTED,
        **values,
    )
    _place_derived(place)
    _save_created(actor, place)
    _record_event(
        actor=actor,
        place=place,
        on=discovered_on,
        from_status="",
        to_status=Place.Status.DETECTED,
        note="",
    )
    reminders.area_changed([place.area_id])  # a hotspot may fail a recognised area at once
    return place


@transaction.atomic
def places_import(
    *, actor: User | None, rows: Sequence[PlaceRow], today: date | None = None
) -> list[Place]:
    """Record every checked row of an import (``imports.parse_places``) through
    ``place_create``, or none: one transaction; a row the service refuses is named with its
    row number and column, every such row is reported, and nothing is kept."""
    from ..imports import COLUMN_OF, RowError

    places: list[Place] = []
    errors: list[str] = []
    areas = {a.pk: a for a in Area.objects.filter(pk__in={r.area_id for r in rows})}
    for row in rows:
        area = areas.get(row.area_id)
        if area is None:
            errors.append(str(RowError(row.row, COLUMN_OF["area"], _("Địa bàn không còn."))))
            continue
        try:
            with transaction.atomic():
                places.append(
                    place_create(
                        actor=actor,
                        area=area,
                        kind=row.kind,
                        name=row.name,
                        address=row.address,
                        description=row.description,
                        discovered_on=row.discovered_on,
                        latitude=row.latitude,
                        longitude=row.longitude,
                        today=today,
                    )
                )
        except DomainError as exc:
            for field, messages in exc.message_dict.items():
                errors += [str(RowError(row.row, COLUMN_OF.get(field, ""), m)) for m in messages]
    if errors:
        raise DomainError({"file": errors})
    return places


PLACE_EDITABLE = frozenset(Place.EDITABLE_FIELDS)


@transaction.atomic
def place_update(
    *,
    actor: User | None,
    place: Place,
    today: date | None = None,
    version: int | None = None,
    **changes: Any,
) -> Place:
    """Correct a place's details (``PLACE_EDITABLE``); the status changes only by transition.

    A new discovery date moves the "detected" event with it and may not fall after a later step.
    """
    place = Place.objects.select_for_update(of=("self",)).select_related("area").get(pk=place.pk)
    _require(actor, place.area)
    audit.version_check(place, version, yours=changes)
    if "kind" in changes:
        validators.choice(changes["kind"], Place.Kind, field="kind")
    if "name" in changes:
        changes["name"] = validators.required_text(
            changes["name"], field="name", message=_("Nhập tên hoặc mô tả ngắn của điểm.")
        )
    if "description" in changes:
        changes["description"] = (changes["description"] or "").strip()
    _clean_location(actor, changes)
    events = list(place.events.order_by("on", "pk"))
    new_discovery = changes.get("discovered_on", place.discovered_on)
    if new_discovery != place.discovered_on:
        _not_future(new_discovery, today=today_or(today), field="discovered_on")
        later = [e.on for e in events if e.from_status]
        if later and new_discovery > min(later):
            raise DomainError(
                {
                    "discovered_on": _(
                        "Ngày phát hiện không thể sau ngày chuyển tình trạng đầu tiên (%(date)s)."
                    )
                    % {"date": f"{min(later):%d/%m/%Y}"}
                }
            )
    _apply(actor, place, changes, PLACE_EDITABLE, derive=_place_derived)
    first = next((e for e in events if not e.from_status), None)
    if first is not None and first.on != place.discovered_on:
        before = audit.snapshot(first)
        first.on = place.discovered_on
        first.full_clean()
        first.save(update_fields=["on"])
        audit.record_change(actor=actor, obj=first, before=before)
    return place


@transaction.atomic
def place_transition(
    *,
    actor: User | None,
    place: Place,
    to_status: str,
    on: date,
    note: str = "",
    today: date | None = None,
) -> Place:
    """Move the place along its lifecycle (``rules.lifecycle.LIFECYCLE``) on date ``on``.

    "eliminated" sets ``eliminated_on``; "recurred" clears it (the place exists again). The step
    may not be dated before the discovery or the previous step, nor in the future.
    """
    place = Place.objects.select_for_update(of=("self",)).select_related("area").get(pk=place.pk)
    _require(actor, place.area)
    lifecycle.LIFECYCLE.guard(
        place.status, to_status, message=lifecycle.refusal(place.status, to_status)
    )
    _not_future(on, today=today_or(today), field="on")
    _not_before(on, place.discovered_on, field="on", what=_("ngày phát hiện"))
    last = place.events.order_by("-on", "-pk").first()
    if last is not None:
        _not_before(on, last.on, field="on", what=_("ngày chuyển tình trạng gần nhất"))
    before = audit.snapshot(place)
    from_status = place.status
    place.status = to_status
    if to_status == Place.Status.ELIMINATED:
        place.eliminated_on = on
    elif to_status == Place.Status.RECURRED:
        place.eliminated_on = None
    place.full_clean()
    place.save(update_fields=["status", "eliminated_on", "updated_at"])
    audit.record_change(actor=actor, obj=place, before=before)
    _record_event(
        actor=actor, place=place, on=on, from_status=from_status, to_status=to_status, note=note
    )
    reminders.area_changed([place.area_id])
    return place


@transaction.atomic
def place_link_person(
    *, actor: User | None, place: Place, person: Person, role: str, note: str = ""
) -> PlacePerson:
    """Link a registry person to the place (owner, user, dealer…); the person must be visible
    to the actor (``Person.objects.for_user``)."""
    _require(actor, place.area)
    if actor is not None and not Person.objects.for_user(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    validators.choice(role, PlacePerson.Role, field="role")
    if PlacePerson.objects.filter(place=place, person=person, role=role).exists():
        raise DomainError(
            {
                "person": _("%(person)s đã được liên kết với điểm này với vai trò “%(role)s”.")
                % {"person": person, "role": PlacePerson.Role(role).label}
            }
        )
    link = PlacePerson(place=place, person=person, role=role, note=normalize(note or ""))
    _save_created(actor, link)
    return link
