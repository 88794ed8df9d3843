"""The account key on campaigns_campaign, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

import django.db.models.deletion
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("campaigns", "0001_campaigns"),
        ("brands", "0003_account_key_required"),
    ]
    operations = [
        migrations.AddField(
            model_name="campaign",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.account",
            ),
        ),
        keying.backfill("campaigns_campaign", "brands_brand", "brand_id"),
    ]
