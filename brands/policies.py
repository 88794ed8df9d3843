"""Who may do what to a brand: one function per action, asked by the services, pages, API and templates."""

from __future__ import annotations

from core.policy import ALLOWED, Decision, customers_only, deny, staff_only

from .choices import BrandStatus, ReviewDecision

#: Review states in which the customer may edit the brand.
EDITABLE_STATES = (BrandStatus.DRAFT, BrandStatus.CHANGES_REQUESTED, BrandStatus.APPROVED)
#: Review states from which the customer may submit the brand.
SUBMITTABLE_STATES = (BrandStatus.DRAFT, BrandStatus.CHANGES_REQUESTED)


def brand_can_register(user) -> Decision:
    return customers_only(user, "Only customers register brands; staff review them.")


def brand_can_edit(user, brand=None) -> Decision:
    """The role, and with a brand its state: frozen by an appeal (B5) or under review (B7)."""
    if not (decision := customers_only(user, "Only customers edit their brands; staff review them.")):
        return decision
    if brand is None:
        return ALLOWED
    if brand.is_frozen:
        return deny(f"{brand} is frozen until its appeal completes ({brand.frozen_reason}); no updates.", "B5")
    if brand.status not in EDITABLE_STATES:
        return deny(
            f"{brand} is {brand.get_status_display().lower()}; "
            "it can be edited only when draft, changes requested or approved.",
            "B7",
        )
    return ALLOWED


def brand_can_submit(user, brand=None) -> Decision:
    if not (decision := customers_only(user, "Only the customer submits a brand for review.")):
        return decision
    if brand is None:
        return ALLOWED
    if brand.is_frozen:
        return deny(f"{brand} is frozen until its appeal completes; it cannot be resubmitted now.", "B5")
    if brand.status not in SUBMITTABLE_STATES:
        return deny(
            f"{brand} is {brand.get_status_display().lower()}; "
            "only a draft or a brand with changes requested can be submitted.",
            "B7",
        )
    if brand.account.reseller_pending:
        return deny(
            f"{brand} cannot be submitted yet: your account is registered as serving other ISVs, which compliance "
            "must approve first. Each brand must be registered with its own details, not the agency's behind it.",
            "710",
        )
    return ALLOWED


def brand_can_review(user, brand=None, decision: str | None = None) -> Decision:
    """Staff decide. Changes cannot be requested from a customer whose brand an appeal has frozen: the customer
    could not make them (B5) while the queue waited on them."""
    if not (allowed := staff_only(user, "Only compliance staff review brands.")):
        return allowed
    if brand is not None and decision == ReviewDecision.REQUEST_CHANGES and brand.is_frozen:
        return deny(
            f"{brand} is frozen by a submitted appeal ({brand.frozen_reason}): the customer cannot change it "
            "until the appeal is decided, so changes cannot be requested now. Decide the appeal first.",
            "B5",
        )
    return ALLOWED


def brand_can_record_identity(user) -> Decision:
    return staff_only(user, "Only compliance staff record the registry's identity result.")


def brand_can_suspend(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate brands.")


def brand_can_see_all_findings(user) -> Decision:
    """Staff see the findings drawn from other accounts' brands; customers never (DESIGN §9)."""
    return staff_only(user, "Findings about other accounts' brands are shown to compliance staff only.")


def brand_can_reinstate(user) -> Decision:
    return staff_only(user, "Only compliance staff suspend or reinstate brands.")
