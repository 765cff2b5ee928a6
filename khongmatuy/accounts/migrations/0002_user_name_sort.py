"""Stored Vietnamese order of account names, given name first (filled by the next migration): the
officer and supervisor choices sorted by the raw full name, whose byte order puts "Đ" after "Z"."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="name_sort",
            field=models.CharField(default="", editable=False, max_length=250),
        ),
    ]
