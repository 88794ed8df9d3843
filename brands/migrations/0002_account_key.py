"""The account key on brands_brand, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

import django.db.models.deletion
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("brands", "0001_initial"),
    ]
    operations = [
        migrations.AddField(
            model_name="brand",
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
        keying.backfill("brands_brand", "accounts_subaccount", "sub_account_id"),
    ]
