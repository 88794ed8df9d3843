"""N4: the registry's Authentication+ vet class (from The Campaign Registry, no score): an ACTIVE vet needs a
score unless it is political or Authentication+. Existing rows are unchanged."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_account_suspension"),
        ("brands", "0004_registry_vocabulary"),
        ("vetting", "0004_account_key_required"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="vet",
            name="vet_active_has_score",
        ),
        migrations.AlterField(
            model_name="vet",
            name="vendor",
            field=models.CharField(
                choices=[
                    ("AEGIS", "Aegis Mobile"),
                    ("WMC", "WMC Global"),
                    ("CV", "Campaign Verify"),
                    ("TCR", "The Campaign Registry"),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="vet",
            name="vet_class",
            field=models.CharField(
                choices=[
                    ("STANDARD", "Standard"),
                    ("ENHANCED", "Enhanced"),
                    ("POLITICAL", "Political"),
                    ("AUTHPLUS", "Authentication+"),
                ],
                max_length=10,
            ),
        ),
        migrations.AddConstraint(
            model_name="vet",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("score__isnull", True), ("status", "ACTIVE"), _negated=True),
                    ("vet_class__in", ["POLITICAL", "AUTHPLUS"]),
                    _connector="OR",
                ),
                name="vet_active_has_score",
            ),
        ),
    ]
