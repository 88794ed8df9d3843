"""V3: the published AT&T classes (SMS / MMS per minute) as editable data."""

from django.db import migrations

TIERS = [
    # group, min, max, class, sms, mms
    ("DEDICATED", 75, 100, "A", 4500, 2400),
    ("DEDICATED", 50, 74, "C", 2400, 1200),
    ("DEDICATED", 1, 49, "E", 240, 150),
    ("MIXED_MARKETING", 75, 100, "B", 4500, 2400),
    ("MIXED_MARKETING", 50, 74, "D", 2400, 1200),
    ("MIXED_MARKETING", 1, 49, "F", 240, 150),
    ("LOW_VOLUME", 0, 100, "T", 75, 50),
]


def load(apps, schema_editor):
    tier = apps.get_model("vetting", "ThroughputTier")
    for group, low, high, klass, sms, mms in TIERS:
        tier.objects.update_or_create(
            use_case_group=group,
            min_score=low,
            defaults={"max_score": high, "carrier_class": klass, "sms_per_minute": sms, "mms_per_minute": mms},
        )


def unload(apps, schema_editor):
    tier = apps.get_model("vetting", "ThroughputTier")
    for group, low, *_ in TIERS:
        tier.objects.filter(use_case_group=group, min_score=low).delete()


class Migration(migrations.Migration):
    dependencies = [("vetting", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
