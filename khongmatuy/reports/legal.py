"""Each province's reporting cut-off day, as a value an administrator sets through
``khongmatuy.legal``.

Decree 09/2019/NĐ-CP, Art. 12(1)–(4) cuts the monthly, quarterly, 6-month and yearly reports on
the 14th (``rules.periods.CUTOFF_DAY``); the 9-month report is not in Art. 12 and each province
sets it in its own reporting regulation (Art. 12(5), Art. 8(5)(a)), where it may also set
another cut-off day for its own reports. Until an administrator records a province's
regulation on the legal-values page, that province's reports and dashboards use the 14th and
the page marks the province's rule as not confirmed. The day is saved on each report when it is
created (``Report.cutoff_day``), so a later change does not move an existing report's period.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khongmatuy.areas.models import Area, Level
from khongmatuy.legal.registry import Kind, LegalItem, LegalSource, ValueField

from .rules.periods import CITATION, CUTOFF_DAY

if TYPE_CHECKING:
    from khongmatuy.legal.models import LegalValue

KEY = "report-periods"
SINCE = date(2019, 3, 12)  # Decree 09/2019/NĐ-CP in force (Art. 39)

FIELDS = (
    ValueField(
        "cutoff_day",
        gettext_lazy("Ngày chốt số liệu hằng tháng"),
        Kind.INTEGER,
        Decimal(1),
        Decimal(28),
        help_text=gettext_lazy(
            "Kỳ báo cáo kết thúc vào ngày này của tháng cuối kỳ và bắt đầu từ ngày hôm sau của"
            " tháng trước kỳ (Điều 12 Nghị định 09/2019/NĐ-CP: ngày 14). Kỳ 9 tháng tính theo"
            " cùng ngày chốt."
        ),
    ),
)


def cutoff_day_of(values: Mapping[tuple[str, date], LegalValue], province: Area) -> int:
    row = values.get((province.code, SINCE))
    return CUTOFF_DAY if row is None else int(row.values["cutoff_day"])


def cutoff_day_for(area: Area) -> int:
    """The cut-off day of ``area``'s province (the 14th for the country, or while the province's
    regulation is not recorded). Two small queries."""
    from khongmatuy.legal.models import LegalValue

    if area.level == Level.COUNTRY or area.province_id is None:
        return CUTOFF_DAY
    code = Area.objects.filter(pk=area.province_id).values_list("code", flat=True).first()
    if not code:
        return CUTOFF_DAY
    stored = (
        LegalValue.objects.filter(rule=f"{KEY}:{code}", effective_from=SINCE)
        .values_list("values", flat=True)
        .first()
    )
    return CUTOFF_DAY if stored is None else int(stored["cutoff_day"])


class ReportPeriodsSource(LegalSource):
    key = KEY
    label = gettext_lazy("Ngày chốt số liệu báo cáo định kỳ của từng tỉnh, thành phố")

    def items(self, *, values: Mapping[tuple[str, date], LegalValue]) -> list[LegalItem]:
        provinces = Area.objects.filter(level=Level.PROVINCE, is_active=True).exclude(code="")
        items = []
        for province in provinces.order_by("sort_key", "name"):
            row = values.get((province.code, SINCE))
            day = cutoff_day_of(values, province)
            items.append(
                LegalItem(
                    source=KEY,
                    code=province.code,
                    effective_from=SINCE,
                    title=_("Ngày chốt số liệu báo cáo định kỳ: %(province)s")
                    % {"province": province.display_name},
                    article=row.article
                    if row is not None
                    else _(
                        "%(citation)s (ngày 14); kỳ 9 tháng và ngày chốt riêng do quy chế báo"
                        " cáo của tỉnh quy định (khoản 5 Điều 12): chưa xác nhận"
                    )
                    % {"citation": CITATION},
                    value_text=_("ngày %(day)s hằng tháng") % {"day": day},
                    confirmed=row is not None,
                    set_by_administrator=row is not None,
                    note=row.note if row is not None else "",
                    fields=FIELDS,
                    initial={"cutoff_day": day},
                    explanation=_(
                        "Áp dụng cho báo cáo định kỳ lập từ nay và bảng điều hành của tỉnh; báo"
                        " cáo đã lập giữ ngày chốt đã dùng."
                    ),
                )
            )
        return items
