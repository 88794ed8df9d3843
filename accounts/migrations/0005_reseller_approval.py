# S4: direct brands only — an account serving other ISVs and its manager's approval.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_suspension"),
    ]

    operations = [
        migrations.AddField(
            model_name="account",
            name="reseller",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="account",
            name="reseller_marked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="account",
            name="reseller_approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="account",
            name="reseller_approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="account",
            name="reseller_reason",
            field=models.CharField(blank=True, max_length=255, verbose_name="reason for the reseller approval"),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reseller", True),
                    models.Q(("reseller_approved_at__isnull", True), ("reseller_marked_at__isnull", True)),
                    _connector="OR",
                ),
                name="account_reseller_fields_only_for_resellers",
            ),
        ),
        migrations.AddConstraint(
            model_name="account",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reseller_approved_at__isnull", True),
                    models.Q(("reseller_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="account_reseller_approval_has_reason",
            ),
        ),
    ]
