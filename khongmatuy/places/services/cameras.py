"""Cameras, and the tip boxes and hotline boards of residential groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import normalize

from ..models import (
    Camera,
    GroupFacilityCheck,
)
from .checks import (
    _apply,
    _check_area,
    _clean_location,
    _not_future,
    _require,
    _save_created,
)


def _camera_derived(camera: Camera) -> None:
    """The location in Vietnamese order, for the camera list."""
    camera.location_sort = text_sort_string(camera.location)


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
    """A security camera at a complex spot (Gia Viên ward plan for the drug-free residential
    group model, III.1), public or a household's."""
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
    _camera_derived(camera)
    _save_created(actor, camera)
    return camera


CAMERA_EDITABLE = frozenset(Camera.EDITABLE_FIELDS)


@transaction.atomic
def camera_update(
    *,
    actor: User | None,
    camera: Camera,
    today: date | None = None,
    version: int | None = None,
    **changes: Any,
) -> Camera:
    """Correct a camera or change its status (active, broken, removed)."""
    camera = Camera.objects.select_for_update(of=("self",)).select_related("area").get(pk=camera.pk)
    _require(actor, camera.area)
    audit.version_check(camera, version, yours=changes)
    _clean_camera(actor, changes, today=today_or(today))
    _apply(actor, camera, changes, CAMERA_EDITABLE, derive=_camera_derived)
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
    board with the hotline numbers (Gia Viên ward plan for the drug-free
    residential group model, III.1: every group has both).

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
