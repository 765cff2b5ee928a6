"""A paginator whose count stops at a cap.

A broad search over a national scope ("nguyen" among a few hundred thousand persons) matches
tens of thousands of rows; counting them all costs more than reading the page shown. Past the cap
the page says "more than N" and offers the pages up to the cap: nobody reads page 300 of a
search, they narrow it.
"""

from __future__ import annotations

import math
from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: Any, per_page: int, *, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows, counted no further than ``cap + 1`` (one query:
        ``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, without the list's ORDER BY, so the database
        stops at the cap instead of sorting every match first). ``object_list`` is a QuerySet."""
        rows = self.object_list.order_by()  # type: ignore[attr-defined]
        return int(rows[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        """More rows than the cap: the count reads "more than ``cap``"."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        shown = min(self.count, self.cap)
        return max(1, math.ceil(shown / self.per_page))
