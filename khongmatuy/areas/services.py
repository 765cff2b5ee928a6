"""Every write to the area tree. Each function is one transaction and audits itself.

Refusals are ``AreaError`` (a ``ValidationError``) keyed by the name of the input that caused
them, with a Vietnamese message, so that a view can put them next to the right form field. Every
check runs before the first write, so a refused call leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from khongmatuy.audit import services as audit
from khongmatuy.common.text import fold, normalize

from .models import KINDS_BY_LEVEL, Area, AreaChange, AreaFigure, Level, Organisation
from .naming import sort_key_for

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User

# Upper bounds of an entered resident figure: above any province of Viet Nam (the country's total
# is summed from its units, never typed in) and well inside PostgreSQL's integer column, so a typo
# is refused with a message instead of overflowing.
MAX_POPULATION = 50_000_000
MAX_HOUSEHOLDS = 20_000_000
NAME_MAX_LENGTH = 150

_PHONE_CHARS = frozenset("0123456789+-.() ")


class AreaError(ValidationError):
    """A refused change to the tree, with a message meant for the user."""


# --- checks (no writes) ---------------------------------------------------------------------


def _check_name(name: str, *, field: str = "name") -> None:
    if not name:
        raise AreaError({field: _("Tên địa bàn không được để trống.")})
    if len(name) > NAME_MAX_LENGTH:
        raise AreaError({field: _("Tên dài quá %(n)s ký tự.") % {"n": NAME_MAX_LENGTH}})


def _check_parent(parent: Area | None) -> None:
    if parent is None:
        return
    if parent.level >= Level.GROUP:
        raise AreaError({"parent": _("Không thể tạo địa bàn trực thuộc tổ dân phố, thôn.")})
    if not parent.is_active:
        raise AreaError(
            {
                "parent": _("“%(name)s” đã giải thể hoặc sáp nhập, không thể thêm địa bàn vào.")
                % {"name": parent.name}
            }
        )


def _check_kind(level: int, kind: str) -> None:
    if kind not in KINDS_BY_LEVEL.get(level, ()):
        raise AreaError({"kind": _("Loại địa bàn không phù hợp với cấp của địa bàn.")})


def _check_name_free(
    parent: Area | None, name: str, *, exclude_pk: int | None = None, field: str = "name"
) -> None:
    """Names are unique among the active children of a parent, ignoring case and diacritics."""
    qs = Area.objects.filter(parent=parent, is_active=True, name_folded=fold(name))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        where = parent.name if parent is not None else _("cấp quốc gia")
        raise AreaError(
            {
                field: _("Đã có địa bàn tên “%(name)s” trong %(parent)s.")
                % {"name": name, "parent": where}
            }
        )


def _check_code_free(level: int, code: str, *, exclude_pk: int | None = None) -> None:
    """Official codes are unique per level. The holder is not named: it may be out of scope."""
    if not code:
        return
    qs = Area.objects.filter(level=level, code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise AreaError(
            {
                "code": _("Mã “%(code)s” đã được dùng cho một địa bàn khác cùng cấp.")
                % {"code": code}
            }
        )


def _check_facts(
    *, area_km2: Decimal | None, valid_from: date | None, valid_until: date | None
) -> None:
    if area_km2 is not None and area_km2 < 0:
        raise AreaError({"area_km2": _("Diện tích không được âm.")})
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise AreaError(
            {
                "valid_from": _("Ngày bắt đầu hiệu lực phải trước ngày hết hiệu lực (%(until)s).")
                % {"until": f"{valid_until:%d/%m/%Y}"}
            }
        )


def _check_figures(*, population: int, households: int) -> None:
    if not 0 <= population <= MAX_POPULATION:
        raise AreaError(
            {
                "population": _("Dân số phải từ 0 đến %(max)s.")
                % {"max": number_format(MAX_POPULATION, force_grouping=True)}
            }
        )
    if not 0 <= households <= MAX_HOUSEHOLDS:
        raise AreaError(
            {
                "households": _("Số hộ phải từ 0 đến %(max)s.")
                % {"max": number_format(MAX_HOUSEHOLDS, force_grouping=True)}
            }
        )
    if households > population:
        raise AreaError({"households": _("Số hộ không thể lớn hơn dân số.")})


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


def _insert_area(
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
    _check_name(name)
    _check_parent(parent)
    area = Area(
        name=name,
        kind=kind,
        code=code,
        area_km2=area_km2,
        valid_from=valid_from,
        is_active=is_active,
    )
    _place(area, parent)
    _check_kind(area.level, kind)
    if is_active and not name_checked:
        _check_name_free(parent, name)
    _check_code_free(area.level, code)
    _check_facts(area_km2=area_km2, valid_from=valid_from, valid_until=None)
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
    return _insert_area(
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
) -> Area:
    """Edit the facts of an area. A new name goes through ``area_rename`` (it keeps history)."""
    area = Area.objects.select_for_update().get(pk=area.pk)
    before = audit.snapshot(area)
    code = code.strip()
    _check_kind(area.level, kind)
    _check_code_free(area.level, code, exclude_pk=area.pk)
    _check_facts(area_km2=area_km2, valid_from=valid_from, valid_until=area.valid_until)
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
    _check_name(new_name, field="new_name")
    if not area.is_active:
        raise AreaError({"new_name": _("Không thể đổi tên địa bàn đã giải thể hoặc sáp nhập.")})
    if new_name == area.name:
        raise AreaError({"new_name": _("Tên mới trùng với tên hiện tại.")})
    _check_name_free(area.parent, new_name, exclude_pk=area.pk, field="new_name")
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
        raise AreaError({"predecessors": _("Chọn ít nhất một địa bàn bị sáp nhập.")})
    successor = Area.objects.select_for_update().get(pk=successor.pk)
    if not successor.is_active:
        raise AreaError(
            {
                "__all__": _("“%(name)s” đã giải thể hoặc sáp nhập, không thể nhận sáp nhập.")
                % {"name": successor.name}
            }
        )
    if successor.level == Level.COUNTRY:
        raise AreaError({"__all__": _("Không thể sáp nhập vào cấp quốc gia.")})
    olds = list(
        Area.objects.select_for_update()
        .filter(pk__in={a.pk for a in predecessors})
        .order_by("sort_key", "pk")
    )
    if effective_on <= date.min:
        raise AreaError({"effective_on": _("Ngày hiệu lực không hợp lệ.")})
    valid_until = effective_on - timedelta(days=1)
    for old in olds:
        if old.pk == successor.pk:
            raise AreaError({"predecessors": _("Không thể sáp nhập một địa bàn vào chính nó.")})
        if old.level != successor.level:
            raise AreaError(
                {
                    "predecessors": _("“%(name)s” không cùng cấp với địa bàn nhận sáp nhập.")
                    % {"name": old.name}
                }
            )
        if not old.is_active:
            raise AreaError(
                {
                    "predecessors": _("“%(name)s” đã giải thể hoặc sáp nhập trước đó.")
                    % {"name": old.name}
                }
            )
        if old.valid_from is not None and old.valid_from > valid_until:
            raise AreaError(
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


# --- residential groups ---------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    population: int | None = None
    households: int | None = None
    as_of: date | None = None


def _group_spec_errors(*, commune: Area, specs: Sequence[GroupSpec]) -> dict[str, list[str]]:
    """Every problem of every spec, keyed by input name; each message names its group."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    existing = set(
        Area.objects.filter(parent=commune, is_active=True).values_list("name_folded", flat=True)
    )
    seen: set[str] = set()
    for spec in specs:
        name = normalize(spec.name)
        key = fold(name)
        if not name:
            add("name", _("Tên tổ dân phố, thôn không được để trống."))
        elif len(name) > NAME_MAX_LENGTH:
            add(
                "name",
                _("“%(name)s…” dài quá %(n)s ký tự.") % {"name": name[:30], "n": NAME_MAX_LENGTH},
            )
        elif key in existing:
            add(
                "name",
                _("“%(name)s” đã có trong %(commune)s.") % {"name": name, "commune": commune.name},
            )
        elif key in seen:
            add("name", _("“%(name)s” bị lặp lại.") % {"name": name})
        seen.add(key)
        if spec.kind not in KINDS_BY_LEVEL[Level.GROUP]:
            add("kind", _("“%(name)s”: loại không phải tổ dân phố, thôn.") % {"name": name})
        figures = (spec.population, spec.households, spec.as_of)
        if any(v is None for v in figures) and any(v is not None for v in figures):
            add(
                "as_of",
                _("“%(name)s”: nhập đủ dân số, số hộ và ngày tính số liệu, hoặc để trống cả ba.")
                % {"name": name},
            )
        elif spec.population is not None and spec.households is not None:
            try:
                _check_figures(population=spec.population, households=spec.households)
            except AreaError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        add(field, f"“{name}”: {message}")
    return errors


@transaction.atomic
def groups_create(
    *, actor: User | None, commune: Area, specs: Sequence[GroupSpec], source: str = ""
) -> list[Area]:
    """Create residential groups under a commune, all or none (form, bulk add, .xlsx import).

    Every spec is checked before the first insert; the errors name each offending group.
    """
    commune = Area.objects.select_for_update().get(pk=commune.pk)
    if commune.level != Level.COMMUNE:
        raise AreaError({"__all__": _("Tổ dân phố, thôn chỉ được tạo trong xã, phường, đặc khu.")})
    _check_parent(commune)
    if not specs:
        raise AreaError({"__all__": _("Không có tổ dân phố, thôn nào để tạo.")})
    errors = _group_spec_errors(commune=commune, specs=specs)
    if errors:
        raise AreaError(errors)
    created = []
    for spec in specs:
        group = _insert_area(
            actor=actor, parent=commune, name=spec.name, kind=spec.kind, name_checked=True
        )
        if spec.population is not None and spec.households is not None and spec.as_of is not None:
            _figure_write(
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
    """ "Tổ" 1..73 gives "Tổ 1" … "Tổ 73"; an empty prefix gives "1" … "73"."""
    prefix = normalize(prefix)
    return [f"{prefix} {n}".strip() for n in range(first, last + 1)]


# --- figures --------------------------------------------------------------------------------


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
    """Record (or correct) the population and households of an area at a date.

    Keeps exactly one ``is_current`` figure per area: the one with the latest ``as_of``.
    """
    # Lock the area: two figures written at once must not both become current.
    area = Area.objects.select_for_update().get(pk=area.pk)
    return _figure_write(
        actor=actor,
        area=area,
        as_of=as_of,
        population=population,
        households=households,
        source=source,
    )


def _figure_write(
    *, actor: User | None, area: Area, as_of: date, population: int, households: int, source: str
) -> AreaFigure:
    """``figure_set`` without the area lock (the caller holds it or has just created the area)."""
    _check_figures(population=population, households=households)
    figure = AreaFigure.objects.select_for_update().filter(area=area, as_of=as_of).first()
    before = audit.snapshot(figure) if figure is not None else None
    if figure is None:
        figure = AreaFigure(area=area, as_of=as_of)
    figure.population, figure.households, figure.source = population, households, normalize(source)
    figure.full_clean(exclude=["is_current"], validate_constraints=False)
    others = AreaFigure.objects.filter(area=area).exclude(pk=figure.pk)
    latest = others.order_by("-as_of").first()
    figure.is_current = latest is None or latest.as_of < as_of
    if figure.is_current:
        # Unset the previous current figure first: the one-current constraint is not deferred.
        for previous in others.filter(is_current=True).select_for_update():
            previous_before = audit.snapshot(previous)
            previous.is_current = False
            previous.save(update_fields=["is_current"])
            audit.record_change(
                actor=actor,
                obj=previous,
                before=previous_before,
                note=_("Có số liệu mới hơn (%(d)s)") % {"d": f"{as_of:%d/%m/%Y}"},
            )
    figure.save()
    audit.record_change(actor=actor, obj=figure, before=before)
    return figure


# --- organisations --------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *,
    actor: User | None,
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
    """Create (``organisation`` None) or update an organisation located in ``area``.

    The area is a commune-level unit or a residential group, active when the organisation is
    created or moved there. Names are unique per area and kind, ignoring case and diacritics.
    """
    before = None
    if organisation is None:
        organisation = Organisation()
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = audit.snapshot(organisation)
    area = Area.objects.get(pk=area.pk)  # its current state: it may have been merged meanwhile
    name, phone = normalize(name), phone.strip()
    if area.level < Level.COMMUNE:
        raise AreaError(
            {"area": _("Tổ chức, cơ quan phải thuộc một xã, phường hoặc tổ dân phố, thôn.")}
        )
    if not area.is_active and area.pk != organisation.area_id:
        raise AreaError({"area": _("“%(name)s” đã giải thể hoặc sáp nhập.") % {"name": area.name}})
    if not name:
        raise AreaError({"name": _("Tên tổ chức, cơ quan không được để trống.")})
    if any(ch not in _PHONE_CHARS for ch in phone) or (
        phone and not any(ch.isdigit() for ch in phone)
    ):
        raise AreaError(
            {"phone": _("Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + - . ( ).")}
        )
    if member_count is not None and member_count < 0:
        raise AreaError({"member_count": _("Số thành viên không được âm.")})
    duplicate = Organisation.objects.filter(area=area, kind=kind, name_folded=fold(name))
    if organisation.pk is not None:
        duplicate = duplicate.exclude(pk=organisation.pk)
    if duplicate.exists():
        raise AreaError(
            {
                "name": _("Đã có tổ chức, cơ quan tên “%(name)s” cùng loại tại %(area)s.")
                % {"name": name, "area": area.name}
            }
        )
    organisation.area, organisation.kind, organisation.name = area, kind, name
    organisation.name_folded = fold(name)
    organisation.address, organisation.head_name = normalize(address), normalize(head_name)
    organisation.phone, organisation.member_count = phone, member_count
    organisation.is_active = is_active
    organisation.full_clean()
    organisation.save()
    audit.record_change(actor=actor, obj=organisation, before=before)
    return organisation
