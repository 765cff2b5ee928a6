"""Writing many rows of one model in one statement: COPY on PostgreSQL, one ``executemany``
elsewhere (SQLite).

``QuerySet.bulk_create`` builds a model instance per row, prepares every value through its field
(several microseconds each) and splits a SQLite insert into batches of a few dozen rows (its limit
on bound parameters); for the ~100,000 rows of a national bulk evaluation that preparation cost
more than the database's own work. Here the rows are plain tuples; a column is prepared by its
field only when its type needs it (dates, times, decimals, JSON: integers, text and booleans go
as they are), each distinct value once, and the rows reach the database in one statement.

What ``bulk_create`` does and this does not: no ``pre_save`` (``auto_now`` and defaults are the
caller's: pass every column), no primary keys back, no signals. The statement is recorded in
``connection.queries`` like any other, so query counts still see it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper

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


def _preparer(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[Any], Any] | None:
    """How ``field``'s values are prepared for ``connection``, remembering each distinct value
    (a bulk write repeats its dates); None when they go as they are."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if target.get_internal_type() in _AS_IS:
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
    skip_conflicts: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert ``rows`` (tuples of Python values, in the order of ``fields``, attribute names such
    as ``area_id``) into ``model``'s table; returns how many were given.

    ``skip_conflicts``: a row that breaks a unique constraint is left out, as
    ``bulk_create(ignore_conflicts=True)`` does (on PostgreSQL the rows are copied into a
    temporary table first, then inserted from it with ``ON CONFLICT DO NOTHING``: four
    statements in one transaction)."""
    connection = connections[using]
    meta = model._meta
    concrete = [_field(meta.get_field(name)) for name in fields]  # an attname finds its key
    prepared = _prepared(concrete, rows, connection)
    if not prepared:
        return 0
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in concrete)
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
                for row in prepared:
                    copy.write_row(row)
            if skip_conflicts:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target}"  # noqa: S608
                    " ON CONFLICT DO NOTHING"
                )
                cursor.execute(f"DROP TABLE {target}")
        else:
            marks = ", ".join(["%s"] * len(concrete))
            insert = "INSERT OR IGNORE INTO" if skip_conflicts else "INSERT INTO"
            sql = f"{insert} {table} ({columns}) VALUES ({marks})"
            cursor.executemany(sql, prepared)
    return len(prepared)
