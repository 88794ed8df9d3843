"""Account, sub-account and user services."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from core.errors import DomainError

from .choices import ANALYST_GROUP, MANAGER_GROUP, Role
from .models import Account, SubAccount, User


def sub_account_create(*, actor: User, name: str, account: Account | None = None) -> SubAccount:
    """Create a sub-account. Customers create under their own account; staff name the account."""
    name = (name or "").strip()
    if not name:
        raise DomainError("required", "A sub-account needs a name.", field="name")
    if actor.is_customer:
        account = actor.account
    elif not actor.is_staff_role:
        raise DomainError("forbidden", "Only customers and staff create sub-accounts.")
    if account is None:
        raise DomainError("required", "Choose the account the sub-account belongs to.", field="account")
    try:
        with transaction.atomic():
            return SubAccount.objects.create(account=account, name=name)
    except IntegrityError:
        raise DomainError(
            "duplicate",
            f"The account {account.name} already has a sub-account named “{name}”.",
            field="name",
        ) from None


def user_create(*, username: str, password: str, role: str, account: Account | None = None, email: str = "") -> User:
    """Create a user with exactly one role: staff via group membership, customers via account."""
    if role == Role.CUSTOMER:
        if account is None:
            raise DomainError("required", "A customer user belongs to an account.", field="account")
        user = User.objects.create_user(username=username, password=password, email=email, account=account)
        return user
    if account is not None:
        raise DomainError("invalid", "Staff users do not belong to a customer account.", field="account")
    group_name = {Role.ANALYST: ANALYST_GROUP, Role.MANAGER: MANAGER_GROUP}.get(role)
    if group_name is None:
        raise DomainError("invalid", f"Unknown role “{role}”.", field="role")
    user = User.objects.create_user(username=username, password=password, email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user
