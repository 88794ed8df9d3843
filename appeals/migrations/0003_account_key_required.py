"""The account key becomes required, gets the index the customer lists use, and on PostgreSQL a trigger
that refuses a key that disagrees with the row's parent."""

from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [("appeals", "0002_account_key")]
    operations = [
        *keying.require_key("appeal", "appeals_appeal", "brands_brand", "brand_id"),
        *keying.require_key("evidence", "appeals_evidence", "appeals_appeal", "appeal_id"),
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
    ]
