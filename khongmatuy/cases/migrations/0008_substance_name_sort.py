"""Stored Vietnamese order of substance names (filled by the next migration): the list and the
seizure form's choices sorted by the raw name, whose byte order puts "Cần sa" before "Cocaine"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_seizure_substance_from_list"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="substance",
            options={
                "ordering": ["name_sort", "name"],
                "verbose_name": "chất ma túy",
                "verbose_name_plural": "danh mục chất ma túy",
            },
        ),
        migrations.AddField(
            model_name="substance",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
    ]
