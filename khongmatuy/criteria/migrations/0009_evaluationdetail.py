import django.db.models.deletion
from django.db import migrations, models

import khongmatuy.criteria.models


class Migration(migrations.Migration):
    dependencies = [
        ("criteria", "0008_roadmaptarget_measure"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationDetail",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                (
                    "results",
                    models.JSONField(
                        encoder=khongmatuy.criteria.models.UnicodeJSONEncoder,
                        verbose_name="kết quả từng tiêu chí",
                    ),
                ),
                (
                    "missing_evidence",
                    models.JSONField(
                        blank=True,
                        default=list,
                        encoder=khongmatuy.criteria.models.UnicodeJSONEncoder,
                        verbose_name="thiếu căn cứ để kết luận",
                    ),
                ),
            ],
            options={
                "verbose_name": "chi tiết kết quả đánh giá",
                "verbose_name_plural": "chi tiết kết quả đánh giá",
            },
        ),
        migrations.AddField(
            model_name="evaluation",
            name="detail",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="criteria.evaluationdetail",
            ),
        ),
        # Nullable until migration 0011 drops it, so that going back can add it again empty and
        # let 0010 refill it.
        migrations.AlterField(
            model_name="evaluation",
            name="results",
            field=models.JSONField(
                encoder=khongmatuy.criteria.models.UnicodeJSONEncoder,
                null=True,
                verbose_name="kết quả từng tiêu chí",
            ),
        ),
    ]
