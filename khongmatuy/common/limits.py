"""Rate limits counted in the shared cache by django-ratelimit: every worker sees one count.

A limit is a number of events per period for one key (a client's salted address hash, an
address, an account). The number comes from a setting, read on each use, so tests and operators
change it without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class RateLimit:
    group: str  # names the counter; two limits never share one
    setting: str  # the setting that holds the number of events per period
    default: int
    period: str = "h"  # django-ratelimit's unit: s, m, h or d

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.setting, self.default))

    def _usage(self, request: HttpRequest, key: str, *, increment: bool) -> dict[str, Any] | None:
        usage: dict[str, Any] | None = get_usage(
            request,
            group=self.group,
            key=lambda _group, _request: key,
            rate=f"{self.limit}/{self.period}",
            increment=increment,
        )
        return usage

    def hit(self, request: HttpRequest, *, key: str) -> bool:
        """Count one event of ``key``; True while the count stays within the limit."""
        usage = self._usage(request, key, increment=True)
        return usage is None or not usage["should_limit"]

    def reached(self, request: HttpRequest, *, key: str) -> bool:
        """True when ``key`` has used the whole limit of this period (counts nothing)."""
        usage = self._usage(request, key, increment=False)
        return usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"])
