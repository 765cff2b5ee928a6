"""Writes to the tree itself: creating, updating, renaming and merging areas."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import (
    Area,
    AreaChange,
    Level,
)
from khongmatuy.areas.rules.naming import sort_key_for
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold, normalize

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
from khongmatuy.areas.services.checks import (
    check_code_free,
    check_facts,
    check_kind,
    check_name,
    check_name_free,
    check_parent,
)

# --- the tree -------------------------------------------------------------------------------


def _place(area: Area, parent: Area | None) -> None:
    """Set level, province and commune of ``area`` from its parent (denormalised for scoping).

    A province's own ``province`` and a commune's own ``commune`` point at the row itself; they
    are set by ``_set_self_references`` once the row has a primary key.
    """
    area.parent = parent
    if parent is None:
        area.level = Level.COUNTRY
        area.province = None
        area.commune = None
        return
    area.level = parent.level + 1
    if area.level == Level.PROVINCE:
        area.province, area.commune = None, None
    elif area.level == Level.COMMUNE:
        area.province_id, area.commune = parent.province_id or parent.pk, None
    else:
        area.province_id = parent.province_id
        area.commune_id = parent.commune_id or parent.pk


def _set_self_references(area: Area) -> None:
    if area.level == Level.PROVINCE and area.province_id != area.pk:
        area.province_id = area.pk
        area.save(update_fields=["province"])
    elif area.level == Level.COMMUNE and area.commune_id != area.pk:
        area.commune_id = area.pk
        area.save(update_fields=["commune"])


def insert_area(
    *,
    actor: User | None,
    parent: Area | None,
    name: str,
    kind: str,
    code: str = "",
    area_km2: Decimal | None = None,
    valid_from: date | None = None,
    is_active: bool = True,
    name_checked: bool = False,
) -> Area:
    """Validate and insert one area. ``name_checked``: the caller already checked the name."""
    name, code = normalize(name), code.strip()
    check_name(name)
    check_parent(parent)
    area = Area(
        name=name,
        kind=kind,
        code=code,
        area_km2=area_km2,
        valid_from=valid_from,
        is_active=is_active,
    )
    _place(area, parent)
    check_kind(area.level, kind)
    if is_active and not name_checked:
        check_name_free(parent, name)
    check_code_free(area.level, code)
    check_facts(area_km2=area_km2, valid_from=valid_from, valid_until=None)
    area.name_folded = fold(name)
    area.sort_key = sort_key_for(name)
    # The constraints were checked above with Vietnamese messages; full_clean checks the fields.
    area.full_clean(exclude=["province", "commune"], validate_constraints=False)
    area.save()
    _set_self_references(area)
    audit.record_change(actor=actor, obj=area, before=None)
    return area


@transaction.atomic
def area_create(
    *,
    actor: User | None,
    parent: Area | None,
    name: str,
    kind: str,
    code: str = "",
    area_km2: Decimal | None = None,
    valid_from: date | None = None,
    is_active: bool = True,
) -> Area:
    """Add a node below ``parent`` (None: the country). Level and ancestors follow the parent."""
    if parent is not None:
        # Lock the parent so two concurrent creates cannot both pass the name check.
        parent = Area.objects.select_for_update().get(pk=parent.pk)
    return insert_area(
        actor=actor,
        parent=parent,
        name=name,
        kind=kind,
        code=code,
        area_km2=area_km2,
        valid_from=valid_from,
        is_active=is_active,
    )


@transaction.atomic
def area_update(
    *,
    actor: User | None,
    area: Area,
    kind: str,
    code: str,
    area_km2: Decimal | None,
    valid_from: date | None,
    version: int | None = None,
) -> Area:
    """Edit the facts of an area. A new name goes through ``area_rename`` (it keeps history).

    ``version``: the one the edit form was read at (``audit.version_check``)."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    yours = {"kind": kind, "code": code, "area_km2": area_km2, "valid_from": valid_from}
    audit.version_check(area, version, yours=yours)
    before = audit.snapshot(area)
    code = code.strip()
    check_kind(area.level, kind)
    check_code_free(area.level, code, exclude_pk=area.pk)
    check_facts(area_km2=area_km2, valid_from=valid_from, valid_until=area.valid_until)
    area.kind, area.code, area.area_km2, area.valid_from = kind, code, area_km2, valid_from
    area.full_clean(exclude=["province", "commune"], validate_constraints=False)
    area.save(update_fields=["kind", "code", "area_km2", "valid_from", "updated_at"])
    audit.record_change(actor=actor, obj=area, before=before)
    return area


@transaction.atomic
def area_rename(
    *, actor: User | None, area: Area, new_name: str, effective_on: date, legal_basis: str = ""
) -> Area:
    """Rename an area from ``effective_on``; the old name stays in an ``AreaChange`` row."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    new_name = normalize(new_name)
    check_name(new_name, field="new_name")
    if not area.is_active:
        raise DomainError({"new_name": _("Không thể đổi tên địa bàn đã giải thể hoặc sáp nhập.")})
    if new_name == area.name:
        raise DomainError({"new_name": _("Tên mới trùng với tên hiện tại.")})
    check_name_free(area.parent, new_name, exclude_pk=area.pk, field="new_name")
    before = audit.snapshot(area)
    change = AreaChange(
        area=area,
        kind=AreaChange.ChangeKind.RENAME,
        effective_on=effective_on,
        old_name=area.name,
        new_name=new_name,
        legal_basis=normalize(legal_basis),
    )
    change.full_clean()
    change.save()
    area.name, area.name_folded, area.sort_key = new_name, fold(new_name), sort_key_for(new_name)
    area.save(update_fields=["name", "name_folded", "sort_key", "updated_at"])
    audit.record_change(actor=actor, obj=change, before=None)
    audit.record_change(actor=actor, obj=area, before=before)
    return area


def _move_into_scope_of(row: Area, *, successor: Area) -> None:
    """Give ``row`` the ancestors that put it in ``successor``'s scope (level of the merge)."""
    if successor.level == Level.PROVINCE:
        row.province_id = successor.pk
    elif successor.level == Level.COMMUNE:
        row.province_id, row.commune_id = successor.province_id, successor.pk
    else:
        row.province_id, row.commune_id = successor.province_id, successor.commune_id


def _rows_below(former: Area) -> list[Area]:
    """Every area in the scope of ``former`` other than itself, locked for the move."""
    if former.level == Level.PROVINCE:
        qs = Area.objects.filter(province_id=former.pk)
    elif former.level == Level.COMMUNE:
        qs = Area.objects.filter(commune_id=former.pk)
    else:
        return []
    return list(qs.exclude(pk=former.pk).select_for_update().order_by("pk"))


@transaction.atomic
def area_merge(
    *,
    actor: User | None,
    predecessors: Sequence[Area],
    successor: Area,
    effective_on: date,
    legal_basis: str = "",
) -> Area:
    """Record that ``predecessors`` were merged into ``successor`` on ``effective_on``.

    The former units stay as inactive rows (valid until the day before) so that their history
    remains readable; they and everything below them move into the successor's scope, so the
    successor's officers keep reading the records that belonged to them. Each moved row is
    audited; the records that hang off those rows (figures, organisations, later people) follow
    without being rewritten, because scoping reads the ancestors of their area.
    """
    if not predecessors:
        raise DomainError({"predecessors": _("Chọn ít nhất một địa bàn bị sáp nhập.")})
    successor = Area.objects.select_for_update().get(pk=successor.pk)
    if not successor.is_active:
        raise DomainError(
            {
                "__all__": _("“%(name)s” đã giải thể hoặc sáp nhập, không thể nhận sáp nhập.")
                % {"name": successor.name}
            }
        )
    if successor.level == Level.COUNTRY:
        raise DomainError({"__all__": _("Không thể sáp nhập vào cấp quốc gia.")})
    olds = list(
        Area.objects.select_for_update()
        .filter(pk__in={a.pk for a in predecessors})
        .order_by("sort_key", "pk")
    )
    if effective_on <= date.min:
        raise DomainError({"effective_on": _("Ngày hiệu lực không hợp lệ.")})
    valid_until = effective_on - timedelta(days=1)
    for old in olds:
        if old.pk == successor.pk:
            raise DomainError({"predecessors": _("Không thể sáp nhập một địa bàn vào chính nó.")})
        if old.level != successor.level:
            raise DomainError(
                {
                    "predecessors": _("“%(name)s” không cùng cấp với địa bàn nhận sáp nhập.")
                    % {"name": old.name}
                }
            )
        if not old.is_active:
            raise DomainError(
                {
                    "predecessors": _("“%(name)s” đã giải thể hoặc sáp nhập trước đó.")
                    % {"name": old.name}
                }
            )
        if old.valid_from is not None and old.valid_from > valid_until:
            raise DomainError(
                {
                    "effective_on": _(
                        "Ngày hiệu lực phải sau ngày “%(name)s” bắt đầu hiệu lực (%(d)s)."
                    )
                    % {"name": old.name, "d": f"{old.valid_from:%d/%m/%Y}"}
                }
            )
    for old in olds:
        before = audit.snapshot(old)
        old.is_active = False
        old.valid_until = valid_until
        _move_into_scope_of(old, successor=successor)
        old.full_clean(exclude=["province", "commune"], validate_constraints=False)
        old.save(update_fields=["is_active", "valid_until", "province", "commune", "updated_at"])
        change = AreaChange(
            area=successor,
            predecessor=old,
            kind=AreaChange.ChangeKind.MERGE,
            effective_on=effective_on,
            old_name=old.name,
            new_name=successor.name,
            legal_basis=normalize(legal_basis),
        )
        change.full_clean()
        change.save()
        audit.record_change(actor=actor, obj=old, before=before)
        audit.record_change(actor=actor, obj=change, before=None)
        for row in _rows_below(old):
            row_before = audit.snapshot(row)
            _move_into_scope_of(row, successor=successor)
            row.save(update_fields=["province", "commune", "updated_at"])
            audit.record_change(
                actor=actor, obj=row, before=row_before, note=_("Chuyển phạm vi do sáp nhập")
            )
    return successor
