"""The database cache's table (``common.cache.CACHE_TABLE``), created by ``migrate`` itself."""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "kmt_cache"


def create_table(apps, schema_editor):
    # Django's own command builds the table for this engine; it skips a table that exists.
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table)]
