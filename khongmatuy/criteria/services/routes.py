"""Writes of key drug routes (tuyến trọng điểm phức tạp về ma túy, Quyết định 28/2025/QĐ-TTg):
the province records a route, the communes of its territory the route passes through, and the
dates it is in force. Criterion (đ) of a commune hotspot reads them (``facts.on_key_route``).

Keyword-only, one transaction, ``full_clean`` before saving, audited with the communes listed.
Refusals are ``DomainError`` keyed by the form field, all checked before the first write. A user
needs ``KEY_ROUTES`` and must see the recording province (the provincial police records its
routes; a ward officer reads those through the ward).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability
from khongmatuy.common.scoping import scope_for
from khongmatuy.common.text import normalize
from khongmatuy.criteria.models import KeyRoute
from khongmatuy.criteria.services.access import require

MAX_COMMUNES = 500


def _check(
    *,
    actor: User | None,
    name: str,
    kind: str,
    province: Area | None,
    communes: list[Area],
    valid_from: date | None,
    valid_to: date | None,
) -> tuple[str, Area, date]:
    """Every refusal at once; the normalised name, the province and the start date."""
    errors: Errors = {}
    name = normalize(name or "")
    if not name:
        add_error(errors, "name", _("Nhập tên tuyến."))
    elif len(name) > 200:
        add_error(errors, "name", _("Tên tuyến tối đa 200 ký tự."))
    if kind not in KeyRoute.Kind.values:
        add_error(errors, "kind", _("Chọn loại tuyến: nội tỉnh hoặc liên tỉnh."))
    if province is None or province.level != Level.PROVINCE:
        add_error(errors, "province", _("Chọn tỉnh, thành phố ghi nhận tuyến."))
    elif actor is not None and not scope_for(actor).contains(province):
        add_error(
            errors, "province", _("Chỉ ghi nhận tuyến của tỉnh, thành phố bạn được giao quản lý.")
        )
    if not communes:
        add_error(errors, "communes", _("Chọn ít nhất một xã, phường, đặc khu tuyến đi qua."))
    elif len(communes) > MAX_COMMUNES:
        add_error(errors, "communes", _("Tối đa %(n)s xã, phường, đặc khu.") % {"n": MAX_COMMUNES})
    elif province is not None:
        outside = [
            c.name for c in communes if c.level != Level.COMMUNE or c.province_id != province.pk
        ]
        if outside:
            add_error(
                errors,
                "communes",
                _("%(names)s không phải xã, phường, đặc khu của %(province)s.")
                % {"names": ", ".join(outside), "province": province.name},
            )
    if valid_from is None:
        add_error(errors, "valid_from", _("Nhập ngày tuyến bắt đầu được xác định."))
    elif valid_to is not None and valid_to < valid_from:
        add_error(errors, "valid_to", _("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
    raise_if(errors)
    if province is None or valid_from is None:  # refused above
        raise DomainError(errors)
    return name, province, valid_from


def _after(route: KeyRoute, communes: Iterable[Area]) -> audit.Snapshot:
    return audit.snapshot(route) | {"communes": sorted(c.pk for c in communes)}


@transaction.atomic
def key_route_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    province: Area | None,
    axis: str = "",
    communes: Iterable[Area],
    valid_from: date | None,
    valid_to: date | None = None,
) -> KeyRoute:
    """Record a key route of ``province`` through ``communes`` (all of that province)."""
    require(actor, Capability.KEY_ROUTES)
    chosen = list({c.pk: c for c in communes}.values())
    clean_name, province, valid_from = _check(
        actor=actor,
        name=name,
        kind=kind,
        province=province,
        communes=chosen,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    route = KeyRoute(
        name=clean_name,
        sort_key=text_sort_string(clean_name),
        kind=kind,
        province=province,
        axis=normalize(axis or "")[:500],
        valid_from=valid_from,
        valid_to=valid_to,
    )
    route.full_clean(exclude=["communes"])
    route.save()
    route.communes.set(chosen)
    audit.record(
        actor=actor, action=AuditEvent.Action.CREATE, obj=route, after=_after(route, chosen)
    )
    return route


@transaction.atomic
def key_route_update(
    *,
    actor: User | None,
    route: KeyRoute,
    name: str,
    kind: str,
    province: Area | None,
    axis: str = "",
    communes: Iterable[Area],
    valid_from: date | None,
    valid_to: date | None = None,
    version: int | None = None,
) -> KeyRoute:
    """Correct a recorded route (a route that stops being one gets its end date, not deleted).

    ``version``: the one the edit form was read at (``audit.version_check``)."""
    require(actor, Capability.KEY_ROUTES)
    route = KeyRoute.objects.select_for_update().get(pk=route.pk)
    yours: dict[str, Any] = {"name": name, "kind": kind, "province": province, "axis": axis}
    yours |= {"communes": communes, "valid_from": valid_from, "valid_to": valid_to}
    audit.version_check(route, version, yours=yours)
    if actor is not None and not scope_for(actor).contains(route.province):
        raise_if({"province": [_("Chỉ sửa tuyến của tỉnh, thành phố bạn được giao quản lý.")]})
    chosen = list({c.pk: c for c in communes}.values())
    clean_name, province, valid_from = _check(
        actor=actor,
        name=name,
        kind=kind,
        province=province,
        communes=chosen,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    before = _after(route, route.communes.all())
    route.name = clean_name
    route.sort_key = text_sort_string(clean_name)
    route.kind = kind
    route.province = province
    route.axis = normalize(axis or "")[:500]
    route.valid_from = valid_from
    route.valid_to = valid_to
    route.full_clean(exclude=["communes"])
    route.save()
    route.communes.set(chosen)
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=route,
        before=before,
        after=_after(route, chosen),
    )
    return route
