"""SLA policies for the second wave's queue kinds (geo requests, traffic alerts, traffic-health cases, keyword
whitelist requests); managers edit them in the admin like the others."""

from django.db import migrations

#: kind → (hours, default priority: 1 normal, 2 high).
SLA = {"geo_request": (24, 1), "traffic_alert": (4, 2), "traffic_health": (24, 2), "keyword_request": (72, 1)}


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("casework", "SlaPolicy")
    for kind, (hours, priority) in SLA.items():
        SlaPolicy.objects.get_or_create(kind=kind, defaults={"hours": hours, "default_priority": priority})


def unseed(apps, schema_editor):
    apps.get_model("casework", "SlaPolicy").objects.filter(kind__in=SLA).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_kind_from_registry")]
    operations = [migrations.RunPython(seed, unseed)]
