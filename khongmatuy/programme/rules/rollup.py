"""Indicator roll-up: commune figures summed up the tree (commune → province or city → country).

A percentage indicator is kept as a pair (numerator, denominator) per commune, so a province's
value is the sum of its communes' numerators over the sum of their denominators, never a mean
of percentages. Pure: the selectors pass the pairs and the tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .money import share


@dataclass(frozen=True)
class Ratio:
    part: Decimal
    whole: Decimal

    @property
    def percent(self) -> Decimal | None:
        return share(self.part, self.whole)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.part + other.part, self.whole + other.whole)


NOTHING = Ratio(Decimal(0), Decimal(0))


def rollup(
    values: Mapping[int, Ratio], parent_of: Mapping[int, int | None]
) -> dict[int | None, Ratio]:
    """Every commune's ratio and the sums at each ancestor named by ``parent_of`` (a commune's
    province, a province's country…); ``None`` holds the grand total."""
    sums: dict[int | None, Ratio] = {}
    grand = NOTHING
    for area_id, ratio in values.items():
        sums[area_id] = sums.get(area_id, NOTHING) + ratio
        grand += ratio
        seen = {area_id}
        parent = parent_of.get(area_id)
        while parent is not None and parent not in seen:
            sums[parent] = sums.get(parent, NOTHING) + ratio
            seen.add(parent)
            parent = parent_of.get(parent)
    sums[None] = grand
    return sums


def meets(value: Decimal | None, target: Decimal | None, *, strictly: bool) -> bool | None:
    """Whether ``value`` meets ``target`` (``strictly`` for "trên 70 %"); None when unknown."""
    if value is None or target is None:
        return None
    return value > target if strictly else value >= target


def sum_ratios(ratios: Iterable[Ratio]) -> Ratio:
    result = NOTHING
    for ratio in ratios:
        result += ratio
    return result
