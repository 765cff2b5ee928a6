"""Reporting periods and their cut-off dates.

Decree 09/2019/NĐ-CP on the reporting regime of state administrative agencies, Art. 12 ("Thời
gian chốt số liệu báo cáo trong chế độ báo cáo định kỳ"):

1. monthly: from the 15th of the previous month to the 14th of the month of the period;
2. quarterly: from the 15th of the month before the period to the 14th of the quarter's last month;
3. 6-month: from the 15th of the month before the period to the 14th of its sixth month
   (15/12 of the previous year to 14/6);
4. yearly: from 15/12 of the previous year to 14/12 of the period's year.

The 9-month report is not in Art. 12; provinces set it in their own reporting regulations
(e.g. 15/12 of the previous year to 14/9) under Art. 12(5) and Art. 8(5)(a): UNCONFIRMED here,
taken by analogy with clause 3. A province whose regulation sets another cut-off day passes it as
``cutoff_day`` (the day the period ends; it starts the day after, one period earlier): the
administrator records each province's day on the legal-values page (``reports.legal``), and a
period carries the day it was cut with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CITATION = "Điều 12 Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ"
CUTOFF_DAY = 14  # Art. 12(1)-(4): the period ends on the 14th, the next starts on the 15th


class PeriodKind(models.TextChoices):
    MONTH = "month", gettext_lazy("Tháng")
    QUARTER = "quarter", gettext_lazy("Quý")
    HALF = "half", gettext_lazy("6 tháng")
    NINE_MONTHS = "nine_months", gettext_lazy("9 tháng")
    YEAR = "year", gettext_lazy("Năm")


# (kind, number of months, clause of Art. 12 or "" when not confirmed)
RULES: dict[str, tuple[int, str]] = {
    PeriodKind.MONTH: (1, "khoản 1"),
    PeriodKind.QUARTER: (3, "khoản 2"),
    PeriodKind.HALF: (6, "khoản 3"),
    PeriodKind.NINE_MONTHS: (9, ""),  # UNCONFIRMED: set by provinces, not by Art. 12
    PeriodKind.YEAR: (12, "khoản 4"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = re.compile(r"^(\d{4})(?:-(M(\d{1,2})|Q([1-4])|H1|9M))?$")


@dataclass(frozen=True)
class Period:
    """One reporting period: its kind, year and number (month 1–12, quarter 1–4, else 1)."""

    kind: str
    year: int
    number: int
    start: date
    end: date  # the cut-off day, included
    cutoff_day: int = CUTOFF_DAY  # the day of the month the periods are cut on

    @property
    def code(self) -> str:
        codes: dict[str, str] = {
            PeriodKind.MONTH: f"{self.year}-M{self.number:02d}",
            PeriodKind.QUARTER: f"{self.year}-Q{self.number}",
            PeriodKind.HALF: f"{self.year}-H1",
            PeriodKind.NINE_MONTHS: f"{self.year}-9M",
            PeriodKind.YEAR: f"{self.year}",
        }
        return codes[self.kind]

    @property
    def label(self) -> str:
        """As in a report's summary: "quý III năm 2026", "tháng 7 năm 2026"."""
        if self.kind == PeriodKind.MONTH:
            return _("tháng %(m)s năm %(y)s") % {"m": self.number, "y": self.year}
        if self.kind == PeriodKind.QUARTER:
            return _("quý %(q)s năm %(y)s") % {"q": ROMAN[self.number], "y": self.year}
        if self.kind == PeriodKind.HALF:
            return _("6 tháng đầu năm %(y)s") % {"y": self.year}
        if self.kind == PeriodKind.NINE_MONTHS:
            return _("9 tháng đầu năm %(y)s") % {"y": self.year}
        return _("năm %(y)s") % {"y": self.year}

    @property
    def confirmed(self) -> bool:
        """Whether Art. 12 itself sets this kind's cut-off (the 9-month report: no)."""
        return bool(RULES[self.kind][1])

    @property
    def citation(self) -> str:
        clause = RULES[self.kind][1]
        return f"{clause} {CITATION}" if clause else _("quy định của tỉnh (chưa xác nhận)")

    def last_year(self) -> Period:
        """The same period one year earlier (cut on the same day), for the comparison."""
        return period(self.kind, self.year - 1, self.number, cutoff_day=self.cutoff_day)


def _month_start(year: int, month: int) -> date:
    """The first day of ``month`` (1–12) of ``year``; month 0 is December of the year before."""
    return date(year - 1, 12, 1) if month == 0 else date(year, month, 1)


def period(kind: str, year: int, number: int = 1, *, cutoff_day: int = CUTOFF_DAY) -> Period:
    """The period's first and last day (Art. 12): it ends on ``cutoff_day`` of its last month and
    starts the day after the cut-off of the month before its first month."""
    if kind not in RULES:
        raise ValueError(f"unknown period kind {kind!r}")
    months = RULES[kind][0]
    if kind == PeriodKind.MONTH and not 1 <= number <= 12:
        raise ValueError("month must be 1-12")
    if kind == PeriodKind.QUARTER and not 1 <= number <= 4:
        raise ValueError("quarter must be 1-4")
    last_month = (
        number if kind == PeriodKind.MONTH else number * 3 if kind == PeriodKind.QUARTER else months
    )
    first_month = last_month - months + 1
    before = _month_start(year, first_month - 1)
    start = before.replace(day=cutoff_day) + timedelta(days=1)
    end = date(year, last_month, cutoff_day)
    return Period(kind=kind, year=year, number=number, start=start, end=end, cutoff_day=cutoff_day)


def parse(code: str, *, cutoff_day: int = CUTOFF_DAY) -> Period:
    """A period from its code: ``2026-M07``, ``2026-Q3``, ``2026-H1``, ``2026-9M``, ``2026``.
    ``ValueError`` for anything else."""
    match = _CODE.match(code.strip().upper())
    if not match:
        raise ValueError(code)
    year = int(match[1])
    if match[3]:
        return period(PeriodKind.MONTH, year, int(match[3]), cutoff_day=cutoff_day)
    if match[4]:
        return period(PeriodKind.QUARTER, year, int(match[4]), cutoff_day=cutoff_day)
    if match[2] == "H1":
        return period(PeriodKind.HALF, year, cutoff_day=cutoff_day)
    if match[2] == "9M":
        return period(PeriodKind.NINE_MONTHS, year, cutoff_day=cutoff_day)
    return period(PeriodKind.YEAR, year, cutoff_day=cutoff_day)


def current(kind: str, *, on: date, cutoff_day: int = CUTOFF_DAY) -> Period:
    """The period of ``kind`` that ``on`` falls in (a day after the cut-off belongs to the next)."""
    year, month = on.year, on.month
    if on.day > cutoff_day:
        month += 1
        if month == 13:
            year, month = year + 1, 1
    if kind == PeriodKind.MONTH:
        return period(kind, year, month, cutoff_day=cutoff_day)
    if kind == PeriodKind.QUARTER:
        return period(kind, year, (month - 1) // 3 + 1, cutoff_day=cutoff_day)
    if on >= date(on.year, 12, cutoff_day + 1):
        year = on.year + 1
    return period(kind, year, cutoff_day=cutoff_day)
