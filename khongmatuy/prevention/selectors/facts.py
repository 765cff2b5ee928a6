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
from .households import COUNTS, annotated, households_of


def communication_aggregates(*, on: date, months: int) -> dict[str, Any]:
    """Over residential groups: the group-months due (``due``) and reached (``reached``) in the
    complete months of the window, each one sum of a conditional count per month (two columns
    whatever the window's length)."""
    due: Any = None
    reached: Any = None
    for period in complete_months(on, months):
        was_due = due_in(period)
        due_count = Count("pk", filter=was_due)
        reached_count = Count("pk", filter=was_due & Q(reached_in(period)))
        due = due_count if due is None else due + due_count
        reached = reached_count if reached is None else reached + reached_count
    if due is None:
        return {}
    return {"due": due, "reached": reached}


def communication_rate(row: dict[str, Any]) -> Decimal | None:
    """Reached group-months / due group-months × 100, exact; None when none was due."""
    due, reached = row.get("due") or 0, row.get("reached") or 0
    return None if due == 0 else Decimal(reached * 100) / Decimal(due)


def household_rates(groups: QuerySet[Area], *, on: date, key: str) -> dict[int, Decimal]:
    """Signed / households × 100 per ``key`` ("group_id", "commune_id", "province_id" or "" for
    everything, filed under 0), over ``groups`` (one query, in no order: only the sums count)."""
    column = {"group_id": "pk", "": "pk"}.get(key, key)
    sums: dict[int, list[int]] = {}
    for pk, *counts in annotated(groups, on=on).order_by().values_list(column, *COUNTS):
        done, total, _paper = households_of(*counts)
        pair = sums.setdefault(pk if key else 0, [0, 0])
        pair[0] += done
        pair[1] += total
    return {k: Decimal(r * 100) / Decimal(t) for k, (r, t) in sums.items() if t}


def broken_aggregate(*, year: int) -> Count:
    """On ``OrganisationCommitment`` rows of ``year``: how many are broken."""
    breaking = PersonCategory.objects.filter(
        breaking_category(year), person__affiliation__organisation_id=OuterRef("organisation_id")
    )
    return Count("pk", filter=Q(Exists(breaking)))
