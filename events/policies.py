"""Who may do what with traffic events: one function per action, asked by services, pages, API and templates."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny


def hook_can_manage(user) -> Decision:
    """Status-callback URLs are the customer's: they paste them into their provider's console."""
    return customers_only(user, "Only the customer makes and revokes status-callback URLs.")


def hook_can_view(user) -> Decision:
    if getattr(user, "is_customer", False) or getattr(user, "is_staff_role", False):
        return ALLOWED
    return deny("Your user has no role in the portal.")


def events_can_upload(user) -> Decision:
    """A bulk back-fill comes from the customer's sending platform (its token) or the customer; staff do not
    write traffic."""
    return customers_only(user, "Only the customer (or its sending platform) uploads delivery events.")


def events_can_list(user) -> Decision:
    if getattr(user, "is_customer", False) or getattr(user, "is_staff_role", False):
        return ALLOWED
    return deny("Your user has no role in the portal.")
