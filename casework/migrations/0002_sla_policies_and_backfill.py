"""Seed one SLA policy per kind, and open a work item for every subject already waiting for staff."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

SLA = {"brand": (48, 1), "campaign": (72, 1), "vet": (120, 1), "appeal": (168, 2)}
#: kind → (app, model, open states, paused states); mirrors casework.registry at the time of writing.
OPEN = {
    "brand": ("brands", "Brand", {"submitted", "in_review", "changes_requested"}, {"changes_requested"}),
    "campaign": ("campaigns", "Campaign", {"submitted", "in_review"}, set()),
    "vet": ("vetting", "Vet", {"REVIEW"}, set()),
    "appeal": ("appeals", "Appeal", {"submitted", "in_review"}, set()),
}


def _brand(kind, subject):
    return subject if kind == "brand" else subject.brand


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("casework", "SlaPolicy")
    WorkItem = apps.get_model("casework", "WorkItem")
    for kind, (hours, priority) in SLA.items():
        SlaPolicy.objects.get_or_create(kind=kind, defaults={"hours": hours, "default_priority": priority})
    now = timezone.now()
    for kind, (app, model, open_states, paused) in OPEN.items():
        Model = apps.get_model(app, model)
        related = "sub_account" if kind == "brand" else "brand__sub_account"
        hours = SLA[kind][0]
        items = []
        for subject in Model.objects.filter(status__in=open_states).select_related(related).iterator():
            brand = _brand(kind, subject)
            items.append(
                WorkItem(
                    kind=kind,
                    subject_id=subject.pk,
                    subject_label=f"{kind} {subject.pk}: {brand.display_name or brand.legal_name}"[:255],
                    search=" ".join(
                        filter(None, [brand.legal_name, brand.display_name, brand.tax_id, str(subject.pk)])
                    ).lower(),
                    account_id=brand.sub_account.account_id,
                    state=subject.status,
                    priority=SLA[kind][1],
                    opened_at=now,
                    sla_due=now + timedelta(hours=hours),
                    paused_at=now if subject.status in paused else None,
                )
            )
        WorkItem.objects.bulk_create(items, batch_size=1000)


def unseed(apps, schema_editor):
    apps.get_model("casework", "WorkItem").objects.all().delete()
    apps.get_model("casework", "SlaPolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0001_work_items"),
        ("brands", "0001_initial"),
        ("campaigns", "0001_campaigns"),
        ("vetting", "0002_seed_throughput_tiers"),
        ("appeals", "0001_initial"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
