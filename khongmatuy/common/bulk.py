"""Fast bulk loads: primary keys reserved up front, rows written with COPY on PostgreSQL and one
``executemany`` on SQLite.

``bulk_create`` builds one parameterised ``INSERT … RETURNING`` per batch; for millions of rows
the statement building and the server's parsing dominate a load. Here the keys come first
(``reserve_ids``), so that children can point at their parents before anything is written, and
the rows then go in as plain tuples. Meant for loads inside one transaction (the synthetic
dataset, imports of a whole list), not for concurrent writers: on PostgreSQL a block of the
table's sequence is taken with ``setval``, so a concurrent ``nextval`` between the two calls
could receive a key of the block.

Two entry points: ``insert_rows`` for tuples already in the database's form (the caller names
the columns and gives every one of them), and ``insert_objects`` for unsaved model instances,
which computes each column as ``bulk_create`` would (``pre_save``, ``get_db_prep_save``, the
parent's key for a relation whose parent was given as an object). ``instance_maker`` builds
such instances several times faster than the model's constructor, for loads of millions.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)

# Field types whose Python value is already what both engines store (no conversion needed).
_PLAIN = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField", "CharField", "TextField", "BooleanField", "SlugField",
        "EmailField",
    }
)  # fmt: skip


def _quoted(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def reserve_ids(model: type[models.Model], count: int) -> range:
    """``count`` new primary keys for ``model`` (an auto-incremented key), in the order
    ``bulk_create`` would hand them out (the next values of the table's sequence on
    PostgreSQL; after the largest key ever given on SQLite, whose ``AUTOINCREMENT`` never
    reuses one)."""
    if count <= 0:
        return range(0)
    pk = model._meta.pk
    assert pk is not None  # noqa: S101 (every concrete model has one)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s))", [_quoted(model), pk.column]
            )
            first = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [_quoted(model), pk.column, first + count - 1],
            )
            return range(first, first + count)
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(pk.column)}) FROM {_quoted(model)}")  # noqa: S608 (names from the model)
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        first = max(largest, int(row[0]) if row else 0) + 1
        return range(first, first + count)


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 10_000,
) -> int:
    """Write ``rows`` (tuples in the database's form, one value per name of ``columns``, which
    are the model's column names) into ``model``'s table; returns how many were written.
    ``batch_size``: rows per ``executemany`` on SQLite (COPY streams them all)."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {_quoted(model)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        batch: list[Sequence[Any]] = []
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {_quoted(model)} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# On PostgreSQL Django hands these to psycopg unchanged (its operations' ``adapt_*_value``
# return the value itself), so the per-value call chain can be skipped there.
_PLAIN_ON_POSTGRESQL = frozenset({"DateField", "DateTimeField", "DecimalField"})


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """What turns the attribute's value into the stored one (None: nothing to do)."""
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    if kind in _PLAIN or (connection.vendor == "postgresql" and kind in _PLAIN_ON_POSTGRESQL):
        return None

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    return convert


def insert_objects(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    keep_timestamps: bool = False,
    batch_size: int = 10_000,
) -> int:
    """Give the unsaved ``objs`` their primary keys (``reserve_ids``) and write them.

    Each column is what ``bulk_create`` would store: ``pre_save`` (``auto_now`` stamps the
    moment of the load) unless ``keep_timestamps`` and the instance already holds a value (a
    load that writes history), a relation given as an unsaved-then-saved parent object takes
    that parent's key, and the value is converted with ``get_db_prep_save``.
    """
    if not objs:
        return 0
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        obj.pk = pk
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    parents = [(f.attname, f.cache_name) for f in fields if f.is_relation]  # type: ignore[attr-defined]
    # A concrete field's value lives in the instance's ``__dict__`` under its ``attname``: read
    # them all at once, then convert the few columns that need it.
    names = [f.attname for f in fields]
    values = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    alias = connection.alias

    def rows() -> Iterable[Sequence[Any]]:
        for obj in objs:
            row = obj.__dict__
            cache = obj._state.fields_cache
            for attname, cache_name in parents:
                if row[attname] is None and cache.get(cache_name) is not None:
                    row[attname] = cache[cache_name].pk
            for f in stamped:
                if not (keep_timestamps and row[f.attname] is not None):
                    f.pre_save(obj, add=True)
            obj._state.adding = False
            obj._state.db = alias
            if not converters:
                yield values(row)
                continue
            out = list(values(row))
            for i, convert in converters:
                out[i] = convert(out[i])
            yield out

    return insert_rows(model, [f.column for f in fields], rows(), batch_size=batch_size)


def instance_maker(model: type[M]) -> Callable[..., M]:
    """A constructor of unsaved ``model`` instances for bulk loads: keyword arguments by field
    name (a parent as an object, kept as the relation's cached value, or its key by
    ``attname``), every other field at its default (``Field.get_default``).

    What it skips from ``Model.__init__``: the ``pre_init``/``post_init`` signals (no model of
    this project listens to them), the relation descriptors' type checks and positional
    arguments. An unknown name is an error, as there.
    """
    fields = model._meta.concrete_fields
    factories = [
        (f.attname, f.get_default) for f in fields if f.has_default() and callable(f.default)
    ]
    constants = {f.attname: f.get_default() for f in fields if f.attname not in dict(factories)}
    relations = {f.name: (f.attname, f.cache_name) for f in fields if f.is_relation}  # type: ignore[attr-defined]
    attnames = {f.attname for f in fields}

    def make(**values: Any) -> M:
        obj = model.__new__(model)
        state = obj._state = ModelState()
        row = obj.__dict__
        row.update(constants)
        for attname, default in factories:
            row[attname] = default()
        for name, value in values.items():
            relation = relations.get(name)
            if relation is not None:
                row[relation[0]] = None if value is None else value.pk
                state.fields_cache[relation[1]] = value
            elif name in attnames:
                row[name] = value
            else:
                raise TypeError(f"{model.__name__} has no field {name!r}")
        return obj

    return make
