"""N3/N4: per-carrier campaign status (with the account key's PostgreSQL guard) and the registry's vocabulary:
sub-use cases of MIXED/LOW_VOLUME and the special use cases.

No existing value changes meaning: every old use case keeps its value, and existing campaigns get an empty
``sub_use_cases`` (the 2–5 rule is asked when a MIXED/LOW_VOLUME campaign is created, changes its use case or
sub-use cases, or is submitted — so a registered campaign stays as it is until its next submission)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from accounts import keying


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_suspension"),
        ("campaigns", "0004_suspended_with_account"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="sub_use_cases",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AlterField(
            model_name="campaign",
            name="use_case",
            field=models.CharField(
                choices=[
                    ("2FA", "2FA"),
                    ("ACCOUNT_NOTIFICATION", "Account notification"),
                    ("CUSTOMER_CARE", "Customer care"),
                    ("DELIVERY_NOTIFICATION", "Delivery notification"),
                    ("FRAUD_ALERT", "Fraud alert"),
                    ("HIGHER_EDUCATION", "Higher education"),
                    ("LOW_VOLUME", "Low volume mixed"),
                    ("MARKETING", "Marketing"),
                    ("MIXED", "Mixed"),
                    ("POLLING_VOTING", "Polling and voting"),
                    ("PUBLIC_SERVICE_ANNOUNCEMENT", "Public service announcement"),
                    ("SECURITY_ALERT", "Security alert"),
                    ("AGENTS_FRANCHISES", "Agents and franchises"),
                    ("CARRIER_EXEMPT", "Carrier exempt"),
                    ("CHARITY", "Charity"),
                    ("EMERGENCY", "Emergency"),
                    ("K12_EDUCATION", "K-12 education"),
                    ("POLITICAL", "Political"),
                    ("PROXY", "Proxy"),
                    ("SOCIAL", "Social"),
                    ("SWEEPSTAKE", "Sweepstake"),
                    ("SOLE_PROPRIETOR", "Sole proprietor"),
                    ("UCAAS_LOW", "UCaaS low volume"),
                    ("UCAAS_HIGH", "UCaaS high volume"),
                    ("PLATFORM_FREE_TRIAL", "Platform free trial"),
                ],
                max_length=40,
            ),
        ),
        migrations.CreateModel(
            name="CarrierStatus",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "carrier",
                    models.CharField(
                        choices=[
                            ("T_MOBILE", "T-Mobile"),
                            ("ATT", "AT&T"),
                            ("VERIZON", "Verizon Wireless"),
                            ("US_CELLULAR", "US Cellular"),
                            ("CLEARSKY", "ClearSky"),
                            ("INTEROP", "Interop Technologies"),
                            ("GOOGLE_VOICE", "Google Voice"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("approved", "Approved"),
                            ("rejected", "Rejected"),
                            ("suspended", "Suspended"),
                        ],
                        default="pending",
                        max_length=20,
                    ),
                ),
                ("reason", models.TextField(blank=True)),
                (
                    "source",
                    models.CharField(
                        choices=[("staff", "Staff"), ("registry", "Registry webhook")], default="staff", max_length=20
                    ),
                ),
                ("updated_at", models.DateTimeField()),
                (
                    "account",
                    models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.account",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="carrier_statuses",
                        to="campaigns.campaign",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["campaign", "carrier"],
                "indexes": [models.Index(fields=["account", "campaign"], name="carrier_status_account")],
                "constraints": [
                    models.UniqueConstraint(fields=("campaign", "carrier"), name="carrier_status_once_per_campaign"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("status__in", ["rejected", "suspended"]), _negated=True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="carrier_status_reason_when_refused",
                    ),
                ],
            },
        ),
        keying.check_trigger("campaigns_carrierstatus", "campaigns_campaign", "campaign_id"),
    ]
