"""The disbursement schedule: the planned cumulative share of the year's allocation by a date.

Vietnamese public investment is planned as a cumulative disbursement share by quarter or month
(Luật Đầu tư công 2024 and the Government's yearly resolutions on disbursement; Kế hoạch UBND
phường Thủy Nguyên I.4 "giải ngân vốn đầu tư công đúng tiến độ"). The shares are data entered
with the allocation; this module only reads them.

A step ``(until, share)`` says: by ``until`` (inclusive), ``share`` % of the allocation in force
is disbursed. Before the first step nothing is planned; between steps the last passed step
holds (a schedule is a staircase, not a line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .money import HUNDRED, ZERO, Ledger, share

# A tolerance in percentage points below the plan before a project counts as late: none. A
# project is behind as soon as its rate is below the planned share.
LATE_TOLERANCE = ZERO


@dataclass(frozen=True)
class Step:
    until: date
    share: Decimal  # cumulative percent, 0..100


def validate(steps: Sequence[Step]) -> list[str]:
    """Problems of a schedule (English codes; the service words them): shares within 0..100,
    dates increasing, shares never decreasing."""
    problems: list[str] = []
    previous: Step | None = None
    for step in sorted(steps, key=lambda s: s.until):
        if not ZERO <= step.share <= HUNDRED:
            problems.append("range")
        if previous is not None:
            if step.until == previous.until:
                problems.append("duplicate")
            if step.share < previous.share:
                problems.append("decreasing")
        previous = step
    return problems


def planned_share(steps: Sequence[Step], on: date) -> Decimal | None:
    """The cumulative share planned by ``on`` (0 before the first step); None without a
    schedule."""
    if not steps:
        return None
    passed = [s for s in steps if s.until <= on]
    if not passed:
        return ZERO
    return max(passed, key=lambda s: s.until).share


@dataclass(frozen=True)
class Progress:
    rate: Decimal | None  # disbursed / available × 100
    planned: Decimal | None  # the schedule's share by the date
    planned_amount: Decimal | None  # the đồng that share stands for

    @property
    def behind(self) -> bool:
        """Below the schedule's share (a project with no schedule or nothing to disburse yet
        is never behind)."""
        if self.planned is None or self.planned == ZERO:
            return False
        return (self.rate or ZERO) < self.planned - LATE_TOLERANCE

    @property
    def gap(self) -> Decimal | None:
        """Percentage points behind the plan (positive when late)."""
        if self.planned is None:
            return None
        return self.planned - (self.rate or ZERO)


def progress(ledger: Ledger, steps: Sequence[Step], on: date) -> Progress:
    planned = planned_share(steps, on)
    amount = None if planned is None else ledger.available * planned / HUNDRED
    return Progress(
        rate=share(ledger.disbursed, ledger.available), planned=planned, planned_amount=amount
    )


def quarter_ends(year: int) -> tuple[date, date, date, date]:
    return (date(year, 3, 31), date(year, 6, 30), date(year, 9, 30), date(year, 12, 31))
