"""Subjects driven into the queues through the real services, and cheap work items for queue-sized tests."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

from django.utils import timezone

from appeals import services as appeal_services
from brands import services as brand_services
from casework.choices import Priority
from casework.models import WorkItem
from tests.appeals.factories import draft_appeal, registry_answered
from tests.brands.factories import make_brand
from tests.campaigns.factories import make_campaign
from vetting import services as vet_services

_subject_ids = count(900_000)


def verified_brand(*, customer, sub_account, analyst, **overrides):
    """Approved and identity VERIFIED: a campaign of it may be submitted (C7)."""
    brand = make_brand(customer=customer, sub_account=sub_account, status="approved", analyst=analyst, **overrides)
    brand_services.brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="IRS letter")
    brand.refresh_from_db()
    return brand


def submitted_campaign(*, customer, brand, **overrides):
    return make_campaign(customer=customer, brand=brand, status="submitted", **overrides)


def vet_in_review(*, customer, analyst, brand):
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    return vet_services.vet_record_result(actor=analyst, vet=vet, status="IN_REVIEW")


def submitted_appeal(*, customer, analyst, brand):
    """An identity-status appeal of an approved brand the registry left UNVERIFIED, filed."""
    appeal = draft_appeal(customer=customer, brand=registry_answered(brand, analyst=analyst))
    return appeal_services.appeal_submit(actor=customer, appeal=appeal)


def open_item(subject) -> WorkItem:
    return WorkItem.objects.get(kind=subject.audit_subject_type, subject_id=subject.pk, closed_at__isnull=True)


def items_of(subject):
    return WorkItem.objects.filter(kind=subject.audit_subject_type, subject_id=subject.pk).order_by("id")


def bulk_items(*, account, n: int, kind: str = "campaign", start=None, step=timedelta(minutes=1), **fields):
    """``n`` open items straight into the table (no subjects behind them), due one ``step`` apart from ``start``."""
    start = start or timezone.now() + timedelta(hours=1)
    now = timezone.now()
    rows = []
    for i in range(n):
        subject_id = next(_subject_ids)
        values = {
            "kind": kind,
            "subject_id": subject_id,
            "subject_label": f"{kind} item {i:04d}",
            "search": f"bulk item {i:04d} c-{subject_id}",
            "account": account,
            "state": "submitted",
            "priority": Priority.NORMAL,
            "opened_at": now - timedelta(hours=1),
            "sla_due": start + i * step,
            **fields,
        }
        rows.append(WorkItem(**values))
    return WorkItem.objects.bulk_create(rows)
