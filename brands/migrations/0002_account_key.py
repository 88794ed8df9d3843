"""The account key on brands_brand, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("brands", "0001_initial"),
    ]
    operations = [
        *keying.add_key("brand", "brands_brand", "accounts_subaccount", "sub_account_id"),
    ]
