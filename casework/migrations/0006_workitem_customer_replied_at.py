# N2 (owned by the notifications work): "customer replied" on a work item, shown as a badge in the queue.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_second_wave_sla_policies"),
    ]

    operations = [
        migrations.AddField(
            model_name="workitem",
            name="customer_replied_at",
            field=models.DateTimeField(
                blank=True,
                null=True,
                help_text="N2: the customer wrote on (or resubmitted) the subject since staff last answered.",
            ),
        ),
    ]
