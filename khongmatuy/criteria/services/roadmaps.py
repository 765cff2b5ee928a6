"""Writes of roadmaps: a roadmap of a commune, city, province or the country, and its targets.

A target says what must be drug-free by ``due_on``: a percentage or a count of the areas at the
roadmap's ``target_level`` below its area, or a list of named areas (Gia Viên's plan: its
22 residential groups by 31/12/2025; Thành Đông's plan: 40 % by end 2026; Resolution
50/NQ-CP: at least 50 % of commune-level units by 2030).

Each function is keyword-only, one transaction, ``full_clean`` before saving, and audited.
Refusals are ``DomainError`` keyed by the form field, in Vietnamese; every check runs before the
first write. ``actor`` is ``None`` only for system writes (demo, imports); a user needs
``EVALUATE`` and must see the roadmap's area (``PermissionDenied`` otherwise).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.audit.models import AuditEvent
from khongmatuy.common.collation import text_sort_string
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability
from khongmatuy.common.text import normalize
from khongmatuy.criteria.models import Roadmap, RoadmapTarget
from khongmatuy.criteria.selectors.roadmaps import below_q_kwargs
from khongmatuy.criteria.services.access import require

RULE_SET_CODE_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.")


@transaction.atomic
def roadmap_create(
    *,
    actor: User | None,
    area: Area,
    name: str,
    rule_set_code: str,
    target_level: int,
    source: str = "",
) -> Roadmap:
    """A roadmap of ``area`` counting the areas at ``target_level`` judged by ``rule_set_code``."""
    require(actor, Capability.EVALUATE, area)
    errors: dict[str, str] = {}
    name = normalize(name or "")
    code = (rule_set_code or "").strip()
    if not name:
        errors["name"] = _("Nhập tên lộ trình.")
    if not code:
        errors["rule_set_code"] = _("Nhập mã bộ tiêu chí dùng để tính kết quả.")
    elif not set(code) <= RULE_SET_CODE_CHARS:
        errors["rule_set_code"] = _(
            "Mã bộ tiêu chí chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới."
        )
    if not area.is_active:
        errors["area"] = _("Địa bàn %(area)s không còn hoạt động.") % {"area": area}
    if target_level not in Level.values or target_level == Level.COUNTRY:
        errors["target_level"] = _("Chọn cấp địa bàn được tính: tỉnh, xã hoặc tổ dân phố.")
    elif target_level < area.level:
        errors["target_level"] = _(
            "Cấp địa bàn được tính phải bằng hoặc thấp hơn cấp của %(area)s."
        ) % {"area": area.display_name}
    if errors:
        raise DomainError(errors)
    roadmap = Roadmap(
        area=area,
        name=name,
        name_sort=text_sort_string(name),
        rule_set_code=code,
        target_level=target_level,
        source=normalize(source or ""),
        created_by=actor if actor is not None and actor.pk else None,
    )
    roadmap.full_clean()
    roadmap.save()
    audit.record_change(actor=actor, obj=roadmap, before=None)
    return roadmap


def _percent(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError({"percent": _("Nhập tỷ lệ dạng số, ví dụ 40.")}) from None
    if not number.is_finite() or number <= 0 or number > 100:
        raise DomainError({"percent": _("Tỷ lệ phải lớn hơn 0 và không quá 100%.")})
    return number.quantize(Decimal("0.01"))


def _named_areas(roadmap: Roadmap, areas: Iterable[Area], due_on: date) -> list[Area]:
    """The named areas, each at the roadmap's level, below its area, and in force on due_on."""
    chosen = list({a.pk: a for a in areas}.values())
    below = below_q_kwargs(roadmap.area)
    ok = set(
        Area.objects.filter(
            pk__in=[a.pk for a in chosen], level=roadmap.target_level, **below
        ).values_list("pk", flat=True)
    )
    wrong = [a for a in chosen if a.pk not in ok]
    if wrong:
        raise DomainError(
            {
                "areas": _("%(names)s không phải %(level)s thuộc %(area)s.")
                % {
                    "names": ", ".join(a.name for a in wrong[:5]),
                    "level": Level(roadmap.target_level).label,
                    "area": roadmap.area.display_name,
                }
            }
        )
    ended = [a for a in chosen if a.valid_until is not None and a.valid_until < due_on]
    if ended:
        raise DomainError(
            {
                "areas": _("%(names)s đã hết hiệu lực trước hạn %(due)s.")
                % {"names": ", ".join(a.name for a in ended[:5]), "due": f"{due_on:%d/%m/%Y}"}
            }
        )
    earlier = dict(
        RoadmapTarget.areas.through.objects.filter(
            roadmaptarget__roadmap=roadmap, area_id__in=[a.pk for a in chosen]
        ).values_list("area_id", "roadmaptarget__due_on")
    )
    if earlier:
        twice = [a for a in chosen if a.pk in earlier]
        raise DomainError(
            {
                "areas": _("%(names)s đã được nêu trong mục tiêu đến ngày %(due)s.")
                % {
                    "names": ", ".join(a.name for a in twice[:5]),
                    "due": f"{earlier[twice[0].pk]:%d/%m/%Y}",
                }
            }
        )
    return chosen


@transaction.atomic
def roadmap_target_set(
    *,
    actor: User | None,
    roadmap: Roadmap,
    phase: str,
    due_on: date,
    percent: Decimal | int | float | str | None = None,
    count: int | None = None,
    areas: Iterable[Area] = (),
    cumulative: bool = True,
    note: str = "",
    measure: str = RoadmapTarget.Measure.RECOGNISED,
) -> RoadmapTarget:
    """Add the target of ``roadmap`` due on ``due_on``: exactly one of ``percent``, ``count``
    or named ``areas``. A cumulative target counts everything achieved since the start (and,
    for named areas, the areas named by the earlier targets too). A target measured as household
    commitments is a percentage of the households of the roadmap's area only."""
    require(actor, Capability.EVALUATE, roadmap.area)
    named = list(areas)
    if measure not in RoadmapTarget.Measure.values:
        raise DomainError({"measure": _("Chọn mục tiêu đo bằng gì.")})
    given = [k for k, v in (("percent", percent), ("count", count)) if v not in (None, "")]
    if named:
        given.append("areas")
    if measure == RoadmapTarget.Measure.HOUSEHOLD_COMMITMENTS:
        if given != ["percent"]:
            message = _("Mục tiêu về hộ gia đình ký cam kết chỉ nhập tỷ lệ (%) số hộ.")
            raise DomainError({next((k for k in given if k != "percent"), "percent"): message})
        cumulative = False
    if len(given) != 1:
        message = _("Nhập đúng một trong ba: tỷ lệ (%), số địa bàn, hoặc danh sách địa bàn.")
        raise DomainError({given[-1] if given else "percent": message})
    if due_on is None:
        raise DomainError({"due_on": _("Nhập hạn hoàn thành.")})
    if RoadmapTarget.objects.filter(roadmap=roadmap, measure=measure, due_on=due_on).exists():
        raise DomainError(
            {
                "due_on": _("Lộ trình đã có mục tiêu đến ngày %(due)s.")
                % {"due": f"{due_on:%d/%m/%Y}"}
            }
        )
    value = _percent(percent)
    if count is not None:
        count = int(count)
        total = Area.objects.filter(
            level=roadmap.target_level, is_active=True, **below_q_kwargs(roadmap.area)
        ).count()
        if count < 1 or count > total:
            raise DomainError(
                {
                    "count": _("Số địa bàn phải từ 1 đến %(total)s (số %(level)s hiện có).")
                    % {"total": total, "level": Level(roadmap.target_level).label.lower()}
                }
            )
    else:
        count = None
    chosen = _named_areas(roadmap, named, due_on) if named else []
    target = RoadmapTarget(
        roadmap=roadmap,
        measure=measure,
        phase=normalize(phase or ""),
        due_on=due_on,
        percent=value,
        count=count,
        cumulative=cumulative,
        note=normalize(note or ""),
    )
    target.full_clean()
    target.save()
    if chosen:
        target.areas.set(chosen)
    after = audit.snapshot(target) | {"areas": sorted(a.pk for a in chosen)}
    audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=target, after=after)
    return target
