"""When a task falls due ("rõ thời gian"): once by a date, or monthly, quarterly, yearly.

A recurring task keeps the day of its first deadline: the occurrences are the first deadline plus
1, 2, 3… periods, each clamped to the month's last day (``common.dates.add_months``), so a task
first due on 31/01 falls due on 28/02 (29/02 in a leap year), then on 31/03, never drifting to
the 28th.
"""

from __future__ import annotations

from datetime import date

from khongmatuy.common.dates import add_months

ONCE, MONTHLY, QUARTERLY, YEARLY = "once", "monthly", "quarterly", "yearly"
MONTHS: dict[str, int] = {MONTHLY: 1, QUARTERLY: 3, YEARLY: 12}


def occurrence(first_due_on: date, recurrence: str, index: int) -> date:
    """The ``index``-th deadline (0 is the first)."""
    if recurrence == ONCE:
        if index:
            raise ValueError("a one-off task has one deadline")
        return first_due_on
    return add_months(first_due_on, MONTHS[recurrence] * index)


def next_due(
    first_due_on: date, recurrence: str, *, after: date, until: date | None = None
) -> date | None:
    """The first deadline strictly after ``after``; None for a one-off task or past ``until``."""
    if recurrence == ONCE:
        return None
    # Count from the first deadline each time: add_months clamps, so stepping from a clamped
    # date would drift (31/01 → 28/02 → 28/03).
    index = 1
    while (candidate := occurrence(first_due_on, recurrence, index)) <= after:
        index += 1
    if until is not None and candidate > until:
        return None
    return candidate
