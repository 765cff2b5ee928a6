"""Stored Vietnamese order of roadmap names (filled by the next migration): the roadmap list
sorted by the raw name, whose byte order puts "Đ" after "Z" and "Giai đoạn 10" before "Giai
đoạn 2"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0004_key_routes_and_condition_with_other_met"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="roadmap",
            options={
                "ordering": ["area", "name_sort", "pk"],
                "verbose_name": "lộ trình",
                "verbose_name_plural": "lộ trình",
            },
        ),
        migrations.AddField(
            model_name="roadmap",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
    ]
