"""Who may do what to a campaign: one function per action, asked by the services, pages, API and templates."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny, staff_only

from .choices import CampaignStatus
from .models import EDITABLE_STATES


def campaign_can_create(user) -> Decision:
    return customers_only(user, "Only customers register campaigns; staff review them.")


def campaign_can_edit(user, campaign=None) -> Decision:
    """The role, and with a campaign its state: a draft or a rejected campaign; a closed one never (C5)."""
    if not (decision := customers_only(user, "Only the customer edits a campaign; staff review it.")):
        return decision
    if campaign is not None and campaign.status not in EDITABLE_STATES:
        closed = campaign.status == CampaignStatus.CLOSED
        return deny(
            f"{campaign.reference} cannot be edited while {campaign.get_status_display().lower()}: only a draft or "
            "a rejected campaign can be edited"
            + (" — a closed campaign cannot change (no remediation is available)." if closed else "."),
            "C5" if closed else "C2",
        )
    return ALLOWED


def campaign_can_submit(user, campaign=None) -> Decision:
    if not (decision := customers_only(user, "Only the customer submits a campaign; staff review it.")):
        return decision
    if campaign is None:
        return ALLOWED
    if campaign.status == CampaignStatus.CLOSED:
        return deny(
            f"{campaign.reference} was closed by a rejection with no remediation; it cannot be resubmitted.", "C5"
        )
    if campaign.status not in EDITABLE_STATES:
        return deny(
            f"{campaign.reference} is {campaign.get_status_display().lower()}; "
            "only a draft or a rejected campaign can be submitted.",
            "C5",
        )
    return ALLOWED


def campaign_can_resubmit_for_vet(user) -> Decision:
    """V7: registering a campaign again with the vet in force is the customer's submission."""
    return customers_only(user, "Only the customer resubmits campaigns for a new vet.")


def campaign_can_prescreen(user) -> Decision:
    """The pre-screen saves nothing: customers check what they type, staff check content they review."""
    if getattr(user, "is_customer", False) or getattr(user, "is_staff_role", False):
        return ALLOWED
    return deny("Your user has no role in the portal.")


def campaign_can_start_review(user) -> Decision:
    return staff_only(user, "Only compliance staff review campaigns.")


def campaign_can_review(user, campaign=None) -> Decision:
    """Staff decide; an escalated campaign (rejected 5 times, C6) only a manager."""
    if not (decision := staff_only(user, "Only compliance staff review campaigns.")):
        return decision
    if campaign is not None and campaign.escalated and not user.is_manager:
        return deny(
            f"{campaign.reference} was rejected {campaign.rejection_count} times and is escalated: a manager decides.",
            "C6",
        )
    return ALLOWED


def campaign_can_suspend(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate campaigns.")


def campaign_can_reinstate(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate campaigns.")


def campaign_can_set_carrier_status(user, campaign=None) -> Decision:
    """N3: staff record what a carrier decided (the registry's webhook records it too); customers read it."""
    return staff_only(user, "Only staff record a carrier's decision; the registry reports the rest.")
