"""Every read of the prevention app that is more than one QuerySet call."""

from __future__ import annotations

from . import coverage
from .activities import (
    ActivityFilters,
    activity_export_rows,
    activity_get_for_user,
    activity_list,
    groups_for_recording,
    organisations_for_recording,
    reach_of,
)

__all__ = [
    "ActivityFilters",
    "activity_export_rows",
    "activity_get_for_user",
    "activity_list",
    "coverage",
    "groups_for_recording",
    "organisations_for_recording",
    "reach_of",
]
