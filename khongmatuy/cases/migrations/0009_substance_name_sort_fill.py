"""Fill the stored Vietnamese order of the substances already on the list (the seeded national
list among them).

Uses ``common.collation.text_sort_string`` (the function the services use; it depends on nothing
but ``common.text``). The list is a few dozen rows; re-runnable: each row is recomputed from its
name and written only when its key differs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from khongmatuy.common.collation import text_sort_string

BATCH = 500


def fill(apps: Any, schema_editor: Any) -> None:
    substance = apps.get_model("cases", "Substance")
    batch: list[Any] = []
    for row in substance.objects.only("pk", "name", "name_sort").order_by("pk").iterator(BATCH):
        key = text_sort_string(row.name)
        if row.name_sort != key:
            row.name_sort = key
            batch.append(row)
        if len(batch) >= BATCH:
            substance.objects.bulk_update(batch, ["name_sort"])
            batch = []
    if batch:
        substance.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_substance_name_sort")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
