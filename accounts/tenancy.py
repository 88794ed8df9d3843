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
