"""A database another process can open while a test runs: the worker, a killed import.

On SQLite a copy of the in-memory test database in a file (committed rows only), on PostgreSQL
the test database itself (the test uses ``transaction=True`` so the other process sees its rows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

Count = Callable[[str, str, list[Any]], int]


def database_for_subprocess(tmp_path: Path) -> tuple[str, Count]:
    """A DATABASE_URL the other process can open, and a way to count committed rows in it."""
    if connection.vendor == "sqlite":
        path = tmp_path / "import.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)  # the in-memory test database, committed rows only
        copy.execute("PRAGMA journal_mode=WAL")
        copy.close()

        def count_file(table: str, where: str, params: list[Any]) -> int:
            sql = f"SELECT COUNT(*) FROM {table} WHERE {where}".replace("%s", "?")  # noqa: S608
            with sqlite3.connect(path) as reader:
                return int(reader.execute(sql, params).fetchone()[0])

        return f"sqlite:///{path}", count_file

    db = connection.settings_dict

    def count_server(table: str, where: str, params: list[Any]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", params)  # noqa: S608
            return int(cursor.fetchone()[0])

    host, port = db["HOST"] or "localhost", db["PORT"] or 5432
    user, password = quote(db["USER"] or "", safe=""), quote(db["PASSWORD"] or "", safe="")
    url = f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"
    return url, count_server
