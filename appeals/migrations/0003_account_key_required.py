"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

import django.db.models.deletion
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_account_key")]
    operations = [
        migrations.AlterField(
            model_name="appeal",
            name="account",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.account",
            ),
        ),
        migrations.AlterField(
            model_name="evidence",
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
            model_name="appeal",
            index=models.Index(fields=["account", "-created_at", "-id"], name="appeal_account_created"),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(fields=["account", "-id"], name="appeal_account_id"),
        ),
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=models.Q(("status__in", ["submitted", "in_review"])),
                fields=["submitted_at", "id"],
                name="appeal_waiting_submitted",
            ),
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(fields=["account", "uploaded_at"], name="evidence_account_at"),
        ),
        keying.check_trigger("appeals_appeal", "brands_brand", "brand_id"),
        keying.check_trigger("appeals_evidence", "appeals_appeal", "appeal_id"),
    ]
