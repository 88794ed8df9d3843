"""Tenancy (Account → SubAccount) and users with their roles."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from .choices import Role
from .tenancy import TenantQuerySet


class AccountQuerySet(TenantQuerySet):
    account_path = "pk"


class Account(models.Model):
    """An ISV customer of ours. Owns sub-accounts, and through them brands and campaigns."""

    audit_subject_type = "account"

    name = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: M4.2, the last step of the enforcement ladder: set by ``accounts.services.account_suspend`` (a manager);
    #: the apps above suspend what they own under it by listening to ``accounts.signals``.
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_reason = models.CharField(max_length=255, blank=True)
    #: S4: direct by default. An account serving other ISVs (a reseller) is marked so — by staff, or by the
    #: customer declaring it — and then needs a manager's approval with a reason; until then its brands carry
    #: the 710 finding and cannot be submitted. Set only by ``accounts.services``.
    reseller = models.BooleanField(default=False)
    reseller_marked_at = models.DateTimeField(null=True, blank=True)
    reseller_approved_at = models.DateTimeField(null=True, blank=True)
    reseller_approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reseller_reason = models.CharField("reason for the reseller approval", max_length=255, blank=True)

    objects = AccountQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reseller=True) | Q(reseller_approved_at__isnull=True, reseller_marked_at__isnull=True),
                name="account_reseller_fields_only_for_resellers",
            ),
            models.CheckConstraint(
                condition=Q(reseller_approved_at__isnull=True) | ~Q(reseller_reason=""),
                name="account_reseller_approval_has_reason",
            ),
        ]
        permissions = [
            ("work_queues", "Can work the review queues and decide"),
            ("manage_queues", "Can assign work and edit policy data"),
            ("export_reports", "Can export audit reports"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_account_id(self) -> int:
        return self.pk

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def reseller_pending(self) -> bool:
        """S4: marked as a reseller and not (yet) approved by a manager."""
        return self.reseller and self.reseller_approved_at is None

    @property
    def reseller_approved(self) -> bool:
        return self.reseller and self.reseller_approved_at is not None


class SubAccountQuerySet(TenantQuerySet):
    account_path = "account"


class SubAccount(models.Model):
    """One per end brand: an ISV segregates each brand it registers into its own sub-account."""

    audit_subject_type = "sub_account"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="sub_accounts")
    name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    #: C8: set by ``accounts.services.sub_account_suspend``; campaigns suspends its campaigns on the signal.
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_reason = models.CharField(max_length=255, blank=True)

    objects = SubAccountQuerySet.as_manager()

    class Meta:
        ordering = ["account__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "name"], name="subaccount_unique_name"),
        ]

    def __str__(self) -> str:
        return self.friendly_name

    @property
    def audit_account_id(self) -> int:
        return self.account_id

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None

    @property
    def friendly_name(self) -> str:
        """The name shown everywhere: ``<account> / <brand>``."""
        return f"{self.account.name} / {self.name}"


class User(AbstractUser):
    """A person who signs in. Customers belong to exactly one Account; staff to none.

    Staff roles are Django groups ("Analyst", "Manager") carrying permissions; ``role`` reads them.
    """

    account = models.ForeignKey(Account, null=True, blank=True, on_delete=models.PROTECT, related_name="users")

    objects = UserManager()

    class Meta:
        constraints = [
            # A customer can never also hold a staff flag: tenancy depends on it.
            models.CheckConstraint(
                condition=Q(account__isnull=True) | Q(is_staff=False, is_superuser=False),
                name="user_customer_is_not_staff",
            ),
        ]

    @cached_property
    def role(self) -> str | None:
        if self.account_id is not None:
            return Role.CUSTOMER
        if self.is_superuser or self.has_perm("accounts.manage_queues"):
            return Role.MANAGER
        if self.has_perm("accounts.work_queues"):
            return Role.ANALYST
        return None

    @property
    def is_staff_role(self) -> bool:
        return self.role in (Role.ANALYST, Role.MANAGER)

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_customer(self) -> bool:
        return self.role == Role.CUSTOMER
