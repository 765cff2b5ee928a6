"""Working days (ngày làm việc) for procedural time limits.

Vietnamese procedural limits are often counted in working days ("trong thời hạn 03 ngày làm
việc"). A working day here is Monday to Friday. Public holidays (Tết Nguyên đán, 30/4, 1/5, 2/9,
Giỗ Tổ Hùng Vương…) move every year with the lunar calendar and the Government's yearly
announcement, so they are NOT built in: every function takes ``holidays`` (a collection of
dates), which services and views supply from ``common.public_holidays.public_holidays()`` (the
``holidays`` package's Vietnam calendar plus the ``KMT_EXTRA_HOLIDAYS`` setting).

As in the Civil Code 2015 (Art. 147), the day of the triggering event is not counted: the first
day of the period is the next working day.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

NO_HOLIDAYS: frozenset[date] = frozenset()

_SATURDAY = 5  # date.weekday(): Monday is 0, Saturday 5, Sunday 6


def is_working_day(day: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> bool:
    """Monday to Friday, and not one of ``holidays``."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(
    start: date, working_days: int, *, holidays: Collection[date] = NO_HOLIDAYS
) -> date:
    """The last day of a period of ``working_days`` working days counted after ``start``.

    ``start`` itself is not counted (Civil Code 2015 Art. 147). Friday + 1 is the next Monday;
    Saturday + 1 is also Monday. Zero returns ``start`` unchanged.
    """
    if working_days < 0:
        raise ValueError("working_days must not be negative")
    day = start
    remaining = working_days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            remaining -= 1
    return day


def working_days_between(
    start: date, end: date, *, holidays: Collection[date] = NO_HOLIDAYS
) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays=holidays):
            count += 1
    return count
