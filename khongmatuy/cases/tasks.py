"""The cases' background jobs: long exports of the case list (``exports.EXPORT_JOB``)."""

from __future__ import annotations

from . import exports

__all__ = ["exports"]
