"""Pages of the programme app: the overview per area, the projects and their money ledger, the
forms of the ledger, the indicators and their entered values, the .xlsx exports."""

from __future__ import annotations

from . import entries, exports, pages

__all__ = ["entries", "exports", "pages"]
