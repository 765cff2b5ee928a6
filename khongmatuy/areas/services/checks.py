"""Checks of the area services (no writes): names, parents, kinds, codes, figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from khongmatuy.areas.choices import KINDS_BY_LEVEL, Level
from khongmatuy.areas.models import Area
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold

if TYPE_CHECKING:
    pass

# Upper bounds of an entered resident figure: above any province of Viet Nam (the country's total
# is summed from its units, never typed in) and well inside PostgreSQL's integer column, so a typo
# is refused with a message instead of overflowing.
MAX_POPULATION = 50_000_000
MAX_HOUSEHOLDS = 20_000_000
NAME_MAX_LENGTH = 150


# --- checks (no writes) ---------------------------------------------------------------------


def check_name(name: str, *, field: str = "name") -> None:
    if not name:
        raise DomainError({field: _("Tên địa bàn không được để trống.")})
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError({field: _("Tên dài quá %(n)s ký tự.") % {"n": NAME_MAX_LENGTH}})


def check_parent(parent: Area | None) -> None:
    if parent is None:
        return
    if parent.level >= Level.GROUP:
        raise DomainError({"parent": _("Không thể tạo địa bàn trực thuộc tổ dân phố, thôn.")})
    if not parent.is_active:
        raise DomainError(
            {
                "parent": _("“%(name)s” đã giải thể hoặc sáp nhập, không thể thêm địa bàn vào.")
                % {"name": parent.name}
            }
        )


def check_kind(level: int, kind: str) -> None:
    if kind not in KINDS_BY_LEVEL.get(level, ()):
        raise DomainError({"kind": _("Loại địa bàn không phù hợp với cấp của địa bàn.")})


def check_name_free(
    parent: Area | None, name: str, *, exclude_pk: int | None = None, field: str = "name"
) -> None:
    """Names are unique among the active children of a parent, ignoring case and diacritics."""
    qs = Area.objects.filter(parent=parent, is_active=True, name_folded=fold(name))
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        where = parent.name if parent is not None else _("cấp quốc gia")
        raise DomainError(
            {
                field: _("Đã có địa bàn tên “%(name)s” trong %(parent)s.")
                % {"name": name, "parent": where}
            }
        )


def check_code_free(level: int, code: str, *, exclude_pk: int | None = None) -> None:
    """Official codes are unique per level. The holder is not named: it may be out of scope."""
    if not code:
        return
    qs = Area.objects.filter(level=level, code=code)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise DomainError(
            {
                "code": _("Mã “%(code)s” đã được dùng cho một địa bàn khác cùng cấp.")
                % {"code": code}
            }
        )


def check_facts(
    *, area_km2: Decimal | None, valid_from: date | None, valid_until: date | None
) -> None:
    if area_km2 is not None and area_km2 < 0:
        raise DomainError({"area_km2": _("Diện tích không được âm.")})
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise DomainError(
            {
                "valid_from": _("Ngày bắt đầu hiệu lực phải trước ngày hết hiệu lực (%(until)s).")
                % {"until": f"{valid_until:%d/%m/%Y}"}
            }
        )


def check_figures(*, population: int, households: int) -> None:
    if not 0 <= population <= MAX_POPULATION:
        raise DomainError(
            {
                "population": _("Dân số phải từ 0 đến %(max)s.")
                % {"max": number_format(MAX_POPULATION, force_grouping=True)}
            }
        )
    if not 0 <= households <= MAX_HOUSEHOLDS:
        raise DomainError(
            {
                "households": _("Số hộ phải từ 0 đến %(max)s.")
                % {"max": number_format(MAX_HOUSEHOLDS, force_grouping=True)}
            }
        )
    if households > population:
        raise DomainError({"households": _("Số hộ không thể lớn hơn dân số.")})
