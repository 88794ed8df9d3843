"""The account key on vetting_vet, backfilled in batches of ids.

Not atomic: each batch commits on its own, so a large table is never held locked for the whole backfill.
"""

from django.db import migrations

from accounts import keying


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("accounts", "0003_account_key_guards"),
        ("vetting", "0002_seed_throughput_tiers"),
        ("brands", "0003_account_key_required"),
    ]
    operations = [
        *keying.add_key("vet", "vetting_vet", "brands_brand", "brand_id"),
    ]
