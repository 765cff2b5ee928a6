"""Reads that may be served by a PostgreSQL replica (``DATABASE_REPLICA_URL``).

Dashboards, overviews, maps and bulk evaluations read a great deal and write little; past one
machine they can read from a streaming replica while every write, and every read that must see a
write of the same request, stays on the primary:

* a read goes to the replica only inside ``replica_reads()`` (or a view decorated with
  ``reads_from_replica``) and only when a replica is configured (``KMT_READ_REPLICA``);
* a read inside a transaction of the primary stays on the primary (it may need to see what the
  transaction wrote, and a replica lags);
* every write goes to the primary; migrations run on the primary only.

A replica lags by the replication delay (normally well under a second): a page that must show a
record the user has just saved reads from the primary, so only pages of figures opt in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("kmt_replica_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads of this block come from the replica, when one is configured."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(function: Callable[P, R]) -> Callable[P, R]:
    """A view (or any function) whose reads may come from the replica."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return function(*args, **kwargs)

    return wrapper


def reading_replica() -> bool:
    """Whether a read issued now goes to the replica."""
    return (
        _replica_reads.get()
        and getattr(settings, "KMT_READ_REPLICA", False)
        and REPLICA in settings.DATABASES
        and not connections[DEFAULT_DB_ALIAS].in_atomic_block
    )


class ReplicaRouter:
    """The project's database router (``DATABASE_ROUTERS``)."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        return REPLICA if reading_replica() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the primary's data: a relation spans both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
