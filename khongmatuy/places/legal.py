"""The inspection interval of conditional businesses as a value an administrator sets through
``khongmatuy.legal``.

No law fixes how often a commune inspects a conditional business: the interval is a local rule
(a province's or commune's plan), so the value shipped with the application is never confirmed by
a legal text. Until an administrator saves the local rule on the legal-values page, the list of
businesses due for inspection uses the deployment's starting value (setting
``KMT_INSPECTION_INTERVAL_DAYS``, 180 days when unset) and the page marks it as not confirmed.

The interval has one version: the value saved last applies to every business from then on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField

if TYPE_CHECKING:
    from khongmatuy.legal.models import LegalValue

KEY = "places-inspection"
CODE = "interval"
# The row's version: the communes of the two-level local government, which keep these lists,
# exist from 1/7/2025. The interval itself is not versioned.
SINCE = date(2025, 7, 1)
DEFAULT_DAYS = 180
MIN_DAYS = Decimal(30)
MAX_DAYS = Decimal(730)

FIELDS = (
    ValueField(
        "days",
        gettext_lazy("Khoảng thời gian tối đa giữa hai lần kiểm tra (ngày)"),
        Kind.INTEGER,
        MIN_DAYS,
        MAX_DAYS,
        help_text=gettext_lazy(
            "Cơ sở chưa được kiểm tra lần nào, hoặc lần kiểm tra gần nhất đã quá số ngày này, "
            "được đưa vào danh sách cơ sở chưa kiểm tra."
        ),
    ),
)


@dataclass(frozen=True)
class InspectionInterval:
    """The interval in force: ``set_by_administrator`` is false while the starting value is used."""

    days: int
    set_by_administrator: bool


def starting_days() -> int:
    """The deployment's value before an administrator sets one."""
    return int(getattr(settings, "KMT_INSPECTION_INTERVAL_DAYS", DEFAULT_DAYS))


def days_from(stored: str | int | None) -> int:
    """The interval from the stored value of ``days`` (``None``: no row, the starting value)."""
    return starting_days() if stored is None else int(stored)


def interval_from(values: Mapping[tuple[str, date], LegalValue]) -> InspectionInterval:
    """The interval from this source's stored rows (``legal.selectors.values_of(KEY)``)."""
    row = values.get((CODE, SINCE))
    if row is None:
        return InspectionInterval(days=days_from(None), set_by_administrator=False)
    return InspectionInterval(days=days_from(row.values["days"]), set_by_administrator=True)


class InspectionIntervalSource(LegalSource):
    key = KEY
    label = gettext_lazy("Kiểm tra cơ sở kinh doanh có điều kiện (quy định của địa phương)")

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        interval = interval_from(values)
        row = values.get((CODE, SINCE))
        return [
            LegalItem(
                source=KEY,
                code=CODE,
                effective_from=SINCE,
                title=_(
                    "Khoảng thời gian tối đa giữa hai lần kiểm tra cơ sở kinh doanh có điều kiện"
                    " (quy định của địa phương)"
                ),
                article=row.article
                if row is not None
                else _(
                    "Quy định của địa phương, không phải quy định của luật: quản trị viên đặt giá"
                    " trị theo kế hoạch của tỉnh, xã."
                ),
                value_text=_("%(days)s ngày") % {"days": interval.days},
                confirmed=interval.set_by_administrator,
                set_by_administrator=interval.set_by_administrator,
                note=row.note if row is not None else "",
                fields=FIELDS,
                initial={"days": interval.days},
                explanation=_(
                    "Giá trị mới áp dụng ngay cho danh sách cơ sở chưa kiểm tra và trang của từng"
                    " cơ sở."
                ),
            )
        ]
