import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_case_number_unique_per_unit_year")]

    operations = [
        migrations.CreateModel(
            name="Substance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="tên chất")),
                (
                    "other_names",
                    models.CharField(blank=True, max_length=500, verbose_name="tên gọi khác"),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[
                            ("g", "gam"),
                            ("kg", "kilôgam"),
                            ("pill", "viên"),
                            ("ml", "mililít"),
                            ("plant", "cây"),
                        ],
                        max_length=10,
                        verbose_name="đơn vị thường dùng",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="đang dùng")),
            ],
            options={
                "verbose_name": "chất ma túy",
                "verbose_name_plural": "danh mục chất ma túy",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="seizure",
            name="original_substance",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="tên chất ghi trước đây"
            ),
        ),
        # Named apart from the text column until the data migration has mapped it.
        migrations.AddField(
            model_name="seizure",
            name="substance_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="seizures",
                to="cases.substance",
                verbose_name="chất ma túy",
            ),
        ),
    ]
