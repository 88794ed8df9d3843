"""Who may do what to a sender id: one function per action, asked by the services, pages, API and templates."""

from __future__ import annotations

from campaigns.choices import CampaignStatus
from core.policy import ALLOWED, Decision, deny, staff_only


def _customer_or_staff(user, reason: str) -> Decision:
    if getattr(user, "is_customer", False) or getattr(user, "is_staff_role", False):
        return ALLOWED
    return deny(reason)


def sender_can_assign(user, campaign=None) -> Decision:
    """Customers assign their own numbers; staff may do it for them. A closed campaign can never send, so it takes
    no numbers; any other state may (only an approved campaign's numbers pass the at-send check, S2)."""
    if not (decision := _customer_or_staff(user, "Your user has no role in the portal.")):
        return decision
    if campaign is not None and campaign.status == CampaignStatus.CLOSED:
        return deny(f"{campaign.reference} is closed: it can never send, so it takes no numbers.", "C5")
    return ALLOWED


def sender_can_release(user, sender=None) -> Decision:
    if not (decision := _customer_or_staff(user, "Your user has no role in the portal.")):
        return decision
    if sender is not None and sender.is_released:
        return deny(f"{sender.number} was already released from {sender.campaign.reference}.", "released")
    if sender is not None and sender.is_suspended and not user.is_staff_role:
        return deny(
            f"{sender.number} is suspended by compliance: it can be released once it is reinstated.", "suspended"
        )
    return ALLOWED


def sender_can_suspend(user, sender=None) -> Decision:
    if not (decision := staff_only(user, "Only compliance staff suspend or reinstate sender ids.")):
        return decision
    if sender is not None and not sender.is_active:
        return deny(f"{sender.number} is {sender.get_status_display().lower()}: only an active one is suspended.", "S2")
    return ALLOWED


def sender_can_reinstate(user, sender=None) -> Decision:
    if not (decision := staff_only(user, "Only compliance staff suspend or reinstate sender ids.")):
        return decision
    if sender is not None and not sender.is_suspended:
        return deny(f"{sender.number} is {sender.get_status_display().lower()}, not suspended.", "S2")
    return ALLOWED


def sender_can_list_all(user) -> Decision:
    """The staff list of every account's sender ids (customers have their own list)."""
    return staff_only(user, "Only compliance staff see every account's sender ids.")
