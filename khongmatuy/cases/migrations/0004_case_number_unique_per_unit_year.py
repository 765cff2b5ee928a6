import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("cases", "0003_case_issuing_unit_year_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="issuing_unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.area",
                verbose_name="đơn vị cấp số",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="năm"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number", ""), _negated=True),
                fields=("issuing_unit", "year", "number"),
                name="case_number_unique_per_unit_year",
            ),
        ),
    ]
