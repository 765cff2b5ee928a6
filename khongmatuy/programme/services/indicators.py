"""Entered indicator values: an indicator no registry counts (legal aid on request, Kế hoạch
UBND phường Thủy Nguyên II.5), per commune and year, with the source of the figure."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.areas.models import Area, Level
from khongmatuy.audit import services as audit
from khongmatuy.common import validators
from khongmatuy.common.errors import DomainError, Errors, add_error, raise_if
from khongmatuy.common.roles import Capability

from ..choices import Measure
from ..models import Indicator, IndicatorTarget, IndicatorValue
from .common import check_year, require_manager

if TYPE_CHECKING:
    from khongmatuy.accounts.models import User


@transaction.atomic
def indicator_value_set(
    *,
    actor: User,
    indicator: Indicator,
    area: Area,
    year: int,
    part: int | None,
    whole: int | None,
    source: str,
) -> IndicatorValue:
    """Set (or replace) the commune's value of an entered indicator for the year."""
    require_manager(actor, area)
    errors: Errors = {}
    if indicator.measure != Measure.ENTERED:
        add_error(
            errors,
            "indicator",
            _("Chỉ tiêu này được tính tự động từ dữ liệu, không nhập tay."),
        )
    if area.level != Level.COMMUNE:
        add_error(errors, "area", _("Chọn một xã, phường."))
    check_year(errors, year)
    if whole is None or whole < 0:
        add_error(errors, "whole", _("Nhập tổng số (số nguyên không âm)."))
    if part is None or part < 0:
        add_error(errors, "part", _("Nhập số đạt (số nguyên không âm)."))
    elif whole is not None and part > whole:
        add_error(errors, "part", _("Số đạt không được lớn hơn tổng số (%(n)s).") % {"n": whole})
    try:
        source = validators.required_text(
            source, field="source", message=_("Ghi nguồn số liệu."), max_length=250
        )
    except DomainError as error:
        for key, messages in error.message_dict.items():
            for text in messages:
                add_error(errors, key, text)
    raise_if(errors)
    row = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, area=area, year=year)
        .first()
    )
    before = audit.snapshot(row) if row is not None else None
    row = row or IndicatorValue(indicator=indicator, area=area, year=year)
    row.part, row.whole = cast(int, part), cast(int, whole)  # refused above when missing
    row.source, row.recorded_by = source, actor
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=before)
    return row


@transaction.atomic
def indicator_target_set(
    *,
    actor: User,
    indicator: Indicator,
    year: int,
    target: Decimal | None,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
) -> IndicatorTarget:
    """An administrator sets an indicator's target of a year (national data, from the official
    text or the province's plan), and its baseline when given."""
    if not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    errors: Errors = {}
    check_year(errors, year)
    if target is None or not Decimal(0) <= target <= Decimal(100):
        add_error(errors, "target", _("Chỉ tiêu là tỷ lệ từ 0 đến 100 %."))
    if baseline is not None and not Decimal(0) <= baseline <= Decimal(100):
        add_error(errors, "baseline", _("Giá trị cơ sở là tỷ lệ từ 0 đến 100 %."))
    if baseline is not None and (baseline_year is None or not 2000 <= baseline_year <= year):
        add_error(errors, "baseline_year", _("Ghi năm của giá trị cơ sở (không sau năm chỉ tiêu)."))
    raise_if(errors)
    row = IndicatorTarget.objects.select_for_update().filter(indicator=indicator, year=year).first()
    before = audit.snapshot(row) if row is not None else None
    row = row or IndicatorTarget(indicator=indicator, year=year)
    row.value = cast(Decimal, target)
    row.full_clean()
    row.save()
    audit.record_change(actor=actor, obj=row, before=before)
    if baseline is not None:
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        indicator_before = audit.snapshot(locked)
        locked.baseline, locked.baseline_year = baseline, baseline_year
        locked.save()
        audit.record_change(actor=actor, obj=locked, before=indicator_before)
    return row
