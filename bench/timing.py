"""Helpers shared by the bench modules: a figure, timing a call, the 95th percentile."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

WARMUP = 3
RUNS = 30


@dataclass(frozen=True)
class Figure:
    """One printed line: ``name: value unit``."""

    name: str
    value: float
    unit: str

    def line(self) -> str:
        value = f"{self.value:.2f}" if self.unit in ("ms", "s") else f"{self.value:.0f}"
        return f"{self.name}: {value} {self.unit}"


def p95(samples: list[float]) -> float:
    """Nearest-rank 95th percentile (the 29th of 30 samples)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def time_ms(call: Callable[[], Any], *, warmup: int = WARMUP, runs: int = RUNS) -> list[float]:
    """Wall-clock milliseconds of ``runs`` calls, after ``warmup`` untimed ones.

    The objects alive before the series (the bench's own data, the warm-up's caches) are frozen
    out of the garbage collector's scans for its duration, as a preloaded server's workers do
    (``gc.freeze``): otherwise one full collection of the bench process (about 120 ms with the
    city data loaded) lands in whichever series reaches the threshold and decides its p95,
    whether that series is the ORM's or its floor's. Collections of what the calls allocate
    still happen, and are timed."""
    for _ in range(warmup):
        call()
    gc.collect()
    gc.freeze()
    try:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        gc.unfreeze()
    return samples


class BenchError(Exception):
    """A bench found a wrong answer (a result that differs, a page that fails): abort."""
