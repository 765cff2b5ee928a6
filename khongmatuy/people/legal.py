"""The people registry's legal durations as a legal source: an administrator confirms each
version of ``durations.RULES`` from the official text through ``khongmatuy.legal``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField

from . import durations

if TYPE_CHECKING:
    from khongmatuy.legal.models import LegalValue

KEY = "durations"
MAX_MONTHS = Decimal(120)
MAX_DAYS = Decimal(365)
MAX_HOURS = Decimal(720)

_MONTHS = ValueField(
    "months", gettext_lazy("Số tháng"), Kind.INTEGER, minimum=Decimal(1), maximum=MAX_MONTHS
)
_MONTHS_MIN = ValueField(
    "months", gettext_lazy("Số tháng tối thiểu"), Kind.INTEGER, Decimal(1), MAX_MONTHS
)
_MONTHS_MAX = ValueField(
    "months_max", gettext_lazy("Số tháng tối đa"), Kind.INTEGER, Decimal(1), MAX_MONTHS
)
_DAYS = ValueField("days", gettext_lazy("Số ngày"), Kind.INTEGER, Decimal(1), MAX_DAYS)
_HOURS = ValueField("hours", gettext_lazy("Số giờ"), Kind.INTEGER, Decimal(1), MAX_HOURS)


def overrides_from(values: Mapping[tuple[str, date], LegalValue]) -> durations.Overrides:
    """The stored rows as the durations table's overrides."""
    return {
        key: durations.RuleOverride(
            months=row.values.get("months"),
            months_max=row.values.get("months_max"),
            days=row.values.get("days"),
            hours=row.values.get("hours"),
            article=row.article,
            note=row.note,
        )
        for key, row in values.items()
    }


def _fields(shape: durations.ResolvedRule) -> tuple[ValueField, ...]:
    """The values a version is made of, by the shape of the table's own row."""
    if shape.day_unit == durations.DayUnit.HOURS:
        return (_HOURS,)
    if shape.months_max is not None:
        return (_MONTHS_MIN, _MONTHS_MAX)
    if shape.months is not None:
        return (_MONTHS,)
    if shape.days is not None:
        return (_DAYS,)
    # An open-ended rule: an administrator may still give it a term read from the text.
    return tuple(
        ValueField(f.name, f.label, f.kind, f.minimum, f.maximum, required=False)
        for f in (_MONTHS, _MONTHS_MAX, _DAYS)
    )


class DurationsSource(LegalSource):
    key = KEY
    label = gettext_lazy(
        "Thời hạn quản lý, cai nghiện và thủ tục (Luật Phòng, chống ma túy và văn bản hướng dẫn)"
    )

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        overrides = overrides_from(values)
        items: list[LegalItem] = []
        for code in dict.fromkeys(rule.code for rule in durations.RULES):
            shapes = durations.resolve_versions(code, overrides=durations.NO_OVERRIDES)
            for shape, rule in zip(
                shapes, durations.resolve_versions(code, overrides=overrides), strict=True
            ):
                items.append(
                    LegalItem(
                        source=KEY,
                        code=code,
                        effective_from=rule.effective_from,
                        title=rule.title,
                        article=rule.article,
                        value_text=rule.summary,
                        confirmed=rule.confirmed,
                        set_by_administrator=rule.set_by_administrator,
                        note=rule.note,
                        fields=_fields(shape),
                        initial={
                            "months": rule.months,
                            "months_max": rule.months_max,
                            "days": rule.days,
                            "hours": rule.hours,
                        },
                        explanation=_(
                            "Các biện pháp quản lý mở sau khi lưu dùng giá trị này; biện pháp đã mở"
                            " giữ phiên bản quy định đã dùng để tính thời hạn."
                        ),
                    )
                )
        return items

    def check(self, item: LegalItem, values: Mapping[str, Any]) -> dict[str, list[str]]:
        months, months_max = values.get("months"), values.get("months_max")
        if months_max is not None and (months is None or months_max < months):
            return {"months_max": [_("Số tháng tối đa phải lớn hơn hoặc bằng số tháng tối thiểu.")]}
        return {}
