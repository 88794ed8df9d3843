"""What each role's dashboard counts. Domain apps add their figures here as they arrive."""

from __future__ import annotations

from django.db.models import Count, Q

from accounts.models import Account, SubAccount
from brands.choices import BrandStatus
from brands.models import Brand
from vetting.choices import OPEN_STATUSES
from vetting.models import Vet


def for_user(user) -> dict:
    context: dict = {"sub_account_count": SubAccount.objects.visible_to(user).count()}
    brands = Brand.objects.visible_to(user).aggregate(
        total=Count("id"),
        drafts=Count("id", filter=Q(status=BrandStatus.DRAFT)),
        waiting=Count("id", filter=Q(status__in=[BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW])),
        changes=Count("id", filter=Q(status=BrandStatus.CHANGES_REQUESTED)),
    )
    context["brands"] = brands
    context["open_vets"] = Vet.objects.visible_to(user).filter(status__in=OPEN_STATUSES).count()
    if user.is_staff_role:
        context["account_count"] = Account.objects.count()
    return context
