"""Fill the stored Vietnamese order of existing places, businesses and cameras.

Uses ``common.collation.text_sort_string`` (the function the services use; it depends on nothing
but ``common.text``). Batched and re-runnable: each row is recomputed from its name and written
only when its key differs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from khongmatuy.common.collation import text_sort_string

BATCH = 2000

# (model, source column, stored order column)
COLUMNS = (
    ("Place", "name", "name_sort"),
    ("Business", "name", "name_sort"),
    ("Camera", "location", "location_sort"),
)


def fill(apps: Any, schema_editor: Any) -> None:
    for model_name, source, target in COLUMNS:
        model = apps.get_model("places", model_name)
        batch: list[Any] = []
        rows = model.objects.only("pk", source, target).order_by("pk").iterator(BATCH)
        for row in rows:
            key = text_sort_string(getattr(row, source))
            if getattr(row, target) != key:
                setattr(row, target, key)
                batch.append(row)
            if len(batch) >= BATCH:
                model.objects.bulk_update(batch, [target])
                batch = []
        if batch:
            model.objects.bulk_update(batch, [target])


class Migration(migrations.Migration):
    dependencies = [("places", "0003_place_business_camera_name_sort")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
