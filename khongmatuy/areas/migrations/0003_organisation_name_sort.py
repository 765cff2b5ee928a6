"""Stored Vietnamese order of organisation names (filled by the next migration): the lists sorted
by the raw name, whose byte order puts "Đ" after "Z" and "Tổ 10" before "Tổ 2"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_area_sort_key_vietnamese_order"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["kind", "name_sort", "pk"],
                "verbose_name": "tổ chức, cơ quan",
                "verbose_name_plural": "tổ chức, cơ quan",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
    ]
