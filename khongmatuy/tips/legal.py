"""The tip handling deadline as a legal source: an administrator confirms each version of
``rules.deadlines.RULES`` from the official text through ``khongmatuy.legal``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField

from .rules import deadlines

if TYPE_CHECKING:
    from khongmatuy.legal.models import LegalValue

KEY = "tip-deadlines"
# The longest limit a version may set: a year and a day, whichever unit.
MAX_VALUE = Decimal(366)

FIELDS = (
    ValueField(
        "days",
        gettext_lazy("Thời hạn giải quyết (ngày, kể từ ngày tiếp nhận)"),
        Kind.INTEGER,
        Decimal(1),
        MAX_VALUE,
    ),
    ValueField(
        "extended_months",
        gettext_lazy("Thời hạn tối đa khi gia hạn lần thứ nhất (tháng, kể từ ngày tiếp nhận)"),
        Kind.INTEGER,
        Decimal(1),
        MAX_VALUE,
    ),
    ValueField(
        "further_months",
        gettext_lazy("Viện kiểm sát gia hạn thêm một lần (tháng)"),
        Kind.INTEGER,
        Decimal(1),
        MAX_VALUE,
    ),
)


def overrides_from(values: Mapping[tuple[str, date], LegalValue]) -> deadlines.Overrides:
    """The stored rows as the deadline table's overrides (one code: ``handling``)."""
    return {
        start: deadlines.TipRuleOverride(
            days=int(row.values["days"]),
            extended_months=int(row.values["extended_months"]),
            further_months=int(row.values["further_months"]),
            article=row.article,
            note=row.note,
        )
        for (_code, start), row in values.items()
    }


class TipDeadlinesSource(LegalSource):
    key = KEY
    label = gettext_lazy("Thời hạn giải quyết tố giác, tin báo về tội phạm")

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        return [
            LegalItem(
                source=KEY,
                code="handling",
                effective_from=rule.effective_from,
                title=_("Thời hạn giải quyết tố giác, tin báo về tội phạm"),
                article=rule.article,
                value_text=_(
                    "%(days)s ngày; gia hạn đến %(ext)s tháng; Viện kiểm sát gia hạn thêm"
                    " %(further)s tháng"
                )
                % {
                    "days": rule.days,
                    "ext": rule.extended_months,
                    "further": rule.further_months,
                },
                confirmed=rule.confirmed,
                set_by_administrator=rule.set_by_administrator,
                note=rule.note,
                fields=FIELDS,
                initial={
                    "days": rule.days,
                    "extended_months": rule.extended_months,
                    "further_months": rule.further_months,
                },
                explanation=_(
                    "Tin báo tiếp nhận từ ngày hiệu lực của phiên bản này được tính hạn theo giá"
                    " trị đã xác nhận."
                ),
            )
            for rule in deadlines.resolve_versions(overrides=overrides_from(values))
        ]
