"""Load the 103-code catalogue from rejections/data/rejection_codes.csv (reverse: delete those codes)."""

import csv
from pathlib import Path

from django.db import migrations

from rejections.codes import sort_key_for

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "rejection_codes.csv"


def _rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_catalogue(apps, schema_editor):
    RejectionCode = apps.get_model("rejections", "RejectionCode")
    RejectionCode.objects.bulk_create(
        [
            RejectionCode(
                code=row["code"],
                reason=row["reason"],
                remediation=row["remediation"],
                family=row["family"],
                remediable=row["remediable"] == "true",
                sort_key=sort_key_for(row["code"]),
            )
            for row in _rows()
        ]
    )


def unload_catalogue(apps, schema_editor):
    RejectionCode = apps.get_model("rejections", "RejectionCode")
    RejectionCode.objects.filter(code__in=[row["code"] for row in _rows()]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rejections", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_catalogue, unload_catalogue),
    ]
