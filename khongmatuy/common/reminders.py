"""What a reminder rule is, and the registry the apps that own deadlines declare them in.

Each app that owns a deadline (tips, people, places, criteria) writes its rules as small named
functions in its own ``reminders.py`` and registers them from its ``AppConfig.ready``, as the
legal sources are registered (``khongmatuy.legal.registry``). The ``alerts`` app, on the top
floor, collects every registered rule, finds the recipients and delivers; no lower app imports it.

A rule is set-based: ``compute(on=..., area_ids=...)`` runs a fixed number of queries whatever
the number of records and returns one ``Reminder`` per record that needs action on ``on``
(``area_ids`` narrows it to records of those areas, for the checks run at once after a write).
A rule reads its rows in one fetch without the model's default ordering: ``.iterator()`` would
open a server-side cursor on PostgreSQL, planned for the first rows (``cursor_tuple_fraction``)
and fetched chunk by chunk, three times slower for the national run, which keeps every row anyway.

A write that can make an at-once rule fire (a person recorded in a recognised group) calls
``area_changed``; after the transaction commits, every watcher (the alerts app registers one)
runs the at-once rules for those areas. This module holds no queries.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from django.db import transaction
from django.utils.functional import Promise

from .roles import Capability, Role


@dataclass(frozen=True, slots=True)
class Reminder:
    """One record that needs action: what, where, by when, under which article.

    ``stage`` names the step of the deadline ("30", "7", "1", "overdue"…): a reminder is
    delivered once per (kind, target, stage, due date), so each stage reaches a recipient once
    and a new due date (an extension) starts again. ``responsible_id`` is the user who must act
    (the tip's handler, the person's supervisor) when there is one. Never a personal name here:
    the notification centre shows the person only to a recipient who may see them.
    """

    kind: str
    target_id: int
    area_id: int
    due_on: date | None
    stage: str
    article: str = ""
    person_id: int | None = None
    responsible_id: int | None = None
    days_overdue: int = 0

    @property
    def occurrence(self) -> str:
        due = self.due_on.isoformat() if self.due_on else "-"
        return f"{self.kind}:{self.target_id}:{self.stage}:{due}"


class Compute(Protocol):
    def __call__(self, *, on: date, area_ids: Collection[int] | None = None) -> list[Reminder]: ...


@dataclass(frozen=True)
class ReminderRule:
    """A kind of reminder.

    ``capability``: a recipient's role must hold it (a supervisor never receives test results).
    ``audience``: the roles bound to the record's area (or its commune, province) who receive
    it when no responsible user is named; ``also_audience`` when it goes to them as well.
    ``escalate_to``: the leaders who receive it once it is overdue by the days of the setting
    ``KMT_ALERTS_ESCALATE_AFTER_DAYS``. ``url_name`` opens the record, with the argument
    ``url_from`` names ("target", "person", "area", or "" for a list without argument).
    ``at_once``: also run right after a write that can cause it, not only periodically.
    """

    kind: str
    label: str | Promise
    compute: Compute
    capability: Capability
    url_name: str
    url_from: str = "target"
    audience: frozenset[Role] = frozenset({Role.COMMUNE_POLICE})
    also_audience: bool = False
    escalate_to: frozenset[Role] = frozenset({Role.COMMUNE_LEADERSHIP})
    at_once: bool = False
    order: int = 100


_RULES: dict[str, ReminderRule] = {}
_WATCHERS: list[Callable[[frozenset[int]], object]] = []
_local = threading.local()  # the areas this thread's transaction changed


def register(*rules: ReminderRule) -> None:
    """Called from an ``AppConfig.ready``; registering the same kind twice replaces it."""
    for rule in rules:
        _RULES[rule.kind] = rule


def rules() -> list[ReminderRule]:
    return sorted(_RULES.values(), key=lambda r: (r.order, r.kind))


def get(kind: str) -> ReminderRule | None:
    return _RULES.get(kind)


def watch(watcher: Callable[[frozenset[int]], object]) -> None:
    """Called from an ``AppConfig.ready``: ``watcher(area_ids)`` runs after each commit that
    changed the facts of those areas."""
    if watcher not in _WATCHERS:
        _WATCHERS.append(watcher)


def area_changed(area_ids: Iterable[int | None]) -> None:
    """Called by a service whose write may change an area's live evaluation; the watchers run
    once the transaction commits (never for a rolled-back one), once for all the areas the
    transaction changed: an import of a thousand persons runs them once, not a thousand times."""
    ids = {pk for pk in area_ids if pk is not None}
    if not ids or not _WATCHERS:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _run(frozenset(ids))  # autocommit: the write is committed already
        return
    pending: set[int] = _local.__dict__.setdefault("pending", set())
    pending |= ids
    # One callback per transaction: Django drops the callbacks of a rolled-back one.
    if not any(entry[1] is _flush for entry in connection.run_on_commit):
        transaction.on_commit(_flush)


def _flush() -> None:
    """Run the watchers for the areas pending (those a rolled-back write left are checked
    again, which delivers nothing that is not due)."""
    pending: set[int] = _local.__dict__.setdefault("pending", set())
    ids = frozenset(pending)
    pending.clear()
    if ids:
        _run(ids)


def _run(ids: frozenset[int]) -> None:
    for watcher in list(_WATCHERS):
        watcher(ids)
