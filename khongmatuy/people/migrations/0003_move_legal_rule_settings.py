"""Administrators' values of legal durations move to the one legal-value table of the project."""

from __future__ import annotations

from typing import Any

from django.db import migrations

SOURCE = "durations"
FIELDS = ("months", "months_max", "days")


def forwards(apps: Any, schema_editor: Any) -> None:
    setting_model = apps.get_model("people", "LegalRuleSetting")
    value_model = apps.get_model("legal", "LegalValue")
    for setting in setting_model.objects.all():
        value_model.objects.update_or_create(
            rule=f"{SOURCE}:{setting.code}",
            effective_from=setting.effective_from,
            defaults={
                "values": {name: getattr(setting, name) for name in FIELDS},
                "article": setting.article,
                "note": setting.note,
                "confirmed_by_id": setting.confirmed_by_id,
            },
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    setting_model = apps.get_model("people", "LegalRuleSetting")
    value_model = apps.get_model("legal", "LegalValue")
    for value in value_model.objects.filter(rule__startswith=f"{SOURCE}:"):
        setting_model.objects.update_or_create(
            code=value.rule.split(":", 1)[1],
            effective_from=value.effective_from,
            defaults={
                **{name: value.values.get(name) for name in FIELDS},
                "article": value.article,
                "note": value.note,
                "confirmed_by_id": value.confirmed_by_id,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person_search_trigram"),
        ("legal", "0001_legal_values"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
