"""The periods that communication coverage is counted over.

Kế hoạch UBND phường Gia Viên III.1: every residential group reached by drug-prevention
communication "ít nhất 01 lần/tháng" (at least once a month), and 100 % of schools reached; Kế hoạch
UBND phường Thủy Nguyên II.4: 100 % of schools and over 70 % of the workers of the ward's
enterprises. The month is the calendar month; the school year runs from 1 September to 31 August
(every day belongs to exactly one), and the workers' figure is counted per calendar year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from khongmatuy.common.dates import add_months

SCHOOL_YEAR_START_MONTH = 9
WORKERS_TARGET_PERCENT = 70  # Kế hoạch UBND phường Thủy Nguyên II.4: "trên 70% người lao động"


@dataclass(frozen=True)
class Period:
    first: date
    last: date


def month_of(day: date) -> Period:
    first = day.replace(day=1)
    return Period(first, add_months(first, 1) - timedelta(days=1))


def months_ending(day: date, count: int) -> list[Period]:
    """The ``count`` calendar months ending with the month of ``day``, oldest first."""
    first = day.replace(day=1)
    return [month_of(add_months(first, -n)) for n in range(count - 1, -1, -1)]


def school_year_of(day: date) -> Period:
    start_year = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    first = date(start_year, SCHOOL_YEAR_START_MONTH, 1)
    return Period(first, add_months(first, 12) - timedelta(days=1))


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def percent(part: int, whole: int) -> int | None:
    """Whole percent rounded down (95.9 % is not 96 %: a target is met or not); None of none."""
    return None if whole == 0 else part * 100 // whole


def complete_months(on: date, count: int) -> list[Period]:
    """The ``count`` calendar months up to ``on`` that are over by ``on`` (the month of ``on``
    only when ``on`` is its last day): a group not yet reached early in the month is not missed
    yet."""
    current = month_of(on)
    end = on if on == current.last else current.first - timedelta(days=1)
    return months_ending(end, count)
