"""Checks shared by every write of the places app (no writes here, except the two save steps
every write ends with)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common.access import require_in_scope
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize

# Vietnam's rough bounding box (mainland and islands): a typo in a coordinate is caught here.
LAT_RANGE = (Decimal(8), Decimal(24))
LNG_RANGE = (Decimal(102), Decimal(110))
_SIX_PLACES = Decimal("0.000001")


def _require(actor: User | None, area: Area) -> None:
    """The actor may write places (``MANAGE_PLACES``) and sees ``area``."""
    require_in_scope(actor, Capability.MANAGE_PLACES, area=area)


def check_area_open(area: Area, *, field: str = "area") -> None:
    """``area`` is active and a commune or a residential group (a tip or a place is filed there)."""
    if not area.is_active:
        raise DomainError({field: _("Địa bàn %(area)s không còn hoạt động.") % {"area": area}})
    if area.level < Level.COMMUNE:
        raise DomainError({field: _("Chọn một xã, phường hoặc tổ dân phố, thôn.")})


def _check_area(actor: User | None, area: Area, *, field: str = "area") -> None:
    _require(actor, area)
    check_area_open(area, field=field)


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
