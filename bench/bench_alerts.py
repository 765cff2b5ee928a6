"""Every reminder of the dataset computed at once, as the periodic run computes it.

``reminders_national_s``: ``alerts.services.compute`` (every registered rule, the recipients,
nothing written), the median of 3 runs. ``reminders_sql_s``: the same work's floor
(``alerts_floor``): every rule's reminders in hand-written SQL and the recipients' bindings,
the median of 3 runs. Both sides must return the same reminders, rule by rule, or the bench
stops. The ORM figure should stay within 3× of its floor. ``reminders_rows``: the reminders
the rules return; ``notifications_rows``: the (reminder, recipient) rows computed.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from bench import alerts_floor
from bench.timing import BenchError, Figure
from khongmatuy.alerts import services
from khongmatuy.common import reminders as registry

RUNS = 3


def _median_s(call: Callable[[], Any]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _compare(on: Any) -> int:
    """The reminders of every rule, ORM against floor; their number."""
    floor = alerts_floor.compute(on)
    kinds = {rule.kind for rule in registry.rules()}
    if kinds != floor.keys():
        raise BenchError(f"rules without a floor: {sorted(kinds ^ floor.keys())}")
    total = 0
    for rule in registry.rules():
        orm = Counter(alerts_floor.key_of(r) for r in rule.compute(on=on))
        sql = Counter(floor[rule.kind])
        if orm != sql:
            wrong = sorted((orm - sql) + (sql - orm), key=str)
            raise BenchError(
                f"{rule.kind}: ORM and SQL differ on {len(wrong)} reminders, e.g. {wrong[0]}"
                f" (ORM {orm[wrong[0]]}, SQL {sql[wrong[0]]})"
            )
        total += sum(orm.values())
    return total


def run() -> list[Figure]:
    on = timezone.localdate()
    reminders = _compare(on)
    rows = len(services.compute(on=on))
    return [
        Figure("reminders_national_s", _median_s(lambda: services.compute(on=on)), "s"),
        Figure("reminders_sql_s", _median_s(lambda: alerts_floor.compute(on)), "s"),
        Figure("reminders_rows", reminders, "rows"),
        Figure("notifications_rows", rows, "rows"),
    ]
