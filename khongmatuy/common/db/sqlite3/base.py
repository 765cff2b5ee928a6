"""Django's SQLite backend, with one change: a flush may empty the audit log.

On SQLite the audit table refuses DELETE by a trigger (``audit`` migration 0003) unless the
one-row permit table ``audit_delete_permit`` holds a row. Only a flush (``manage.py flush``, or
the test runner resetting a transactional test's database) writes that row, for the length of the
flush, which is what PostgreSQL's TRUNCATE does past its row-level trigger. Any other DELETE of an
audit entry, from the application or a raw cursor, is refused.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.sqlite3 import base, operations

PERMIT = "INSERT INTO audit_delete_permit (permitted) VALUES (1)"
UNPERMIT = "DELETE FROM audit_delete_permit"


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements: list[str] = super().sql_flush(style, tables, **kwargs)
        if not statements or "audit_auditevent" not in tables:
            return statements
        return [
            PERMIT,
            *statements,
            UNPERMIT,
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
