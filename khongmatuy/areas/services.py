"""Every write to the area tree. Each function is one transaction and audits itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.text import fold, normalize

from .models import KINDS_BY_LEVEL, Area, AreaChange, AreaFigure, Level, Organisation
from .naming import sort_key_for


class AreaError(ValidationError):
    """A refused change to the tree, with a message meant for the user."""


def _place(area: Area, parent: Area | None) -> None:
    """Set level, province and commune of ``area`` from its parent (denormalised for scoping)."""
    area.parent = parent
    if parent is None:
        area.level = Level.COUNTRY
        area.province = None
        area.commune = None
        return
    area.level = parent.level + 1
    if area.level == Level.PROVINCE:
        area.province, area.commune = None, None  # set to itself after the first save
    elif area.level == Level.COMMUNE:
        area.province_id, area.commune = parent.pk, None
    else:
        area.province_id, area.commune_id = parent.province_id, parent.pk


def _set_self_references(area: Area) -> None:
    if area.level == Level.PROVINCE and area.province_id != area.pk:
        area.province_id = area.pk
        area.save(update_fields=["province"])
    elif area.level == Level.COMMUNE and area.commune_id != area.pk:
        area.commune_id = area.pk
        area.save(update_fields=["commune"])


def _check_kind(level: int, kind: str) -> None:
    if kind not in KINDS_BY_LEVEL.get(level, ()):
        raise AreaError({"kind": _("Loại địa bàn không phù hợp với cấp của địa bàn.")})


def _check_name_free(parent: Area | None, name: str, *, exclude_pk: int | None = None) -> None:
    qs = Area.objects.filter(parent=parent, is_active=True, name_folded=fold(name))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise AreaError({"name": _("Đã có địa bàn tên “%(name)s” trong %(parent)s.") % {
            "name": name, "parent": parent}})


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
    name = normalize(name)
    area = Area(name=name, kind=kind, code=code.strip(), area_km2=area_km2, valid_from=valid_from,
                is_active=is_active)
    _place(area, parent)
    _check_kind(area.level, kind)
    if is_active:
        _check_name_free(parent, name)
    area.name_folded = fold(name)
    area.sort_key = sort_key_for(name)
    area.full_clean(exclude=["province", "commune"])
    area.save()
    _set_self_references(area)
    audit.record_change(actor=actor, obj=area, before=None)
    return area


@transaction.atomic
def area_update(
    *,
    actor: User,
    area: Area,
    kind: str,
    code: str,
    area_km2: Decimal | None,
    valid_from: date | None,
) -> Area:
    """Edit the facts of an area. A new name goes through ``area_rename`` (it keeps history)."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    before = audit.snapshot(area)
    _check_kind(area.level, kind)
    area.kind, area.code, area.area_km2, area.valid_from = kind, code.strip(), area_km2, valid_from
    area.full_clean(exclude=["province", "commune"])
    area.save()
    audit.record_change(actor=actor, obj=area, before=before)
    return area


@transaction.atomic
def area_rename(
    *, actor: User, area: Area, new_name: str, effective_on: date, legal_basis: str = ""
) -> Area:
    area = Area.objects.select_for_update().get(pk=area.pk)
    new_name = normalize(new_name)
    if not new_name:
        raise AreaError({"new_name": _("Tên mới không được để trống.")})
    if new_name == area.name:
        raise AreaError({"new_name": _("Tên mới trùng với tên hiện tại.")})
    _check_name_free(area.parent, new_name, exclude_pk=area.pk)
    before = audit.snapshot(area)
    change = AreaChange(
        area=area,
        kind=AreaChange.ChangeKind.RENAME,
        effective_on=effective_on,
        old_name=area.name,
        new_name=new_name,
        legal_basis=legal_basis.strip(),
    )
    change.full_clean()
    change.save()
    area.name, area.name_folded, area.sort_key = new_name, fold(new_name), sort_key_for(new_name)
    area.save(update_fields=["name", "name_folded", "sort_key", "updated_at"])
    audit.record_change(actor=actor, obj=change, before=None)
    audit.record_change(actor=actor, obj=area, before=before)
    return area


@transaction.atomic
def area_merge(
    *,
    actor: User,
    predecessors: Sequence[Area],
    successor: Area,
    effective_on: date,
    legal_basis: str = "",
) -> Area:
    """Record that ``predecessors`` were merged into ``successor`` on ``effective_on``.

    The former units stay as inactive rows so that their history remains readable; they (and
    everything below them) move into the successor's commune scope, so the successor's officers
    keep reading the records that belonged to them.
    """
    if not predecessors:
        raise AreaError({"predecessors": _("Chọn ít nhất một địa bàn bị sáp nhập.")})
    for old in predecessors:
        if old.pk == successor.pk:
            raise AreaError({"predecessors": _("Không thể sáp nhập một địa bàn vào chính nó.")})
        if old.level != successor.level:
            raise AreaError({"predecessors": _("“%(name)s” không cùng cấp với địa bàn nhận sáp nhập.")
                             % {"name": old.name}})
    for old in Area.objects.select_for_update().filter(pk__in=[a.pk for a in predecessors]):
        before = audit.snapshot(old)
        old.is_active = False
        old.valid_until = effective_on - timedelta(days=1)
        old.full_clean(exclude=["province", "commune"])
        old.save(update_fields=["is_active", "valid_until", "updated_at"])
        change = AreaChange(
            area=successor,
            predecessor=old,
            kind=AreaChange.ChangeKind.MERGE,
            effective_on=effective_on,
            old_name=old.name,
            new_name=successor.name,
            legal_basis=legal_basis.strip(),
        )
        change.full_clean()
        change.save()
        audit.record_change(actor=actor, obj=old, before=before)
        audit.record_change(actor=actor, obj=change, before=None)
        if old.level == Level.COMMUNE:
            _rehome_below_commune(actor=actor, former=old, successor=successor)
    return successor


def _rehome_below_commune(*, actor: User, former: Area, successor: Area) -> None:
    """Put a former commune and its groups under the successor's scope, audited row by row."""
    rows = list(Area.objects.select_for_update().filter(commune_id=former.pk))
    for row in rows:
        before = audit.snapshot(row)
        row.commune_id = successor.pk
        row.province_id = successor.province_id
        row.save(update_fields=["commune", "province", "updated_at"])
        audit.record_change(actor=actor, obj=row, before=before, note=_("Chuyển phạm vi do sáp nhập"))


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    population: int | None = None
    households: int | None = None
    as_of: date | None = None


@transaction.atomic
def groups_create(
    *, actor: User, commune: Area, specs: Sequence[GroupSpec], source: str = ""
) -> list[Area]:
    """Create residential groups under a commune, all or none (form, bulk add, .xlsx import)."""
    if commune.level != Level.COMMUNE:
        raise AreaError({"__all__": _("Tổ dân phố, thôn chỉ được tạo trong xã, phường, đặc khu.")})
    seen: set[str] = set()
    errors: list[str] = []
    existing = set(
        Area.objects.filter(parent=commune, is_active=True).values_list("name_folded", flat=True)
    )
    for spec in specs:
        key = fold(spec.name)
        if key in existing:
            errors.append(_("“%(name)s” đã có trong %(commune)s.") % {"name": spec.name, "commune": commune})
        elif key in seen:
            errors.append(_("“%(name)s” bị lặp lại.") % {"name": spec.name})
        seen.add(key)
    if errors:
        raise AreaError({"__all__": errors})
    created = []
    for spec in specs:
        group = area_create(actor=actor, parent=commune, name=spec.name, kind=spec.kind)
        if spec.population is not None and spec.households is not None and spec.as_of is not None:
            figure_set(
                actor=actor,
                area=group,
                as_of=spec.as_of,
                population=spec.population,
                households=spec.households,
                source=source,
            )
        created.append(group)
    return created


def numbered_group_names(*, prefix: str, first: int, last: int) -> list[str]:
    """"Tổ" 1..73 gives "Tổ 1" … "Tổ 73"."""
    return [f"{normalize(prefix)} {n}" for n in range(first, last + 1)]


@transaction.atomic
def figure_set(
    *,
    actor: User | None,
    area: Area,
    as_of: date,
    population: int,
    households: int,
    source: str = "",
) -> AreaFigure:
    """Record (or correct) the population and households of an area at a date."""
    figure = AreaFigure.objects.select_for_update().filter(area=area, as_of=as_of).first()
    before = audit.snapshot(figure) if figure is not None else None
    if figure is None:
        figure = AreaFigure(area=area, as_of=as_of)
    figure.population, figure.households, figure.source = population, households, source.strip()
    figure.full_clean(exclude=["is_current"], validate_constraints=False)
    if households > population:
        raise AreaError({"households": _("Số hộ không thể lớn hơn dân số.")})
    latest = AreaFigure.objects.filter(area=area).exclude(pk=figure.pk).order_by("-as_of").first()
    figure.is_current = latest is None or latest.as_of < as_of
    if figure.is_current and latest is not None and latest.is_current:
        AreaFigure.objects.filter(pk=latest.pk).update(is_current=False)
    figure.save()
    audit.record_change(actor=actor, obj=figure, before=before)
    return figure


@transaction.atomic
def organisation_save(
    *,
    actor: User,
    organisation: Organisation | None,
    area: Area,
    kind: str,
    name: str,
    address: str = "",
    head_name: str = "",
    phone: str = "",
    member_count: int | None = None,
    is_active: bool = True,
) -> Organisation:
    """Create (``organisation`` None) or update an organisation located in ``area``."""
    before = None
    if organisation is None:
        organisation = Organisation()
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = audit.snapshot(organisation)
    name = normalize(name)
    organisation.area, organisation.kind, organisation.name = area, kind, name
    organisation.name_folded = fold(name)
    organisation.address, organisation.head_name = normalize(address), normalize(head_name)
    organisation.phone, organisation.member_count = phone.strip(), member_count
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save()
    audit.record_change(actor=actor, obj=organisation, before=before)
    return organisation
