import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="issuing_unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="areas.area",
                verbose_name="đơn vị cấp số",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="năm"),
        ),
    ]
