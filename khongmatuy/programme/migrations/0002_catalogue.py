"""The programme's projects and indicators as shipped (``catalogue.py``): confirmed where the
ward plan or Nghị quyết 163/2024/QH15 confirms them, else flagged for an administrator."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from khongmatuy.programme.catalogue import INDICATORS, PROJECTS

    project_model = apps.get_model("programme", "Project")
    indicator_model = apps.get_model("programme", "Indicator")
    target_model = apps.get_model("programme", "IndicatorTarget")
    by_code: dict[str, Any] = {}
    for spec in PROJECTS:
        parent = by_code.get(spec.parent) if spec.parent else None
        parent_number = parent.number if parent is not None else spec.number
        sub = spec.number if parent is not None else 0
        by_code[spec.code], _created = project_model.objects.get_or_create(
            code=spec.code,
            defaults={
                "number": spec.number,
                "name": spec.name,
                "parent": parent,
                "confirmed": spec.confirmed,
                "source": spec.source,
                "sort_key": f"{parent_number:03d}.{sub:03d}",
            },
        )
    for ispec in INDICATORS:
        indicator, _created = indicator_model.objects.get_or_create(
            code=ispec.code,
            defaults={
                "name": ispec.name,
                "measure": ispec.measure,
                "strictly_above": ispec.strictly_above,
                "source": ispec.source,
                "confirmed": ispec.confirmed,
                "order": ispec.order,
            },
        )
        for year, value in ispec.targets:
            target_model.objects.get_or_create(
                indicator=indicator, year=year, defaults={"value": value}
            )


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
