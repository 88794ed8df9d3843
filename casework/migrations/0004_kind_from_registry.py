"""Queue kinds come from the registry (``casework.registry``): the ``kind`` columns take any registered kind's
name (longer ones such as ``keyword_request`` too), and their choices are read from the registry when asked."""

from django.db import migrations, models

import casework.choices


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_search_trigram_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="slapolicy",
            name="kind",
            field=models.CharField(choices=casework.choices.kind_choices, max_length=30, unique=True),
        ),
        migrations.AlterField(
            model_name="workitem",
            name="kind",
            field=models.CharField(choices=casework.choices.kind_choices, max_length=30),
        ),
    ]
