"""Which function runs a job of each kind, and which jobs run on a schedule.

Apps register their handlers in their own ``tasks.py`` (imported by ``CommonConfig.ready``), so the
worker knows every kind without this kit importing upward:

    @jobs.handler("people.import")
    def import_persons(*, job: Job, progress: Progress) -> Outcome: ...

    @jobs.periodic("alerts.sweep", every=timedelta(minutes=5))
    def sweep(*, now: datetime) -> None: ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import Job


@dataclass(frozen=True)
class Outcome:
    """What a finished job hands back: a message, a link, or a file to download."""

    messages: tuple[str, ...] = ()
    url: str = ""
    file_name: str = ""
    file_type: str = ""
    file_content: bytes | None = None


class Progress(Protocol):
    def __call__(self, done: int, total: int, step: str = "") -> None: ...


class Handler(Protocol):
    def __call__(self, *, job: Job, progress: Progress) -> Outcome: ...


HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the runner of jobs of ``kind`` (one handler per kind)."""

    def register(fn: Handler) -> Handler:
        if HANDLERS.get(kind, fn) is not fn:
            raise ValueError(f"Two handlers for job kind {kind!r}")
        HANDLERS[kind] = fn
        return fn

    return register


@dataclass(frozen=True)
class Periodic:
    """A job run by the worker's scheduler: every ``every``, or each day from ``daily_at``
    (local time) when that is set."""

    key: str
    run: Callable[..., None] = field(compare=False)
    every: timedelta = timedelta(minutes=5)
    daily_at: time | None = None

    def due(self, *, last: datetime | None, now: datetime) -> bool:
        """Whether a run is due at ``now`` (aware, local time), the last queued at ``last``."""
        if self.daily_at is not None:
            start = now.replace(
                hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
            )
            return now >= start and (last is None or last < start)
        return last is None or now - last >= self.every


PERIODIC: dict[str, Periodic] = {}


def periodic(
    key: str, *, every: timedelta = timedelta(minutes=5), daily_at: time | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register ``fn(*, now)`` to run in the background worker on a schedule."""

    def register(fn: Callable[..., None]) -> Callable[..., None]:
        PERIODIC[key] = Periodic(key=key, run=fn, every=every, daily_at=daily_at)
        return fn

    return register
