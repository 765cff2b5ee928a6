"""Calendar helpers. Month and year periods always go through ``add_months``."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31/01 + 1 = 28/02)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def dmy(value: date | None) -> str:
    """dd/mm/yyyy, as the ``date:"d/m/Y"`` filter writes it; "" for no date. Formatted by hand
    for pages and maps that write thousands of dates (``strftime`` and the filter cost several
    times more per call)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value is not None else ""


def today_or(today: date | None) -> date:
    """``today`` when a caller (a test, a back-dated import) passes it, else the local date.

    Services take "today" as an argument so rules never read the clock themselves.
    """
    from django.utils import timezone

    return today if today is not None else timezone.localdate()
