"""When a task is overdue, and when it is due soon.

A task is due on its deadline and may be done that whole day: due today is not overdue. A
deadline that falls on a Saturday, a Sunday or a public holiday moves to the next working day
(Civil Code 2015, Art. 148(5): when the last day of a period is a day off, the period ends at the
end of the next working day). So a task is overdue on ``on`` exactly when its deadline is on or
before the last working day before ``on``: one date to compare, one indexed range in SQL.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from khongmatuy.common.workdays import NO_HOLIDAYS, is_working_day

DUE_SOON_DAYS = 7


def last_working_day_before(on: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    day = on - timedelta(days=1)
    while not is_working_day(day, holidays=holidays):
        day -= timedelta(days=1)
    return day


def effective_due(due_on: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """The deadline moved off a day off to the next working day (Civil Code 2015, Art. 148(5))."""
    day = due_on
    while not is_working_day(day, holidays=holidays):
        day += timedelta(days=1)
    return day


def overdue_threshold(on: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> date:
    """Tasks due on or before this date and not accepted are overdue on ``on``."""
    return last_working_day_before(on, holidays=holidays)


def is_overdue(due_on: date, on: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> bool:
    return effective_due(due_on, holidays=holidays) < on


def days_overdue(due_on: date, on: date, *, holidays: Collection[date] = NO_HOLIDAYS) -> int:
    return max((on - effective_due(due_on, holidays=holidays)).days, 0)


def due_soon_until(on: date) -> date:
    """Tasks due from ``on`` up to this day are due soon."""
    return on + timedelta(days=DUE_SOON_DAYS)
