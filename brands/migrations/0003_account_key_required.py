"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

import django.db.models.deletion
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("brands", "0002_account_key")]
    operations = [
        migrations.AlterField(
            model_name="brand",
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
            model_name="brand",
            index=models.Index(fields=["account", "-created_at", "-id"], name="brand_account_created"),
        ),
        migrations.AddIndex(
            model_name="brand",
            index=models.Index(fields=["account", "-id"], name="brand_account_id"),
        ),
        keying.check_trigger("brands_brand", "accounts_subaccount", "sub_account_id"),
    ]
