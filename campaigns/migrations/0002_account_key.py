"""The account key on campaigns_campaign, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("campaigns", "0001_campaigns"),
        ("brands", "0003_account_key_required"),
    ]
    operations = [
        *keying.add_key("campaign", "campaigns_campaign", "brands_brand", "brand_id"),
    ]
