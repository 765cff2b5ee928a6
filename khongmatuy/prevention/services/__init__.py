"""Every write of the prevention app. Each service runs in one transaction and audits itself."""

from __future__ import annotations

from .activities import activity_record, workforce_set
from .households import (
    HouseholdSpec,
    commitment_record,
    household_add,
    household_counts_set,
    households_import,
)

__all__ = [
    "HouseholdSpec",
    "activity_record",
    "commitment_record",
    "household_add",
    "household_counts_set",
    "households_import",
    "workforce_set",
]
