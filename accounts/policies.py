"""Who may suspend and reinstate sub-accounts and accounts: asked by the services, pages, API and templates."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, deny, managers_only, staff_only


def sub_account_can_suspend(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate sub-accounts.")


def sub_account_can_reinstate(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate sub-accounts.")


def account_can_suspend(user) -> Decision:
    """M4.2: the account step of the enforcement ladder is a manager's."""
    return managers_only(user, "Only a compliance manager suspends or reinstates a customer account.")


def account_can_reinstate(user) -> Decision:
    return managers_only(user, "Only a compliance manager suspends or reinstates a customer account.")


def account_can_mark_reseller(user, account=None) -> Decision:
    """S4: staff mark an account that serves other ISVs (from what its brands show, or from the customer's word)."""
    if not (decision := staff_only(user, "Only compliance staff mark an account as serving other ISVs.")):
        return decision
    if account is not None and account.reseller:
        return deny(f"The account {account} is already registered as serving other ISVs.", "S4")
    return ALLOWED


def account_can_approve_reseller(user, account=None) -> Decision:
    """S4: an account serving other ISVs needs a manager's prior approval."""
    if not (decision := managers_only(user, "Only a compliance manager approves an account serving other ISVs.")):
        return decision
    if account is not None and not account.reseller_pending:
        state = "already approved" if account.reseller_approved else "a direct account"
        return deny(f"The account {account} is {state}: there is nothing to approve.", "S4")
    return ALLOWED
