"""Fill the stored Vietnamese order of existing accounts' names.

Uses ``common.collation.name_sort_string`` (the function the account services use; it depends on
nothing but ``common.text``). Batched and re-runnable: each row is recomputed from its full name
and written only when its key differs.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

from khongmatuy.common.collation import name_sort_string

BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    user = apps.get_model("accounts", "User")
    batch: list[Any] = []
    for row in user.objects.only("pk", "full_name", "name_sort").order_by("pk").iterator(BATCH):
        key = name_sort_string(row.full_name)
        if row.name_sort != key:
            row.name_sort = key
            batch.append(row)
        if len(batch) >= BATCH:
            user.objects.bulk_update(batch, ["name_sort"])
            batch = []
    if batch:
        user.objects.bulk_update(batch, ["name_sort"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_name_sort")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
