import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0010_evaluation_detail_fill"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="evaluation",
            name="results",
        ),
        migrations.RemoveField(
            model_name="evaluation",
            name="missing_evidence",
        ),
        migrations.AlterField(
            model_name="evaluation",
            name="detail",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="criteria.evaluationdetail",
            ),
        ),
    ]
