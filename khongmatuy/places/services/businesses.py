"""Conditional businesses and their inspections."""

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
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.dates import today_or
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold, normalize

from ..models import (
    Business,
    Inspection,
)
from .checks import (
    _apply,
    _clean_location,
    _not_future,
    _require,
    _save_created,
)


def _business_derived(business: Business) -> None:
    """The columns kept from the name, owner and address: folded search text and Vietnamese
    order of the name."""
    text = f"{business.name} {business.owner_name} {business.address}"
    business.search_text = fold(text)[:600]
    business.name_sort = text_sort_string(business.name)


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
    _business_derived(business)
    _save_created(actor, business)
    return business


BUSINESS_EDITABLE = frozenset(Business.EDITABLE_FIELDS)


@transaction.atomic
def business_update(
    *,
    actor: User | None,
    business: Business,
    today: date | None = None,
    version: int | None = None,
    **changes: Any,
) -> Business:
    business = (
        Business.objects.select_for_update(of=("self",)).select_related("area").get(pk=business.pk)
    )
    _require(actor, business.area)
    audit.version_check(business, version, yours=changes)
    _clean_business(actor, changes)
    if changes.get("licence_date") is not None:
        _not_future(changes["licence_date"], today=today_or(today), field="licence_date")
    _apply(actor, business, changes, BUSINESS_EDITABLE, derive=_business_derived)
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
