"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

import django.db.models.deletion
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("vetting", "0003_account_key")]
    operations = [
        migrations.AlterField(
            model_name="vet",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.account",
            ),
        ),
        migrations.AddIndex(
            model_name="vet",
            index=models.Index(fields=["account", "-created_at", "-id"], name="vet_account_created"),
        ),
        migrations.AddIndex(
            model_name="vet",
            index=models.Index(fields=["account", "-id"], name="vet_account_id"),
        ),
        keying.check_trigger("vetting_vet", "brands_brand", "brand_id"),
    ]
