"""The prevention app's background jobs: long exports of the activity list."""

from __future__ import annotations

from . import exports

__all__ = ["exports"]
