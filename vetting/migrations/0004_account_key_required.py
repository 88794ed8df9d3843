"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("vetting", "0003_account_key")]
    operations = [
        *keying.require_key("vet", "vetting_vet", "brands_brand", "brand_id"),
        migrations.AddIndex(
            model_name="vet",
            index=models.Index(fields=["account", "-created_at", "-id"], name="vet_account_created"),
        ),
        migrations.AddIndex(
            model_name="vet",
            index=models.Index(fields=["account", "-id"], name="vet_account_id"),
        ),
    ]
