from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_substance_list_fill")]

    operations = [
        migrations.RemoveField(model_name="seizure", name="substance"),
        migrations.RenameField(
            model_name="seizure", old_name="substance_item", new_name="substance"
        ),
    ]
