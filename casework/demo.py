"""Demo queue data (part of ``seed_demo``): messages and a note on a rejected campaign, one item claimed,
and queue ages spread over the last days so the SLA columns show on-time, due-soon and overdue work."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.demo import DemoAccounts
from campaigns.models import Campaign

from . import services
from .models import Comment, WorkItem


def seed(base: DemoAccounts) -> None:
    if Comment.objects.exists():
        return
    analyst, customer = base.users["analyst"], base.users["customer-a"]
    rejected = Campaign.objects.filter(status="rejected", brand__sub_account__account=customer.account).first()
    if rejected is not None:
        services.comment_add(
            actor=analyst,
            subject=rejected,
            body="Please replace the bit.ly link with a link on acmedental.example.com and add “promotional” to "
            "the call to action; then resubmit.",
        )
        services.comment_add(
            actor=customer, subject=rejected, body="Thanks — we'll switch to our own domain and resubmit today."
        )
        services.comment_add(
            actor=analyst, subject=rejected, body="Second rejection in a month for this ISV.", internal=True
        )
    # Demo only: spread the queue over the past days (these timestamps are normally set by the transitions).
    now = timezone.now()
    for age_days, item in zip((9, 4, 2, 1, 0.2, 3, 6), WorkItem.objects.open().order_by("id"), strict=False):
        opened = now - timedelta(days=age_days)
        due = opened + (item.sla_due - item.opened_at)
        WorkItem.objects.filter(pk=item.pk).update(opened_at=opened, sla_due=due)
    first = WorkItem.objects.open().filter(kind="campaign", assignee__isnull=True).order_by("sla_due").first()
    if first is not None:
        services.workitem_claim(actor=analyst, item=first)
