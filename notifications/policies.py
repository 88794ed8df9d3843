"""Who may do what with notifications, contacts and webhooks: one function per action."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny


def notification_can_read(user) -> Decision:
    """Every signed-in user has an inbox (customers and staff alike)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return deny("Sign in to read your notifications.")
    return ALLOWED


def email_preference_can_edit(user) -> Decision:
    return notification_can_read(user)


def contact_can_manage(user) -> Decision:
    return customers_only(user, "Compliance contacts are kept by the customer's own users.")


def webhook_can_manage(user) -> Decision:
    return customers_only(user, "Webhook endpoints are kept by the customer's own users.")


def webhook_can_replay(user, delivery=None) -> Decision:
    if not (decision := webhook_can_manage(user)):
        return decision
    if delivery is not None and not delivery.endpoint.active:
        return deny("Turn the endpoint back on before sending a delivery again.", "endpoint_inactive")
    return ALLOWED
