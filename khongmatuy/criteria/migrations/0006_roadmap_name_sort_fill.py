"""Fill the stored Vietnamese order of existing roadmaps.

Uses ``common.collation.text_sort_string`` (the function the service uses; it depends on nothing
but ``common.text``). Batched and re-runnable: each row is recomputed from its name and written
only when its key differs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from khongmatuy.common.collation import text_sort_string

BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    roadmap = apps.get_model("criteria", "Roadmap")
    batch: list[Any] = []
    for row in roadmap.objects.only("pk", "name", "name_sort").order_by("pk").iterator(BATCH):
        key = text_sort_string(row.name)
        if row.name_sort != key:
            row.name_sort = key
            batch.append(row)
        if len(batch) >= BATCH:
            roadmap.objects.bulk_update(batch, ["name_sort"])
            batch = []
    if batch:
        roadmap.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("criteria", "0005_roadmap_name_sort")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
