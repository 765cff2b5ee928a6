"""Every write of the plans app: one transaction each, audited, refusals keyed by form field."""

from __future__ import annotations

from .documents import document_create, document_update
from .meetings import conclusion_to_task, meeting_create, reward_create, reward_decide
from .tasks import task_accept, task_create, task_report, task_return, task_update

__all__ = [
    "conclusion_to_task",
    "document_create",
    "document_update",
    "meeting_create",
    "reward_create",
    "reward_decide",
    "task_accept",
    "task_create",
    "task_report",
    "task_return",
    "task_update",
]
