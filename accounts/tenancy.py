"""The one tenancy gate.

Every model a customer can reach gets a queryset built on ``TenantQuerySet`` and names the path
from itself to its ``Account`` in ``account_path``. Every query made for a customer goes through
``visible_to(user)``: staff see everything, a customer sees only rows under their own account,
everyone else sees nothing. Views resolve single objects with ``get_visible_or_404`` so another
account's object answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

M = TypeVar("M", bound=models.Model)


class TenantQuerySet(models.QuerySet):
    #: Lookup path from the model to its Account, e.g. ``"sub_account__account"``.
    account_path: str = ""

    def visible_to(self, user: User | AnonymousUser | None):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff_role:
            return self
        if user.account_id is None:
            return self.none()
        if not self.account_path:
            raise NotImplementedError(f"{self.model.__name__} has no account_path")
        return self.filter(**{self.account_path: user.account_id})


def get_visible_or_404(queryset: models.QuerySet[M], user, **lookup) -> M:
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {queryset.model._meta.verbose_name} matches the query.") from None


class AccountKeyed(models.Model):
    """A tenant-scoped row that carries its account's key directly.

    The tenancy filter and every customer list then cost the tenant's rows (``account, created_at DESC``
    indexes) instead of a join up to the account over the whole table. The key is derived, never chosen:
    on insert it is copied from the parent named by ``account_source`` (the sub-account, brand or appeal the
    row hangs off); on PostgreSQL a trigger refuses any row whose key disagrees with its parent's, and a
    sub-account can never move to another account, so the copy can't go stale.
    """

    #: The relation whose ``account_id`` this row copies on insert.
    account_source: str = ""

    account = models.ForeignKey(
        "accounts.Account", on_delete=models.PROTECT, related_name="+", editable=False, db_index=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.account_id is None:
            self.account_id = getattr(self, self.account_source).account_id
        super().save(*args, **kwargs)

    @property
    def audit_account_id(self) -> int:
        return self.account_id
