"""Every write of the prevention app. Each service runs in one transaction and audits itself."""

from __future__ import annotations

from .activities import activity_record, workforce_set

__all__ = ["activity_record", "workforce_set"]
