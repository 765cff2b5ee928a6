"""The shared cache: Django's database cache with a counter that holds across processes.

Every gunicorn worker (and every server) reads and writes the same table, so a rate limit counted
in one worker is seen by the others. Redis replaces it when ``KMT_CACHE_URL`` is set
(``config/settings/base.py``); Redis counts atomically by itself.

Django's ``DatabaseCache.incr`` is a read followed by a write, which loses counts when two
workers increment at once, and its write resets the entry's expiry to the default timeout, so an
hourly counter would vanish after five idle minutes. ``incr`` here locks the row first and
changes only the value.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends import db
from django.db import connections, router, transaction

# The one table of the database cache, created by ``common/migrations/0001_cache_table.py`` so
# that ``migrate`` (``make run``, ``make test``, production) can never forget it.
CACHE_TABLE = "kmt_cache"


class DatabaseCache(db.DatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db_key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        quote = connection.ops.quote_name
        table = quote(self._table)  # type: ignore[attr-defined]
        key_column, value_column, expires = quote("cache_key"), quote("value"), quote("expires")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            # A no-op write takes the row lock (PostgreSQL) or the write lock (SQLite) before the
            # read, so concurrent increments wait for each other.
            cursor.execute(
                f"UPDATE {table} SET {expires} = {expires} WHERE {key_column} = %s",  # noqa: S608
                [db_key],
            )
            value = self.get(key, self._missing_key, version=version)
            if value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s",  # noqa: S608
                [encoded, db_key],
            )
        return value
