"""Administrators' values of legal rules, confirmed from the official text."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from khongmatuy.accounts.models import User
from khongmatuy.audit import services as audit
from khongmatuy.common.errors import DomainError
from khongmatuy.common.roles import Capability

from ... import durations
from ...models import LegalRuleSetting
from .records import (
    _text,
)

# --- legal-rule settings ----------------------------------------------------------------------


MAX_MONTHS = 120
MAX_DAYS = 365


@transaction.atomic
def legal_rule_confirm(
    *,
    code: str,
    effective_from: date,
    months: int | None,
    months_max: int | None,
    days: int | None,
    article: str,
    note: str = "",
    actor: User,
) -> LegalRuleSetting:
    """An administrator sets a rule's value from the official text, which confirms it.

    Only for a (code, effective_from) of ``durations.RULES``; the values must have the shape of
    that rule (a range needs both bounds, a term its months, a time limit its days).
    """
    if not actor.can(Capability.CONFIGURE_RULES):
        raise PermissionDenied
    rule = durations.find_rule(code, effective_from)
    if rule is None:
        raise DomainError({"code": _("Không có quy định này trong bảng quy định.")})
    if rule.day_unit == durations.DayUnit.HOURS:
        raise DomainError(
            {"days": _("Quy định này tính theo giờ và đã được xác nhận; không sửa tại đây.")}
        )
    article = _text(article, "article")
    note = _text(note, "note")
    if not article:
        raise DomainError({"article": _("Ghi điều, khoản, văn bản căn cứ.")})
    for field, value, limit in (
        ("months", months, MAX_MONTHS),
        ("months_max", months_max, MAX_MONTHS),
        ("days", days, MAX_DAYS),
    ):
        if value is not None and not 1 <= value <= limit:
            raise DomainError({field: _("Giá trị phải từ 1 đến %(n)s.") % {"n": limit}})
    shape = next(
        r
        for r in durations.resolve_versions(code, overrides=durations.NO_OVERRIDES)
        if r.effective_from == effective_from
    )
    if shape.months_max is not None and (months is None or months_max is None):
        raise DomainError(
            {"months_max": _("Quy định này là một khoảng: nhập cả số tháng tối thiểu và tối đa.")}
        )
    if shape.months is not None and shape.months_max is None and months is None:
        raise DomainError({"months": _("Nhập số tháng.")})
    if shape.days is not None and days is None:
        raise DomainError({"days": _("Nhập số ngày.")})
    if months_max is not None and (months is None or months_max < months):
        raise DomainError(
            {"months_max": _("Số tháng tối đa phải lớn hơn hoặc bằng số tháng tối thiểu.")}
        )
    setting = (
        LegalRuleSetting.objects.select_for_update()
        .filter(code=code, effective_from=effective_from)
        .first()
    )
    before = audit.snapshot(setting) if setting is not None else None
    if setting is None:
        setting = LegalRuleSetting(code=code, effective_from=effective_from)
    setting.months = months
    setting.months_max = months_max
    setting.days = days
    setting.article = article
    setting.note = note
    setting.confirmed_by = actor
    setting.full_clean()
    setting.save()
    audit.record_change(actor=actor, obj=setting, before=before)
    return setting
