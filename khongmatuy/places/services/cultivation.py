"""Cultivation of plants containing narcotic substances: found, edited, destroyed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError, InvalidTransition
from khongmatuy.common.text import normalize

from ..models import (
    Cultivation,
)
from .checks import (
    _apply,
    _clean_location,
    _not_before,
    _not_future,
    _require,
    _save_created,
)


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


CULTIVATION_EDITABLE = frozenset(Cultivation.EDITABLE_FIELDS)


@transaction.atomic
def cultivation_update(
    *,
    actor: User | None,
    cultivation: Cultivation,
    today: date | None = None,
    version: int | None = None,
    **changes: Any,
) -> Cultivation:
    """Correct the details; the destruction date is set by ``cultivation_destroy``."""
    cultivation = (
        Cultivation.objects.select_for_update(of=("self",))
        .select_related("area")
        .get(pk=cultivation.pk)
    )
    _require(actor, cultivation.area)
    audit.version_check(cultivation, version, yours=changes)
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
