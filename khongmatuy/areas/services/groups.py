"""Creating the residential groups of a commune in one go."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.choices import KINDS_BY_LEVEL, Level
from khongmatuy.areas.models import Area
from khongmatuy.common.errors import DomainError
from khongmatuy.common.text import fold, normalize

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User
from khongmatuy.areas.services.checks import (
    NAME_MAX_LENGTH,
    check_figures,
    check_parent,
)
from khongmatuy.areas.services.figures import figure_write
from khongmatuy.areas.services.tree import insert_area

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
                check_figures(population=spec.population, households=spec.households)
            except DomainError as exc:
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
        raise DomainError(
            {"__all__": _("Tổ dân phố, thôn chỉ được tạo trong xã, phường, đặc khu.")}
        )
    check_parent(commune)
    if not specs:
        raise DomainError({"__all__": _("Không có tổ dân phố, thôn nào để tạo.")})
    errors = _group_spec_errors(commune=commune, specs=specs)
    if errors:
        raise DomainError(errors)
    created = []
    for spec in specs:
        group = insert_area(
            actor=actor, parent=commune, name=spec.name, kind=spec.kind, name_checked=True
        )
        if spec.population is not None and spec.households is not None and spec.as_of is not None:
            figure_write(
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
