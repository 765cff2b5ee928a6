"""Every write of the places app: hotspots and harbouring places, conditional businesses and their
inspections, cultivation, cameras, and the residential groups' tip boxes and hotline boards.

Each function is keyword-only, one transaction, ``full_clean`` before saving, and audits itself.
Refusals are ``DomainError`` keyed by the form field with a Vietnamese message; a lifecycle step
the place's status does not allow is ``InvalidTransition`` (never a 403). Every check runs before
the first write, so a refusal leaves nothing.

``actor`` is ``None`` only for system writes (demo data, imports run by a command). For a user, the
role must hold ``MANAGE_PLACES`` and the area must be in the user's scope (``PermissionDenied``
otherwise: views already fetched the object through ``for_user``, so this guards other callers).
``today`` defaults to the local date; tests, imports and the demo pass it in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import fold, normalize
from khongmatuy.people.models import Person

from .models import (
    Business,
    Camera,
    Cultivation,
    GroupFacilityCheck,
    Inspection,
    Place,
    PlaceEvent,
    PlacePerson,
)
from .rules import lifecycle

# Vietnam's rough bounding box (mainland and islands): a typo in a coordinate is caught here.
LAT_RANGE = (Decimal(8), Decimal(24))
LNG_RANGE = (Decimal(102), Decimal(110))
_SIX_PLACES = Decimal("0.000001")


# --- checks (no writes) ---------------------------------------------------------------------


def _require(actor: User | None, area: Area) -> None:
    """The actor may write places (``MANAGE_PLACES``) and sees ``area``."""
    if actor is None:
        return
    if not actor.can(Capability.MANAGE_PLACES) or not scope_for(actor).contains(area):
        raise PermissionDenied


def _check_area(actor: User | None, area: Area, *, field: str = "area") -> None:
    _require(actor, area)
    if not area.is_active:
        raise DomainError({field: _("Địa bàn %(area)s không còn hoạt động.") % {"area": area}})
    if area.level < Level.COMMUNE:
        raise DomainError({field: _("Chọn một xã, phường hoặc tổ dân phố, thôn.")})


def _not_future(value: date, *, today: date, field: str) -> None:
    if value > today:
        raise DomainError(
            {
                field: _("Ngày %(date)s ở tương lai; hôm nay là %(today)s.")
                % {"date": f"{value:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
            }
        )


def _not_before(value: date, earliest: date, *, field: str, what: str) -> None:
    if value < earliest:
        raise DomainError(
            {
                field: _("Ngày phải từ %(what)s (%(date)s) trở đi.")
                % {"what": what, "date": f"{earliest:%d/%m/%Y}"}
            }
        )


def _coordinate(value: Decimal | float | str | None, *, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value)).quantize(_SIX_PLACES)
    except (InvalidOperation, ValueError):
        raise DomainError({field: _("Nhập tọa độ dạng số thập phân, ví dụ 20.8449.")}) from None
    low, high = LAT_RANGE if field == "latitude" else LNG_RANGE
    if not low <= number <= high:
        message = (
            _("Vĩ độ phải trong khoảng %(low)s–%(high)s (lãnh thổ Việt Nam).")
            if field == "latitude"
            else _("Kinh độ phải trong khoảng %(low)s–%(high)s (lãnh thổ Việt Nam).")
        )
        raise DomainError({field: message % {"low": low, "high": high}})
    return number


def check_coordinates(
    latitude: Decimal | float | str | None, longitude: Decimal | float | str | None
) -> tuple[Decimal | None, Decimal | None]:
    """Both or neither, each inside Vietnam's rough bounding box (lat 8–24, lng 102–110)."""
    lat = _coordinate(latitude, field="latitude")
    lng = _coordinate(longitude, field="longitude")
    if (lat is None) != (lng is None):
        field = "longitude" if lng is None else "latitude"
        raise DomainError({field: _("Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai.")})
    return lat, lng


def _save_created(actor: User | None, obj: Model) -> None:
    obj.full_clean()
    obj.save()
    audit.record_change(actor=actor, obj=obj, before=None)


def _apply(
    actor: User | None,
    obj: Model,
    changes: dict[str, Any],
    allowed: frozenset[str],
    derive: Callable[[Any], None] | None = None,
) -> None:
    """Set ``changes`` (only ``allowed`` fields) on ``obj``, recompute derived columns
    (``derive``), save and audit before/after."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    before = audit.snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    if derive is not None:
        derive(obj)
    obj.full_clean()
    obj.save()
    audit.record_change(actor=actor, obj=obj, before=before)


def _clean_location(actor: User | None, values: dict[str, Any]) -> None:
    """Shared fields of every located record: area, address, coordinates (in place)."""
    if "area" in values:
        _check_area(actor, values["area"])
    if "address" in values:
        values["address"] = normalize(values["address"] or "")
    if "latitude" in values or "longitude" in values:
        values["latitude"], values["longitude"] = check_coordinates(
            values.get("latitude"), values.get("longitude")
        )


# --- hotspots and harbouring places ---------------------------------------------------------


def _place_search_text(place: Place) -> None:
    place.search_text = fold(f"{place.name} {place.address}")[:500]


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
    _place_search_text(place)
    _save_created(actor, place)
    _record_event(
        actor=actor,
        place=place,
        on=discovered_on,
        from_status="",
        to_status=Place.Status.DETECTED,
        note="",
    )
    return place


PLACE_EDITABLE = frozenset(
    {"area", "kind", "name", "address", "description", "discovered_on", "latitude", "longitude"}
)


@transaction.atomic
def place_update(
    *, actor: User | None, place: Place, today: date | None = None, **changes: Any
) -> Place:
    """Correct a place's details (``PLACE_EDITABLE``); the status changes only by transition.

    A new discovery date moves the "detected" event with it and may not fall after a later step.
    """
    place = Place.objects.select_for_update(of=("self",)).select_related("area").get(pk=place.pk)
    _require(actor, place.area)
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
    _apply(actor, place, changes, PLACE_EDITABLE, derive=_place_search_text)
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


@transaction.atomic
def place_unlink_person(*, actor: User | None, link: PlacePerson) -> None:
    """Remove a link entered by mistake."""
    _require(actor, link.place.area)
    audit.record_delete(actor=actor, obj=link)
    link.delete()


# --- conditional businesses and inspections -------------------------------------------------


def _business_search_text(business: Business) -> None:
    text = f"{business.name} {business.owner_name} {business.address}"
    business.search_text = fold(text)[:600]


def _clean_business(actor: User | None, values: dict[str, Any]) -> None:
    _clean_location(actor, values)
    if "kind" in values:
        validators.choice(values["kind"], Business.Kind, field="kind")
    if "risk" in values:
        validators.choice(values["risk"], Business.Risk, field="risk")
    if "name" in values:
        values["name"] = validators.required_text(
            values["name"], field="name", message=_("Nhập tên cơ sở.")
        )
    for field in ("owner_name", "licence_number"):
        if field in values:
            values[field] = normalize(values[field] or "")
    if "owner_phone" in values:
        values["owner_phone"] = validators.phone(values["owner_phone"], field="owner_phone")


@transaction.atomic
def business_create(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    name: str,
    address: str = "",
    owner_name: str = "",
    owner_phone: str = "",
    licence_number: str = "",
    licence_date: date | None = None,
    risk: str = Business.Risk.MEDIUM,
    is_active: bool = True,
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    today: date | None = None,
) -> Business:
    """Register a business with conditions on security and order (karaoke, guest house…)."""
    values: dict[str, Any] = {
        "area": area,
        "kind": kind,
        "name": name,
        "address": address,
        "owner_name": owner_name,
        "owner_phone": owner_phone,
        "licence_number": licence_number,
        "risk": risk,
        "latitude": latitude,
        "longitude": longitude,
    }
    _clean_business(actor, values)
    if licence_date is not None:
        _not_future(licence_date, today=today_or(today), field="licence_date")
    business = Business(licence_date=licence_date, is_active=is_active, **values)
    _business_search_text(business)
    _save_created(actor, business)
    return business


BUSINESS_EDITABLE = frozenset(
    {
        "area",
        "kind",
        "name",
        "address",
        "owner_name",
        "owner_phone",
        "licence_number",
        "licence_date",
        "risk",
        "is_active",
        "latitude",
        "longitude",
    }
)


@transaction.atomic
def business_update(
    *, actor: User | None, business: Business, today: date | None = None, **changes: Any
) -> Business:
    business = (
        Business.objects.select_for_update(of=("self",)).select_related("area").get(pk=business.pk)
    )
    _require(actor, business.area)
    _clean_business(actor, changes)
    if changes.get("licence_date") is not None:
        _not_future(changes["licence_date"], today=today_or(today), field="licence_date")
    _apply(actor, business, changes, BUSINESS_EDITABLE, derive=_business_search_text)
    return business


@transaction.atomic
def inspection_record(
    *,
    actor: User | None,
    business: Business,
    inspected_on: date,
    team: str,
    findings: str = "",
    violation: bool = False,
    sanction: str = "",
    fine_vnd: int | None = None,
    suspended_until: date | None = None,
    today: date | None = None,
) -> Inspection:
    """An inspection of a conditional business; keeps ``Business.last_inspected_on`` (the
    "not inspected within N days" list) at the latest inspection date.

    A sanction, a fine or a suspension needs a violation; a suspension ends after the inspection.
    """
    business = (
        Business.objects.select_for_update(of=("self",)).select_related("area").get(pk=business.pk)
    )
    _require(actor, business.area)
    _not_future(inspected_on, today=today_or(today), field="inspected_on")
    sanction = normalize(sanction or "")
    if not violation:
        for field, value in (
            ("sanction", sanction),
            ("fine_vnd", fine_vnd),
            ("suspended_until", suspended_until),
        ):
            if value:
                raise DomainError(
                    {field: _("Chỉ ghi hình thức xử lý, tiền phạt, đình chỉ khi có vi phạm.")}
                )
    if fine_vnd is not None and fine_vnd < 0:
        raise DomainError({"fine_vnd": _("Số tiền phạt không được âm.")})
    if suspended_until is not None and suspended_until <= inspected_on:
        raise DomainError({"suspended_until": _("Ngày hết đình chỉ phải sau ngày kiểm tra.")})
    inspection = Inspection(
        business=business,
        inspected_on=inspected_on,
        team=validators.required_text(team, field="team", message=_("Nhập tổ, đoàn kiểm tra.")),
        findings=(findings or "").strip(),
        violation=violation,
        sanction=sanction,
        fine_vnd=fine_vnd,
        suspended_until=suspended_until,
        recorded_by=actor if actor is not None and actor.pk else None,
    )
    _save_created(actor, inspection)
    if business.last_inspected_on is None or business.last_inspected_on < inspected_on:
        before = audit.snapshot(business)
        business.last_inspected_on = inspected_on
        business.save(update_fields=["last_inspected_on", "updated_at"])
        audit.record_change(actor=actor, obj=business, before=before)
    return inspection


# --- cultivation ----------------------------------------------------------------------------


def _clean_cultivation(actor: User | None, values: dict[str, Any]) -> None:
    _clean_location(actor, values)
    if "plant" in values:
        validators.choice(values["plant"], Cultivation.Plant, field="plant")
    if "site" in values:
        values["site"] = validators.required_text(
            values["site"], field="site", message=_("Nhập vị trí, thửa đất.")
        )
    if "note" in values:
        values["note"] = normalize(values["note"] or "")
    if values.get("plant_count") is not None and values["plant_count"] < 0:
        raise DomainError({"plant_count": _("Số cây không được âm.")})
    if values.get("area_m2") is not None and values["area_m2"] < 0:
        raise DomainError({"area_m2": _("Diện tích không được âm.")})


def _check_size(plant_count: int, area_m2: Decimal) -> None:
    if not plant_count and not area_m2:
        raise DomainError({"plant_count": _("Nhập số cây hoặc diện tích phát hiện.")})


@transaction.atomic
def cultivation_create(
    *,
    actor: User | None,
    area: Area,
    site: str,
    plant: str,
    plant_count: int = 0,
    area_m2: Decimal = Decimal(0),
    discovered_on: date,
    note: str = "",
    address: str = "",
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    today: date | None = None,
) -> Cultivation:
    """Illegal cultivation of drug plants found on ``discovered_on`` (plants and m² counted)."""
    values: dict[str, Any] = {
        "area": area,
        "site": site,
        "plant": plant,
        "plant_count": plant_count or 0,
        "area_m2": area_m2 or Decimal(0),
        "note": note,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
    }
    _clean_cultivation(actor, values)
    _check_size(values["plant_count"], values["area_m2"])
    _not_future(discovered_on, today=today_or(today), field="discovered_on")
    cultivation = Cultivation(discovered_on=discovered_on, **values)
    _save_created(actor, cultivation)
    return cultivation


CULTIVATION_EDITABLE = frozenset(
    {
        "area",
        "site",
        "plant",
        "plant_count",
        "area_m2",
        "discovered_on",
        "note",
        "address",
        "latitude",
        "longitude",
    }
)


@transaction.atomic
def cultivation_update(
    *, actor: User | None, cultivation: Cultivation, today: date | None = None, **changes: Any
) -> Cultivation:
    """Correct the details; the destruction date is set by ``cultivation_destroy``."""
    cultivation = (
        Cultivation.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=cultivation.pk)
    )
    _require(actor, cultivation.area)
    _clean_cultivation(actor, changes)
    _check_size(
        changes.get("plant_count", cultivation.plant_count) or 0,
        changes.get("area_m2", cultivation.area_m2) or Decimal(0),
    )
    if "discovered_on" in changes:
        _not_future(changes["discovered_on"], today=today_or(today), field="discovered_on")
        if cultivation.destroyed_on and changes["discovered_on"] > cultivation.destroyed_on:
            raise DomainError({"discovered_on": _("Ngày phát hiện không thể sau ngày tiêu hủy.")})
    _apply(actor, cultivation, changes, CULTIVATION_EDITABLE)
    return cultivation


@transaction.atomic
def cultivation_destroy(
    *,
    actor: User | None,
    cultivation: Cultivation,
    destroyed_on: date,
    today: date | None = None,
) -> Cultivation:
    """The plants were destroyed (tiêu hủy) on ``destroyed_on``; once only."""
    cultivation = (
        Cultivation.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=cultivation.pk)
    )
    _require(actor, cultivation.area)
    if cultivation.destroyed_on is not None:
        raise InvalidTransition(
            {
                "destroyed_on": _("Đã ghi nhận tiêu hủy ngày %(date)s.")
                % {"date": f"{cultivation.destroyed_on:%d/%m/%Y}"}
            }
        )
    _not_future(destroyed_on, today=today_or(today), field="destroyed_on")
    _not_before(
        destroyed_on, cultivation.discovered_on, field="destroyed_on", what=_("ngày phát hiện")
    )
    _apply(actor, cultivation, {"destroyed_on": destroyed_on}, frozenset({"destroyed_on"}))
    return cultivation


# --- cameras --------------------------------------------------------------------------------


def _clean_camera(actor: User | None, values: dict[str, Any], *, today: date) -> None:
    _clean_location(actor, values)
    if "owner" in values:
        validators.choice(values["owner"], Camera.Owner, field="owner")
    if "status" in values:
        validators.choice(values["status"], Camera.Status, field="status")
    if "location" in values:
        values["location"] = validators.required_text(
            values["location"], field="location", message=_("Nhập vị trí lắp đặt.")
        )
    if values.get("installed_on") is not None:
        _not_future(values["installed_on"], today=today, field="installed_on")


@transaction.atomic
def camera_create(
    *,
    actor: User | None,
    area: Area,
    location: str,
    owner: str,
    status: str = Camera.Status.ACTIVE,
    installed_on: date | None = None,
    address: str = "",
    latitude: Decimal | float | str | None = None,
    longitude: Decimal | float | str | None = None,
    today: date | None = None,
) -> Camera:
    """A security camera at a complex spot (seed 001, III.1), public or a household's."""
    values: dict[str, Any] = {
        "area": area,
        "location": location,
        "owner": owner,
        "status": status,
        "installed_on": installed_on,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
    }
    _clean_camera(actor, values, today=today_or(today))
    camera = Camera(**values)
    _save_created(actor, camera)
    return camera


CAMERA_EDITABLE = frozenset(
    {"area", "location", "owner", "status", "installed_on", "address", "latitude", "longitude"}
)


@transaction.atomic
def camera_update(
    *, actor: User | None, camera: Camera, today: date | None = None, **changes: Any
) -> Camera:
    """Correct a camera or change its status (active, broken, removed)."""
    camera = Camera.objects.select_for_update(of=("self",)).select_related("area").get(pk=camera.pk)
    _require(actor, camera.area)
    _clean_camera(actor, changes, today=today_or(today))
    _apply(actor, camera, changes, CAMERA_EDITABLE)
    return camera


# --- tip boxes and hotline boards of residential groups -------------------------------------


@transaction.atomic
def facility_check_record(
    *,
    actor: User | None,
    area: Area,
    checked_on: date,
    has_tip_box: bool,
    has_hotline_board: bool,
    note: str = "",
    today: date | None = None,
) -> GroupFacilityCheck:
    """What a residential group has on ``checked_on``: a tip box (hòm thư tố giác) and a public
    board with the hotline numbers (seed 001, III.1: every group has both).

    One check per group and day: a second entry the same day corrects the first.
    """
    _check_area(actor, area)
    if area.level != Level.GROUP:
        raise DomainError({"area": _("Chọn một tổ dân phố, thôn (không phải xã, phường).")})
    _not_future(checked_on, today=today_or(today), field="checked_on")
    existing = (
        GroupFacilityCheck.objects.select_for_update()
        .filter(area=area, checked_on=checked_on)
        .first()
    )
    before = audit.snapshot(existing) if existing is not None else None
    check = existing or GroupFacilityCheck(area=area, checked_on=checked_on)
    check.has_tip_box = has_tip_box
    check.has_hotline_board = has_hotline_board
    check.note = normalize(note or "")
    check.recorded_by = actor if actor is not None and actor.pk else None
    check.full_clean()
    check.save()
    audit.record_change(actor=actor, obj=check, before=before)
    return check
