"""The days off that procedural limits in working days skip: Vietnam's public holidays.

Labour Code 2019 (Bộ luật Lao động 45/2019/QH14) Art. 112 lists the public holidays (Tết Dương
lịch, Tết Âm lịch, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh; Ngày Văn hóa Việt Nam from 2026)
and lets the Government move the Tết days each year; its yearly announcement also swaps working
days to make longer breaks. The maintained ``holidays`` package (its ``Vietnam`` calendar, pinned
in requirements/base.txt) carries the lunar dates, the observed days and the announced swaps; a
swap announced after the installed version is added by the ``KMT_EXTRA_HOLIDAYS`` setting (ISO
dates) until the package is updated.

Services and views pass ``public_holidays()`` to the pure deadline functions
(``common.workdays``, ``people.deadlines``, ``tips.rules.deadlines``), which never read settings.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from functools import lru_cache

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class PublicHolidays(Collection[date]):
    """Vietnam's public holidays of any year (computed on first use of a year), plus extra days."""

    def __init__(self, extra: Collection[date] = ()) -> None:
        self._calendar = holidays.country_holidays("VN")
        self._extra = frozenset(extra)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and (day in self._extra or day in self._calendar)

    def __iter__(self) -> Iterator[date]:
        """The extra days and the holidays of the years looked up so far."""
        return iter(sorted(self._extra | set(self._calendar)))

    def __len__(self) -> int:
        return len(self._extra | set(self._calendar))


def _extra_days(values: Collection[str]) -> frozenset[date]:
    try:
        return frozenset(date.fromisoformat(value) for value in values)
    except ValueError as exc:
        raise ImproperlyConfigured(f"KMT_EXTRA_HOLIDAYS: {exc}") from None


@lru_cache(maxsize=4)
def _cached(extra: tuple[str, ...]) -> PublicHolidays:
    return PublicHolidays(_extra_days(extra))


def public_holidays() -> PublicHolidays:
    """The days off in force: the package's Vietnam calendar and ``KMT_EXTRA_HOLIDAYS``."""
    return _cached(tuple(getattr(settings, "KMT_EXTRA_HOLIDAYS", ())))
