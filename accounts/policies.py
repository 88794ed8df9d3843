"""Who may suspend and reinstate sub-accounts and accounts: asked by the services, pages, API and templates."""

from __future__ import annotations

from core.policy import Decision, managers_only, staff_only


def sub_account_can_suspend(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate sub-accounts.")


def sub_account_can_reinstate(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate sub-accounts.")


def account_can_suspend(user) -> Decision:
    """M4.2: the account step of the enforcement ladder is a manager's."""
    return managers_only(user, "Only a compliance manager suspends or reinstates a customer account.")


def account_can_reinstate(user) -> Decision:
    return managers_only(user, "Only a compliance manager suspends or reinstates a customer account.")
