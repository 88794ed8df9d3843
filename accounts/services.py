"""Account, sub-account and user services."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core.errors import DomainError, StateConflict

from . import policies, signals
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


# ----------------------------------------------------------------------------------------------------------
# C8 / M4.2: suspending a sub-account or an account. Accounts changes its own row and says so (accounts.signals);
# the apps above suspend what they own under it, in the same transaction, and so does the audit trail.
# ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Suspension:
    """One suspension step done (or undone): the sub-account or account, and what the listening apps suspended
    (or reinstated) with it — e.g. campaigns — in the order they returned them."""

    subject: Account | SubAccount
    along: list[models.Model] = field(default_factory=list)

    def along_text(self) -> str:
        """“ with 1 campaign”, “ with 2 campaigns and 1 sender id”, or nothing: for the page's confirmation."""
        counts: dict[str, list[models.Model]] = {}
        for obj in self.along:
            counts.setdefault(obj._meta.label, []).append(obj)
        parts = []
        for objs in counts.values():
            meta = objs[0]._meta
            parts.append(f"{len(objs)} {meta.verbose_name if len(objs) == 1 else meta.verbose_name_plural}")
        return f" with {' and '.join(parts)}" if parts else ""


#: Per subject and direction (suspend: True): the policy asked and the signal sent; per subject, the rule of a
#: refusal because of its state.
_STEPS = {
    (SubAccount, True): (policies.sub_account_can_suspend, signals.sub_account_suspended),
    (SubAccount, False): (policies.sub_account_can_reinstate, signals.sub_account_reinstated),
    (Account, True): (policies.account_can_suspend, signals.account_suspended),
    (Account, False): (policies.account_can_reinstate, signals.account_reinstated),
}
_CODES = {SubAccount: "C8", Account: "M4.2"}


def _step(obj: Account | SubAccount, *, suspend: bool, actor: User, reason: str) -> Suspension:
    """Ask the policy, lock the row, check its state, write its suspension (or clear it), then let the apps above
    follow and the audit trail record it (the signal, inside this transaction)."""
    model = obj._meta.concrete_model
    policy, signal = _STEPS[model, suspend]
    policy(actor).enforce()
    reason = (reason or "").strip()
    if not reason:
        what = "suspension" if suspend else "reinstatement"
        raise DomainError("required", f"A {what} needs a reason.", field="reason")
    queryset = model.objects.select_related("account") if model is SubAccount else model.objects.all()
    try:
        obj = queryset.select_for_update().get(pk=obj.pk)
    except model.DoesNotExist:
        raise DomainError("not_found", f"No such {model._meta.verbose_name}.") from None
    label = str(obj) if model is SubAccount else f"The account {obj}"
    if suspend and obj.is_suspended:
        raise StateConflict(_CODES[model], f"{label} is already suspended ({obj.suspended_reason}).")
    if not suspend and not obj.is_suspended:
        raise StateConflict(_CODES[model], f"{label} is not suspended.")
    obj.suspended_at = timezone.now() if suspend else None
    obj.suspended_reason = reason[:255] if suspend else ""
    obj.save(update_fields=["suspended_at", "suspended_reason"])
    responses = signal.send(sender=model, instance=obj, actor=actor, reason=reason)
    return Suspension(obj, [item for _receiver, items in responses if items for item in items])


@transaction.atomic
def sub_account_suspend(*, actor: User, sub_account: SubAccount, reason: str) -> Suspension:
    """C8: suspend a sub-account (staff); every approved campaign under it is suspended with it."""
    return _step(sub_account, suspend=True, actor=actor, reason=reason)


@transaction.atomic
def sub_account_reinstate(*, actor: User, sub_account: SubAccount, reason: str) -> Suspension:
    """C8: reinstate a sub-account and exactly what its suspension suspended (not campaigns suspended alone)."""
    return _step(sub_account, suspend=False, actor=actor, reason=reason)


@transaction.atomic
def account_suspend(*, actor: User, account: Account, reason: str) -> Suspension:
    """M4.2, the last step of the ladder (a manager): suspend a customer account and everything under every one
    of its sub-accounts."""
    return _step(account, suspend=True, actor=actor, reason=reason)


@transaction.atomic
def account_reinstate(*, actor: User, account: Account, reason: str) -> Suspension:
    """M4.2: reinstate an account; exactly what its suspension suspended comes back (what a sub-account's own
    suspension still holds stays suspended)."""
    return _step(account, suspend=False, actor=actor, reason=reason)


# ----------------------------------------------------------------------------------------------------------
# S4: direct brands only. An account serving other ISVs needs a manager's prior approval; the audit trail and
# the brands' 710 finding follow through ``accounts.signals.reseller_changed`` (both apps sit above this one).
# ----------------------------------------------------------------------------------------------------------


def _reseller_step(*, actor: User, account: Account, reason: str, policy, action: str, change) -> Account:
    policy(actor).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("required", "Say why (it is recorded with the decision).", field="reason")
    if len(reason) > 255:
        raise DomainError(
            "invalid", f"The reason is {len(reason)} characters; at most 255 (cut {len(reason) - 255}).", field="reason"
        )
    try:
        account = Account.objects.visible_to(actor).select_for_update().get(pk=account.pk)
    except Account.DoesNotExist:
        raise DomainError("not_found", "No such account.") from None
    policy(actor, account).enforce()
    fields = change(account, reason)
    account.save(update_fields=fields)
    signals.reseller_changed.send(sender=Account, instance=account, actor=actor, reason=reason, action=action)
    return account


@transaction.atomic
def account_mark_reseller(*, actor: User, account: Account, reason: str) -> Account:
    """S4: the account serves other ISVs (staff mark it, or its customer declares it); approval pending."""

    def change(account: Account, reason: str) -> list[str]:
        account.reseller = True
        account.reseller_marked_at = timezone.now()
        return ["reseller", "reseller_marked_at"]

    return _reseller_step(
        actor=actor,
        account=account,
        reason=reason,
        policy=policies.account_can_mark_reseller,
        action="reseller_marked",
        change=change,
    )


@transaction.atomic
def account_approve_reseller(*, actor: User, account: Account, reason: str) -> Account:
    """S4: a manager approves an account serving other ISVs, with a reason; its brands lose the 710 finding."""

    def change(account: Account, reason: str) -> list[str]:
        account.reseller_approved_at = timezone.now()
        account.reseller_approved_by = actor
        account.reseller_reason = reason
        return ["reseller_approved_at", "reseller_approved_by", "reseller_reason"]

    return _reseller_step(
        actor=actor,
        account=account,
        reason=reason,
        policy=policies.account_can_approve_reseller,
        action="reseller_approved",
        change=change,
    )
