"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_account_key")]
    operations = [
        *keying.require_key("campaign", "campaigns_campaign", "brands_brand", "brand_id"),
        migrations.AddIndex(
            model_name="campaign",
            index=models.Index(fields=["account", "-created_at", "-id"], name="campaign_account_created"),
        ),
        migrations.AddIndex(
            model_name="campaign",
            index=models.Index(fields=["account", "-id"], name="campaign_account_id"),
        ),
    ]
