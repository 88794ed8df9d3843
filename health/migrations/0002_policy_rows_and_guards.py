"""The seed's policy rows (M2.3 thresholds, minimum volume; M4.2 ladder and severity floors) and, on PostgreSQL,
the account-key guard of each account-keyed table (``accounts.keying``)."""

from django.db import migrations

from accounts.keying import check_trigger

TABLES = [
    "health_dayverdict",
    "health_healthstanding",
    "health_traffichealthcase",
    "health_enforcementaction",
    "health_violation",
]


def seed(apps, schema_editor):
    # The numbers live in health.constants (the seed's); editing them later is the admin's job, not a migration's.
    from health.constants import SEED_LADDER, SEED_MIN_SENT, SEED_SEVERITY_FLOORS, SEED_THRESHOLDS

    RateThreshold = apps.get_model("health", "RateThreshold")
    for metric, verdict, up_to in SEED_THRESHOLDS:
        RateThreshold.objects.get_or_create(metric=metric, verdict=verdict, defaults={"up_to_percent": up_to})
    VolumeFloor = apps.get_model("health", "VolumeFloor")
    if not VolumeFloor.objects.exists():
        VolumeFloor.objects.create(min_sent=SEED_MIN_SENT)
    LadderRule = apps.get_model("health", "LadderRule")
    for step, (count, days) in SEED_LADDER.items():
        LadderRule.objects.get_or_create(step=step, defaults={"min_violations": count, "window_days": days})
    SeverityFloor = apps.get_model("health", "SeverityFloor")
    for severity, step in SEED_SEVERITY_FLOORS.items():
        SeverityFloor.objects.get_or_create(severity=severity, defaults={"min_step": step})


def unseed(apps, schema_editor):
    for name in ("RateThreshold", "VolumeFloor", "LadderRule", "SeverityFloor"):
        apps.get_model("health", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("health", "0001_health_cases_violations")]
    operations = [
        migrations.RunPython(seed, unseed),
        *[check_trigger(table, "accounts_subaccount", "sub_account_id") for table in TABLES],
    ]
