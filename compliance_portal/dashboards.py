"""What each role's dashboard counts. Domain apps add their figures here as they arrive."""

from __future__ import annotations

from django.db.models import Count, Q

from accounts.models import Account, SubAccount
from brands.choices import BrandStatus
from brands.models import Brand
from campaigns.choices import CampaignStatus
from campaigns.models import Campaign
from casework.models import WorkItem
from vetting.choices import OPEN_STATUSES
from vetting.models import Vet

#: Dashboard counts over the queues stop here ("1,000+"): the page never counts a whole large table.
COUNT_LIMIT = 1000
WAITING_BRAND_STATES = (BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW)


def _bounded(queryset) -> str:
    n = queryset.order_by().values("id")[: COUNT_LIMIT + 1].count()
    return f"{COUNT_LIMIT:,}+" if n > COUNT_LIMIT else str(n)


def for_user(user) -> dict:
    if user.is_staff_role:
        return _staff(user)
    return _customer(user)


def _staff(user) -> dict:
    """Bounded counts only: staff dashboards look at whole tables, and a page load never counts one whole."""
    items = WorkItem.objects.open()
    return {
        "work": {
            "mine": _bounded(items.filter(assignee=user)),
            "unassigned": _bounded(items.filter(assignee__isnull=True, paused_at__isnull=True)),
            "overdue": _bounded(items.overdue()),
        },
        "brands": {"waiting": _bounded(Brand.objects.filter(status__in=WAITING_BRAND_STATES))},
        "open_vets": _bounded(Vet.objects.filter(status__in=OPEN_STATUSES)),
        "account_count": _bounded(Account.objects.all()),
        "sub_account_count": _bounded(SubAccount.objects.all()),
    }


def _customer(user) -> dict:
    """Exact counts: they read the customer's own rows through the account-keyed indexes."""
    context: dict = {"sub_account_count": SubAccount.objects.visible_to(user).count()}
    context["brands"] = Brand.objects.visible_to(user).aggregate(
        total=Count("id"),
        drafts=Count("id", filter=Q(status=BrandStatus.DRAFT)),
        waiting=Count("id", filter=Q(status__in=WAITING_BRAND_STATES)),
        changes=Count("id", filter=Q(status=BrandStatus.CHANGES_REQUESTED)),
    )
    context["open_vets"] = Vet.objects.visible_to(user).filter(status__in=OPEN_STATUSES).count()
    context["campaigns"] = Campaign.objects.visible_to(user).aggregate(
        drafts=Count("id", filter=Q(status=CampaignStatus.DRAFT)),
        rejected=Count("id", filter=Q(status=CampaignStatus.REJECTED)),
        flagged=Count("id", filter=Q(needs_resubmission=True)),
    )
    return context
