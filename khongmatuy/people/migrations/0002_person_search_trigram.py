"""PostgreSQL only: a trigram index for person search.

Person search is ``search_text LIKE '%…%'`` (``selectors.persons``): no b-tree can serve a
leading wildcard, so on PostgreSQL a GIN index with ``gin_trgm_ops`` does (queries of 3+
characters). Citizen-ID prefixes (``citizen_id LIKE '031%'``) need nothing more: Django already
gives the unique ``citizen_id`` a ``varchar_pattern_ops`` index on PostgreSQL.

``pg_trgm`` is a trusted extension from PostgreSQL 13: the database owner may create it. Where the
migration's role may not, this migration FAILS (nothing is caught): a superuser runs
``CREATE EXTENSION pg_trgm;`` in the database once, then ``migrate`` again (``IF NOT EXISTS``
skips it). SQLite has neither; it scans the persons in scope, which the bench shows is fast
enough there (``docs`` carries the figures).

Indexes are built ``CONCURRENTLY`` (no write lock on a big table), so the migration is not atomic.
"""

from __future__ import annotations

from django.db import migrations

CREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_search_trgm "
    "ON people_person USING gin (search_text gin_trgm_ops)"
)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(CREATE)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS person_search_trgm")
    # The extension stays: other objects may use it, and dropping it needs the same rights.


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
