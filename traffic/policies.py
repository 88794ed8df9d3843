"""Who may do what with sending-platform tokens, the fraud-shield secret and traffic alerts."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, deny

from .choices import AlertState


def _own_customer(user, account_id: int | None) -> bool:
    return bool(getattr(user, "is_customer", False) and user.account_id == account_id)


def token_can_manage(user, account=None) -> Decision:
    """Tokens are the customer's own credentials: only the account's customers create and revoke them."""
    if not getattr(user, "is_customer", False):
        return deny("Only the account's own users create and revoke sending-platform tokens.")
    if account is not None and user.account_id != getattr(account, "pk", account):
        return deny("Only the account's own users create and revoke sending-platform tokens.")
    return ALLOWED


def fraud_shield_can_rotate(user, account=None) -> Decision:
    """The customer (for their account) or staff (for any) sets up or rotates the fraud-shield URL."""
    if getattr(user, "is_staff_role", False):
        return ALLOWED
    if account is not None and _own_customer(user, getattr(account, "pk", account)):
        return ALLOWED
    if account is None and getattr(user, "is_customer", False):
        return ALLOWED
    return deny("Only the account's users or compliance staff may change the fraud-shield address.")


def alert_can_acknowledge(user, alert=None) -> Decision:
    if not getattr(user, "is_staff_role", False):
        return deny("Only compliance staff acknowledge alerts.")
    if alert is not None and alert.state != AlertState.OPEN:
        return deny(f"This alert is {alert.get_state_display().lower()}: only an open alert is acknowledged.", "M3")
    return ALLOWED


def alert_can_close(user, alert=None) -> Decision:
    if not getattr(user, "is_staff_role", False):
        return deny("Only compliance staff close alerts.")
    if alert is not None and alert.state not in (AlertState.OPEN, AlertState.ACKNOWLEDGED):
        return deny(f"This alert is {alert.get_state_display().lower()} already.", "M3")
    return ALLOWED
