"""Money of the national target programme, in đồng, as ``Decimal`` (never float).

Nghị quyết 163/2024/QH15 fixes the programme's budget (central and local budgets, other lawful
sources); Kế hoạch UBND phường Thủy Nguyên I.4 asks that public investment be disbursed on
schedule ("giải ngân vốn đầu tư công đúng tiến độ"). Amounts are whole đồng; a rate is kept
exact and rounded only when shown (``display_percent``).

No ORM, no clock: the services and selectors pass the sums in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import formats

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# The largest amount a row holds (DecimalField(max_digits=18, decimal_places=0)).
MAX_AMOUNT = Decimal(10) ** 18 - 1


def total(amounts: Iterable[Decimal | None]) -> Decimal:
    """The exact sum of ``amounts`` (None counts as nothing). Refuses a float."""
    result = ZERO
    for amount in amounts:
        if amount is None:
            continue
        if not isinstance(amount, Decimal):
            raise TypeError(f"money must be Decimal, not {type(amount).__name__}")
        result += amount
    return result


@dataclass(frozen=True)
class Ledger:
    """One commune project's money of one year (or a sum of many): exact đồng."""

    allocated: Decimal = ZERO  # allocations of every source
    adjusted: Decimal = ZERO  # adjustments: positive raise, negative lower the allocation
    committed: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def available(self) -> Decimal:
        """The allocation in force: allocations plus adjustments."""
        return self.allocated + self.adjusted

    @property
    def remaining(self) -> Decimal:
        return self.available - self.disbursed

    @property
    def rate(self) -> Decimal | None:
        """Disbursed / available × 100, exact; None when nothing is available."""
        return share(self.disbursed, self.available)

    def __add__(self, other: Ledger) -> Ledger:
        return Ledger(
            allocated=self.allocated + other.allocated,
            adjusted=self.adjusted + other.adjusted,
            committed=self.committed + other.committed,
            disbursed=self.disbursed + other.disbursed,
        )


def share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part / whole × 100`` as an exact-enough Decimal (28 significant digits); None of 0."""
    if not whole or whole <= 0:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def disbursement_excess(ledger: Ledger, amount: Decimal) -> Decimal:
    """How much ``amount`` would exceed the allocation in force (0 when it fits)."""
    return max(ledger.disbursed + amount - ledger.available, ZERO)


def adjustment_shortfall(ledger: Ledger, amount: Decimal) -> Decimal:
    """How far lowering by ``amount`` (negative) would bring the allocation below what was
    already disbursed (0 when it does not)."""
    return max(ledger.disbursed - (ledger.available + amount), ZERO)


def format_money(amount: Decimal | int | None) -> str:
    """ "1.234.567 đ" in Vietnamese, "1,234,567 đ" in English; "" for None. Whole đồng,
    rounded half up only here, for display."""
    if amount is None:
        return ""
    whole = Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{formats.number_format(whole, decimal_pos=0, force_grouping=True)} đ"


def display_percent(rate: Decimal | None, places: int = 1) -> Decimal | None:
    """A rate rounded down for display (95,96 % shows 95,9 %: a target is met or not)."""
    if rate is None:
        return None
    return rate.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
