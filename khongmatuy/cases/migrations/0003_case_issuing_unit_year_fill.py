"""Each case's issuing unit (its area's commune) and year (of ``occurred_on``).

Numbers already used twice by one unit in one year cannot stay so under the new constraint: the
earliest case keeps its number, each later one gets " (trùng, sửa lại)" appended so an officer
finds and corrects it; nothing is dropped.
"""

from django.db import migrations

DUPLICATE_MARK = " (trùng, sửa lại)"


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Case = apps.get_model("cases", "Case")
    seen: set[tuple[int, int, str]] = set()
    for case in Case.objects.select_related("area").order_by("pk").iterator(chunk_size=2000):
        case.issuing_unit_id = case.area.commune_id or case.area_id
        case.year = case.occurred_on.year
        key = (case.issuing_unit_id, case.year, case.number)
        if case.number and key in seen:
            case.number = case.number[: 100 - len(DUPLICATE_MARK)] + DUPLICATE_MARK
        seen.add((case.issuing_unit_id, case.year, case.number))
        case.save(update_fields=["issuing_unit", "year", "number"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_case_issuing_unit_year")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
