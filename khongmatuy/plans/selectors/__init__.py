"""Every read of the plans app that is more than one QuerySet call (never imports services)."""

from __future__ import annotations

from .documents import commune_choices, document_get, document_list, document_progress
from .tasks import (
    TaskFilters,
    agency_counts,
    due_soon,
    overdue,
    task_get,
    task_list,
)

__all__ = [
    "TaskFilters",
    "agency_counts",
    "commune_choices",
    "document_get",
    "document_list",
    "document_progress",
    "due_soon",
    "overdue",
    "task_get",
    "task_list",
]
