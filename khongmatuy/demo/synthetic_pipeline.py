"""Rows built in other processes while this one writes them (PostgreSQL loads).

Building a national stage's rows (random draws, model instances, their columns) costs far more
Python time than writing them, and the machine has more than one core: forked processes build
the rows of the jobs (chunks of communes), taking turns, and send them through bounded queues;
the loading process copies each job's rows into the tables in the jobs' order, in its one
transaction, while the next jobs are being built.

Keys: a builder counts each table's keys from 1 within a job (a relation to a table of the load
points to a row of the same job); the writer adds where the job starts in each table, so every
key is the one the loading process would have reserved itself, in the same order, and the
sequences are moved past them at the end. The rows are those of a load in one process.

The builders touch no database: they inherit the connection's socket and must leave it alone
(they end with ``os._exit``, as every forked ``multiprocessing`` process does).
"""

from __future__ import annotations

import multiprocessing
import queue as queues
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from django.db.models import Field, Model

from khongmatuy.common.db import bulk

J = TypeVar("J")
R = TypeVar("R")
BUILDERS = 2
AHEAD = 2  # jobs a builder may have waiting in its queue
WAIT_S = 5.0
Batch = list[tuple[type[Model], list[str], list[Sequence[Any]]]]


class Staging:
    """A ``put(model, objs, keep_timestamps)`` for a builder: gives ``objs`` keys counted from
    1 in the job and keeps their rows for the writer."""

    def __init__(self, tables: Iterable[type[Model]]) -> None:
        self.tables = tuple(tables)
        self.next = dict.fromkeys(self.tables, 1)
        self.batch: Batch = []

    def __call__(
        self, model: type[Model], objs: Sequence[Any], keep_timestamps: bool = False
    ) -> None:
        if not objs:
            return
        first = self.next[model]
        self.next[model] = first + len(objs)
        columns, rows = bulk.object_rows(
            model, objs, range(first, first + len(objs)), keep_timestamps=keep_timestamps
        )
        self.batch.append((model, columns, list(rows)))

    def take(self) -> Batch:
        """The job's rows; the next job counts its keys from 1 again."""
        batch, self.batch = self.batch, []
        self.next = dict.fromkeys(self.tables, 1)
        return batch


def _build(
    out: Any, jobs: Sequence[J], build: Callable[[J, Staging], R], tables: tuple[type[Model], ...]
) -> None:
    staging = Staging(tables)
    try:
        for job in jobs:
            result = build(job, staging)
            out.put(("rows", staging.take(), result))
    except BaseException:
        out.put(("error", traceback.format_exc(), None))


def _receive(out: Any, builder: Any) -> tuple[Batch, Any]:
    while True:
        try:
            kind, payload, result = out.get(timeout=WAIT_S)
        except queues.Empty:
            if not builder.is_alive():
                raise RuntimeError("a process building the rows ended early") from None
            continue
        if kind == "error":
            raise RuntimeError(f"building the rows failed:\n{payload}")
        return payload, result


def _placed(
    model: type[Model],
    columns: list[str],
    rows: list[Sequence[Any]],
    before: dict[type[Model], int],
) -> list[Sequence[Any]]:
    """``rows`` with their keys, and their relations to the load's tables, moved to where the
    job starts (``before``: the last key of each table before the job), column by column."""
    shifts = []
    for i, name in enumerate(columns):
        field = model._meta.get_field(name)
        if not isinstance(field, Field):
            continue
        if field.primary_key:
            shifts.append((i, before[model]))
        elif field.is_relation and field.related_model in before:
            shifts.append((i, before[field.related_model]))  # type: ignore[index]
    if not shifts or not rows:
        return rows
    values: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, offset in shifts:
        values[i] = [None if v is None else v + offset for v in values[i]]
    return list(zip(*values, strict=True))


def load(
    jobs: Sequence[J],
    build: Callable[[J, Staging], R],
    *,
    tables: Iterable[type[Model]],
    written: Counter[type[Model]],
    builders: int = BUILDERS,
) -> Iterator[R]:
    """Run ``build(job, put)`` for every job in ``builders`` other processes and write the rows
    it ``put`` here, job after job (yielding what ``build`` returned); ``tables``: every model
    it puts."""
    tables = tuple(dict.fromkeys(tables))
    starts = bulk.next_keys(tables)
    before = {model: key - 1 for model, key in starts.items()}
    context = multiprocessing.get_context("fork")
    outs = [context.Queue(maxsize=AHEAD) for _ in range(builders)]
    processes = [
        context.Process(target=_build, args=(out, jobs[n::builders], build, tables), daemon=True)
        for n, out in enumerate(outs)
    ]
    for process in processes:
        process.start()
    try:
        for n in range(len(jobs)):
            batch, result = _receive(outs[n % builders], processes[n % builders])
            added: Counter[type[Model]] = Counter()
            for model, columns, rows in batch:
                bulk.insert_rows(
                    model, columns, _placed(model, columns, rows, before), prepared=True
                )
                added[model] += len(rows)
            for model, count in added.items():
                before[model] += count
                written[model] += count
            yield result
        bulk.move_sequences(
            {model: last for model, last in before.items() if last >= starts[model]}
        )
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
