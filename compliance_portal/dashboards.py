"""What each role's dashboard counts. Domain apps add their figures here as they arrive."""

from __future__ import annotations

from accounts.models import Account, SubAccount


def for_user(user) -> dict:
    sub_accounts = SubAccount.objects.visible_to(user)
    context: dict = {"sub_account_count": sub_accounts.count()}
    if user.is_staff_role:
        context["account_count"] = Account.objects.count()
    return context
