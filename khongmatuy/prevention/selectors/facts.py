"""Prevention figures for the criteria's facts (``criteria.facts.gather``), per area of one
level, in a fixed number of queries. The criteria app groups and narrows the rows; these
functions say what to count.

- ``communication_rate``: of the group-months due in the window's complete months, the share
  reached (100 = every group reached every month; Kế hoạch UBND phường Gia Viên III.1 "ít nhất 01
  lần/tháng").
- ``household_commitment_rate``: household commitments of the year signed by the date, against the
  households figure (Nghị quyết Đảng bộ phường Thành Đông II.2.2: 100 % by the end of 2026).
- ``broken_commitments``: organisation commitments of the date's year that are broken
  (``selectors.commitments``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from khongmatuy.areas.models import Area
from khongmatuy.people.models import PersonCategory

from ..rules.periods import complete_months
from .commitments import breaking_category
from .coverage import due_in, reached_in
from .households import rows_of


def communication_aggregates(*, on: date, months: int) -> dict[str, Any]:
    """Conditional counts over residential groups: due (``t<n>``) and reached (``r<n>``) per
    complete month of the window."""
    aggregates: dict[str, Any] = {}
    for n, period in enumerate(complete_months(on, months)):
        due = due_in(period)
        aggregates[f"t{n}"] = Count("pk", filter=due)
        aggregates[f"r{n}"] = Count("pk", filter=due & Q(reached_in(period)))
    return aggregates


def communication_rate(row: dict[str, Any], *, months: int) -> Decimal | None:
    """Reached group-months / due group-months × 100, exact; None when none was due."""
    due = sum(row.get(f"t{n}") or 0 for n in range(months))
    reached = sum(row.get(f"r{n}") or 0 for n in range(months))
    return None if due == 0 else Decimal(reached * 100) / Decimal(due)


def household_rates(groups: QuerySet[Area], *, on: date, key: str) -> dict[int, Decimal]:
    """Signed / households × 100 per ``key`` ("group_id", "commune_id", "province_id" or "" for
    everything, filed under 0), over ``groups`` (one query)."""
    sums: dict[int, list[int]] = {}
    for row in rows_of(groups, on=on):
        pair = sums.setdefault(getattr(row, key) if key else 0, [0, 0])
        pair[0] += row.reached
        pair[1] += row.total
    return {k: Decimal(r * 100) / Decimal(t) for k, (r, t) in sums.items() if t}


def broken_aggregate(*, year: int) -> Count:
    """On ``OrganisationCommitment`` rows of ``year``: how many are broken."""
    breaking = PersonCategory.objects.filter(
        breaking_category(year), person__affiliation__organisation_id=OuterRef("organisation_id")
    )
    return Count("pk", filter=Q(Exists(breaking)))
