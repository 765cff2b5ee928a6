"""Stored Vietnamese order for places, businesses and cameras (filled by the next migration).

The lists sorted by the raw name, whose byte order puts "Đ" after "Z" and "Tổ 10" before "Tổ 2".
The business list is paginated and ordered by ``name_sort``, hence its index.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place_business_search_text"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="business",
            options={
                "ordering": ["name_sort", "pk"],
                "verbose_name": "cơ sở kinh doanh có điều kiện",
                "verbose_name_plural": "cơ sở kinh doanh có điều kiện",
            },
        ),
        migrations.AlterModelOptions(
            name="camera",
            options={
                "ordering": ["location_sort", "pk"],
                "verbose_name": "camera",
                "verbose_name_plural": "camera",
            },
        ),
        migrations.AddField(
            model_name="business",
            name="name_sort",
            field=models.CharField(db_index=True, default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="camera",
            name="location_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
        migrations.AddField(
            model_name="place",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=200),
        ),
    ]
