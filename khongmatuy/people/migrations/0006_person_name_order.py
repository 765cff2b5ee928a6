"""PostgreSQL only: the persons of the registry in name order, for a broad search.

A search over a national or provincial scope ("nguyen v": 13,000 of 227,000 persons) sorted by
name reads every match through the trigram index and sorts them (400 ms on the national synthetic
dataset). Walking this index in name order and keeping the matches stops after the page's 50
(25 ms). It is partial, like the list's default (active, not merged into another record), so it
stays small and the planner uses it only for those queries. SQLite keeps its plan (the scope's
``person_area_name`` index): without statistics it would walk this index for a commune's list.

Built ``CONCURRENTLY`` (no write lock on a big table), so the migration is not atomic.
"""

from __future__ import annotations

from django.db import migrations

CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_name_order "
    "ON people_person (name_sort, id) WHERE merged_into_id IS NULL AND is_active"
)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS person_name_order")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("people", "0005_version")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
