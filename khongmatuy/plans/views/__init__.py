"""Pages of the plans app: documents, tasks (with progress, acceptance, overdue lists), meetings,
rewards and discipline. Thin views: a selector reads (``for_user``: out of scope is 404), a form
parses, a service writes; a refusal lands next to its field."""

from __future__ import annotations

from . import documents, meetings, tasks

__all__ = ["documents", "meetings", "tasks"]
