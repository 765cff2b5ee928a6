"""SQLite refuses DELETE on the audit log too, as PostgreSQL does since migration 0002.

A DELETE passes only while ``audit_delete_permit`` holds a row, which the project's SQLite backend
(``khongmatuy.common.db.sqlite3``) writes for the length of a whole-database flush and nothing
else writes. The permit table is not a Django model, so a flush never empties it by accident.
"""

from django.db import migrations

SQLITE_UP = [
    "CREATE TABLE IF NOT EXISTS audit_delete_permit (permitted integer NOT NULL)",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       WHEN NOT EXISTS (SELECT 1 FROM audit_delete_permit)
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
    "DROP TABLE IF EXISTS audit_delete_permit",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [migrations.RunPython(_run(SQLITE_UP), _run(SQLITE_DOWN))]
