"""Writing many rows of one model in one statement: COPY on PostgreSQL, ``executemany`` on
SQLite; for loads of millions, primary keys reserved up front and lean model instances.

``QuerySet.bulk_create`` builds a model instance per row, prepares every value through its field
(several microseconds each), builds one parameterised ``INSERT … RETURNING`` per batch and splits
a SQLite insert into batches of a few dozen rows (its limit on bound parameters). For the
~100,000 rows of a national bulk evaluation or the millions of the synthetic dataset that
preparation cost more than the database's own work. Here the rows are plain tuples; a column is
prepared by its field only when its type needs it (integers, text and booleans go as they are,
and on PostgreSQL dates, times and decimals too, which Django hands to psycopg unchanged), and the
rows reach the database in one statement (in batches of ``batch_size`` on SQLite).

Entry points:

* ``insert_rows``: tuples of Python values (or, with ``prepared=True``, already in the
  database's form), one per named field;
* ``insert_objects``: unsaved model instances, keys given by ``reserve_ids`` in list order as
  ``bulk_create`` would, each column computed as ``bulk_create`` would (``pre_save``, the
  parent's key for a relation given as an object);
* ``instance_maker``: builds such instances several times faster than the model's constructor.

What ``insert_rows`` does not do that ``bulk_create`` does: no ``pre_save`` (``auto_now`` and
defaults are the caller's: pass every column), no primary keys back, no signals. The statement is
recorded in ``connection.queries`` like any other, so query counts still see it. Key reservation
is meant for loads inside one transaction (the synthetic dataset), not for concurrent writers: on
PostgreSQL a block of the table's sequence is taken with ``setval``, so a concurrent ``nextval``
between the two calls could receive a key of the block.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper
from django.db.models.base import ModelState
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

# Internal types whose Python values every supported driver takes unprepared.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "BooleanField",
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
    }
)
# On PostgreSQL Django hands these to psycopg unchanged (its operations' ``adapt_*_value``
# return the value itself), so the per-value call chain can be skipped there. The values must
# then be of the field's own Python type (a ``date``, an aware ``datetime``, a ``Decimal``).
_AS_IS_ON_POSTGRESQL = frozenset({"DateField", "DateTimeField", "DecimalField"})


def _preparer(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[Any], Any] | None:
    """How ``field``'s values are prepared for ``connection``, remembering each distinct value
    (a bulk write repeats its dates); None when they go as they are."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    kind = target.get_internal_type()
    if kind in _AS_IS or (connection.vendor == "postgresql" and kind in _AS_IS_ON_POSTGRESQL):
        return None
    seen: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = prepared = field.get_db_prep_save(value, connection)
            return prepared
        except TypeError:  # not hashable (a JSON list or object)
            return field.get_db_prep_save(value, connection)

    return prepare


def _prepared(
    fields: Sequence[models.Field[Any, Any]],
    rows: Iterable[Sequence[Any]],
    connection: BaseDatabaseWrapper,
) -> list[tuple[Any, ...]]:
    """The rows with their values prepared, column by column (``map`` and ``zip`` run in C)."""
    steps = [(i, p) for i, f in enumerate(fields) if (p := _preparer(f, connection)) is not None]
    given = [tuple(row) for row in rows]
    if not steps or not given:
        return given
    columns: list[Iterable[Any]] = list(zip(*given, strict=True))
    for i, prepare in steps:
        columns[i] = map(prepare, columns[i])
    return list(zip(*columns, strict=True))


def _field(field: Any) -> models.Field[Any, Any]:
    if not isinstance(field, models.Field) or not field.column:
        raise ValueError(f"{field} is not a column")
    return field


@contextmanager
def _logged(cursor: Any, sql: str) -> Iterator[None]:
    """Record ``sql`` in ``connection.queries`` when queries are logged (a raw COPY is not)."""
    with cursor.debug_sql(sql) if isinstance(cursor, CursorDebugWrapper) else nullcontext():
        yield


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    prepared: bool = False,
    skip_conflicts: bool = False,
    batch_size: int | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert ``rows`` (tuples of Python values, in the order of ``fields``, attribute names such
    as ``area_id``) into ``model``'s table; returns how many were written.

    ``prepared``: the values are already in the database's form (as ``get_db_prep_save`` gives
    them); the rows are then streamed, never held in a list. ``skip_conflicts``: a row that
    breaks a unique constraint is left out, as ``bulk_create(ignore_conflicts=True)`` does (on
    PostgreSQL the rows are copied into a temporary table first, then inserted from it with
    ``ON CONFLICT DO NOTHING``: four statements in one transaction). ``batch_size``: rows per
    ``executemany`` on SQLite (COPY streams them all)."""
    connection = connections[using]
    meta = model._meta
    concrete = [_field(meta.get_field(name)) for name in fields]  # an attname finds its key
    values: Iterable[Sequence[Any]] = rows if prepared else _prepared(concrete, rows, connection)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in concrete)
    count = 0
    # Names quoted from the model's own metadata; every value is a bound or copied parameter.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            target = quote(f"kmt_staged_{meta.db_table}") if skip_conflicts else table
            if skip_conflicts:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {target} ON COMMIT DROP AS"  # noqa: S608
                    f" SELECT {columns} FROM {table} WITH NO DATA"
                )
            sql = f"COPY {target} ({columns}) FROM STDIN"
            with _logged(cursor, sql), cursor.cursor.copy(sql) as copy:
                for row in values:
                    copy.write_row(row)
                    count += 1
            if skip_conflicts:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}"  # noqa: S608
                    " ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"DROP TABLE {target}")
            return count
        marks = ", ".join(["%s"] * len(concrete))
        insert = "INSERT OR IGNORE INTO" if skip_conflicts else "INSERT INTO"
        sql = f"{insert} {table} ({columns}) VALUES ({marks})"
        batch: list[Sequence[Any]] = []
        for row in values:
            batch.append(row)
            if batch_size is not None and len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


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


def insert_objects(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    keep_timestamps: bool = False,
    batch_size: int = 10_000,
) -> int:
    """Give the unsaved ``objs`` their primary keys (``reserve_ids``) and write them.

    Each column is what ``bulk_create`` would store: ``pre_save`` (``auto_now`` stamps the
    moment of the load, one moment for all of ``objs``) unless ``keep_timestamps`` and the
    instance already holds a value (a load that writes history), a relation given as an
    unsaved-then-saved parent object takes that parent's key, and the value is converted with
    ``get_db_prep_save``.
    """
    if not objs:
        return 0
    columns, rows = object_rows(
        model, objs, reserve_ids(model, len(objs)), keep_timestamps=keep_timestamps
    )
    return insert_rows(model, columns, rows, prepared=True, batch_size=batch_size)


def object_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    keys: Iterable[int],
    *,
    keep_timestamps: bool = False,
) -> tuple[list[str], Iterator[Sequence[Any]]]:
    """The columns and the rows (lazily) that ``insert_objects`` writes for ``objs``, whose
    primary keys are ``keys``; the instances take their keys at once. Touches no database: a
    second process may build the rows that the first one writes."""
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    if meta.parents or meta.pk is None:  # a child model's key is its parents' too
        for obj, pk in zip(objs, keys, strict=True):
            obj.pk = pk
    else:
        key = meta.pk.attname
        for obj, pk in zip(objs, keys, strict=True):
            obj.__dict__[key] = pk
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    # One moment for the whole call (``pre_save`` would read the clock for every row).
    moment = timezone.now()
    at_moment = [f.attname for f in stamped if isinstance(f, models.DateTimeField)]
    stamped = [f for f in stamped if not isinstance(f, models.DateTimeField)]
    parents = [(f.attname, f.cache_name) for f in fields if f.is_relation]  # type: ignore[attr-defined]
    # A concrete field's value lives in the instance's ``__dict__`` under its ``attname``: read
    # them all at once, then convert the few columns that need it.
    names = [f.attname for f in fields]
    values = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    converters = [
        (i, c) for i, f in enumerate(fields) if (c := _preparer(f, connection)) is not None
    ]
    alias = connection.alias

    def rows() -> Iterator[Sequence[Any]]:
        for obj in objs:
            row = obj.__dict__
            cache = obj._state.fields_cache
            for attname, cache_name in parents:
                if row[attname] is None and cache.get(cache_name) is not None:
                    row[attname] = cache[cache_name].pk
            for attname in at_moment:
                if not (keep_timestamps and row[attname] is not None):
                    row[attname] = moment
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

    return names, rows()


def next_keys(models: Iterable[type[models.Model]]) -> dict[type[models.Model], int]:
    """The key each model's sequence hands out next, read without taking it (PostgreSQL): keys
    counted on from here by another process, the sequences moved past them with
    ``move_sequences`` before anyone else inserts (one loading transaction)."""
    found = {}
    with connection.cursor() as cursor:
        for model in models:
            pk = model._meta.pk
            assert pk is not None  # noqa: S101 (every concrete model has one)
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [_quoted(model), pk.column])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            last, called = cursor.fetchone()
            found[model] = last + 1 if called else last
    return found


def move_sequences(last_keys: dict[type[models.Model], int]) -> None:
    """Move each model's sequence to the last key given out (as ``reserve_ids`` leaves it)."""
    with connection.cursor() as cursor:
        for model, last in last_keys.items():
            pk = model._meta.pk
            assert pk is not None  # noqa: S101 (every concrete model has one)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                [_quoted(model), pk.column, last],
            )


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
        for name in values.keys() - attnames:  # relations given as objects, or a mistake
            relation = relations.get(name)
            if relation is None:
                raise TypeError(f"{model.__name__} has no field {name!r}")
            value = values.pop(name)
            row[relation[0]] = None if value is None else value.pk
            state.fields_cache[relation[1]] = value
        row.update(values)
        return obj

    return make


# Secondary structures of a table that a load into it may drop and build again afterwards: its
# foreign keys, its unique constraints that no foreign key relies on, its indexes that back no
# constraint (the primary key and the check constraints stay).
_CONSTRAINTS_SQL = """
SELECT t.relname, c.conname, pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE t.relname = ANY(%s) AND pg_table_is_visible(t.oid)
  AND (c.contype = 'f' OR (c.contype = 'u' AND NOT EXISTS (
      SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.conindid = c.conindid)))
ORDER BY t.relname, c.conname
"""
_INDEXES_SQL = """
SELECT t.relname, i.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relname = ANY(%s) AND pg_table_is_visible(t.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY t.relname, i.relname
"""
# Sorting memory for building the indexes again (the server's default is 64 MB).
_REBUILD_MEMORY = "256MB"


@contextmanager
def loading(
    tables: Iterable[type[models.Model]], *, using: str = DEFAULT_DB_ALIAS
) -> Iterator[None]:
    """A bulk load into the ``tables`` (models), inside the caller's transaction.

    On PostgreSQL, the tables still empty on entry lose their foreign keys, unique constraints
    and secondary indexes (the primary key stays) and get them back, built in one pass each, on
    exit; their rows are not checked one by one against each foreign key at commit either (the
    rebuilt key checks the whole table in one join), as ``pg_restore`` loads data before its
    constraints. A table that already holds rows keeps everything. The transaction's commit
    does not wait for the write-ahead log to reach the disk (``synchronous_commit = off``: a
    crash loses the load, never consistency). On SQLite nothing changes.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        empty = []
        for model in dict.fromkeys(tables):
            table = model._meta.db_table
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")  # noqa: S608
            if not cursor.fetchone()[0]:
                empty.append(table)
        constraints: list[tuple[str, str, str]] = []
        indexes: list[tuple[str, str, str]] = []
        if empty:
            cursor.execute(_CONSTRAINTS_SQL, [empty])
            constraints = cursor.fetchall()
            cursor.execute(_INDEXES_SQL, [empty])
            indexes = cursor.fetchall()
        if not (constraints or indexes):
            yield
            return
        # A table with deferred checks still pending (rows written earlier in the transaction)
        # cannot be altered: they are run now. Django declares every foreign key DEFERRABLE
        # INITIALLY DEFERRED, so deferring all afterwards restores the transaction's state.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for _table, name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{_REBUILD_MEMORY}'")
        for _table, _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
