"""The account key on appeals_appeal, appeals_evidence, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("appeals", "0001_initial"),
        ("brands", "0003_account_key_required"),
    ]
    operations = [
        *keying.add_key("appeal", "appeals_appeal", "brands_brand", "brand_id"),
        *keying.add_key("evidence", "appeals_evidence", "appeals_appeal", "appeal_id"),
    ]
