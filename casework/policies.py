"""Who may work the queues and write on a subject: one function per action, asked by the services, pages and API."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, deny, managers_only, staff_only

ONLY_STAFF = "Only compliance staff work the queues."


def queue_can_view(user) -> Decision:
    return staff_only(user, ONLY_STAFF)


def workitem_can_claim(user) -> Decision:
    return staff_only(user, ONLY_STAFF)


def workitem_can_take_next(user) -> Decision:
    return staff_only(user, ONLY_STAFF)


def workitem_can_release(user) -> Decision:
    """Staff; whose item it is (its assignee, or a manager) is judged on the locked row by the service (409)."""
    return staff_only(user, ONLY_STAFF)


def workitem_can_assign(user) -> Decision:
    return managers_only(user, "Only managers assign work to others.")


def comment_can_add(user, *, internal: bool = False) -> Decision:
    """Messages: customers (on their own subjects, through the tenancy gate) and staff; internal notes: staff."""
    if internal:
        return staff_only(user, "Only staff write internal notes.")
    if getattr(user, "is_staff_role", False) or getattr(user, "is_customer", False):
        return ALLOWED
    return deny("Your user has no role in the portal.")
