"""Who may do what to a vet: one function per action, asked by the services, pages, API and templates."""

from __future__ import annotations

from brands.choices import BrandStatus, EntityType
from core.policy import ALLOWED, Decision, customers_only, deny, staff_only

from .choices import FINAL_STATUSES, VetStatus


def vet_can_request(user, brand=None) -> Decision:
    """Ordering a vet is the customer's purchase from a vendor; staff record what the vendor answers. With a
    brand: vets are ordered only for an approved brand (B7)."""
    if not (
        decision := customers_only(
            user, "Only customers order vets for their brands; staff record the vendors' results."
        )
    ):
        return decision
    if brand is not None and brand.status != BrandStatus.APPROVED:
        return deny(
            f"{brand} is {brand.get_status_display().lower()}; vets can be ordered once the brand is approved.", "B7"
        )
    return ALLOWED


def vet_can_use_vet_form(user, brand) -> Decision:
    """The brand page's order/import form: a customer once they may order on this brand, staff on any brand
    (they import a vetted instance's token into the others, V6)."""
    if getattr(user, "is_staff_role", False):
        return vet_can_import(user)
    return vet_can_request(user, brand)


def political_use_case_at_once(brand) -> bool:
    """V5: a 501(c) tax-exempt non-profit has the POLITICAL use case without a vet."""
    return brand.entity_type == EntityType.NON_PROFIT and brand.is_tax_exempt


def political_vet_allowed(brand) -> Decision:
    """V5: only non-profits without a 501(c) tax-exempt status may request or import a political vet."""
    if brand.entity_type != EntityType.NON_PROFIT:
        return deny(
            f"Political vets are for non-profit organizations; {brand} is a {brand.get_entity_type_display().lower()}.",
            "V5",
        )
    if political_use_case_at_once(brand):
        return deny(
            f"{brand} holds {brand.get_tax_exempt_status_display()} tax-exempt status, so the POLITICAL use case is "
            "available to it at once; it may not request or import a political vet.",
            "V5",
        )
    return ALLOWED


def authplus_vet_allowed(brand) -> Decision:
    """N4: the registry's Authentication+ verifies the business contact of a publicly traded company."""
    if brand.entity_type != EntityType.PUBLIC_PROFIT:
        return deny(
            f"Authentication+ is for publicly traded companies; {brand} is a "
            f"{brand.get_entity_type_display().lower()}.",
            "N4",
        )
    return ALLOWED


def vet_can_import(user) -> Decision:
    """Customers import tokens they hold; staff import a vetted brand's token into its other instances (V6)."""
    if getattr(user, "is_customer", False) or getattr(user, "is_staff_role", False):
        return ALLOWED
    return deny("Your user has no role in the portal.")


def vet_can_record_result(user, vet=None, status: str | None = None) -> Decision:
    """Staff record a vendor's result while the vet is open (V2). ACTIVE and FAIL are final: a later score
    change is an appeal (A9), never a silent rewrite; an ACTIVE vet may only be reported EXPIRED."""
    if not (decision := staff_only(user, "Only compliance staff record vendor results.")):
        return decision
    if vet is None or vet.status not in (*FINAL_STATUSES, VetStatus.EXPIRED):
        return ALLOWED
    if vet.status == VetStatus.ACTIVE and status == VetStatus.EXPIRED:
        return ALLOWED
    score = f" with score {vet.score}" if vet.score is not None else ""
    if vet.status == VetStatus.EXPIRED:
        return deny("The vet has EXPIRED; no further result can be recorded. Order a new vet.", "V2")
    return deny(
        f"The vet is final ({vet.status}{score}); a result cannot be recorded again. "
        + (
            "A vendor's expiry may still be recorded (EXPIRED). "
            if vet.status == VetStatus.ACTIVE
            else "Order a new vet or appeal this one. "
        )
        + "A new score comes only through an approved appeal.",
        "V2",
    )


def vet_can_rescore(user) -> Decision:
    return staff_only(user, "Only compliance staff rescore a vet, by deciding its appeal.")


def vet_can_see_token_details(user) -> Decision:
    """Which brand holds a token, and its class and vendor, are staff knowledge: a customer's refusal never
    says whether a token lives in another account (DESIGN §9)."""
    return staff_only(user, "Where else a token is used is shown to compliance staff only.")
