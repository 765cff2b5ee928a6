"""The lifecycle's public names, kept at their first path for the apps that read them."""

from __future__ import annotations

from .rules.lifecycle import EXISTING, LIFECYCLE, next_statuses, refusal

__all__ = ["EXISTING", "LIFECYCLE", "next_statuses", "refusal"]
