"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("brands", "0002_account_key")]
    operations = [
        *keying.require_key("brand", "brands_brand", "accounts_subaccount", "sub_account_id"),
        migrations.AddIndex(
            model_name="brand",
            index=models.Index(fields=["account", "-created_at", "-id"], name="brand_account_created"),
        ),
        migrations.AddIndex(
            model_name="brand",
            index=models.Index(fields=["account", "-id"], name="brand_account_id"),
        ),
    ]
