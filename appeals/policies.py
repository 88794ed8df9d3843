"""Who may file which appeal now: one function per action, asked by the pages, the API and the templates.

The subject's rules (A2–A7) stay in ``services.appeal_eligibility``, which ``appeal_open`` and ``appeal_submit``
enforce; these functions add who is asking, so a page never offers an action the service would refuse.
"""

from __future__ import annotations

import datetime as dt

from brands.models import Brand
from core.policy import ALLOWED, Decision, customers_only, deny, staff_only
from vetting.models import Vet

from . import services

ONLY_CUSTOMERS = "Appeals are filed by the brand's owner (a customer user); staff decide them."


def _from_eligibility(eligibility: services.Eligibility) -> Decision:
    if eligibility.eligible:
        return ALLOWED
    # Every reason at once, in plain words: the customer should not fix one thing only to meet the next.
    return deny(" ".join(r.message for r in eligibility.reasons), eligibility.reasons[0].code)


def identity_appeal_eligibility(
    *, user, brand: Brand, today: dt.date | None = None, eligibility: services.Eligibility | None = None
) -> Decision:
    """Whether ``user`` may appeal ``brand``'s identity status now (A2–A4, A7), and why not.

    ``eligibility``: the brand's ``services.appeal_eligibility`` when the caller already computed it.
    """
    if not (decision := customers_only(user, ONLY_CUSTOMERS)):
        return decision
    return _from_eligibility(eligibility or services.appeal_eligibility(brand=brand, today=today))


def vet_appeal_eligibility(
    *, user, vet: Vet, today: dt.date | None = None, eligibility: services.Eligibility | None = None
) -> Decision:
    """Whether ``user`` may appeal the standard vet ``vet`` now (A1, A4, A6, A7), and why not."""
    if not (decision := customers_only(user, ONLY_CUSTOMERS)):
        return decision
    return _from_eligibility(eligibility or services.appeal_eligibility(vet=vet, today=today))


def appeal_can_change_evidence(user, appeal) -> Decision:
    """Only the customer adds or removes evidence, and only while the appeal is a draft (A7)."""
    if not (decision := customers_only(user, ONLY_CUSTOMERS)):
        return decision
    if not appeal.is_draft:
        return deny("Once submitted an appeal is frozen: no new or removed evidence.", "A7")
    return ALLOWED


# --- who may do this (the services enforce these; the API and the pages ask them first) ----------------------------


def appeal_can_file(user) -> Decision:
    return customers_only(user, ONLY_CUSTOMERS)


def appeal_can_edit(user) -> Decision:
    """The draft's categories, explanation and evidence: the customer's."""
    return customers_only(user, ONLY_CUSTOMERS)


def appeal_can_submit(user) -> Decision:
    return customers_only(user, ONLY_CUSTOMERS)


def appeal_can_start_review(user) -> Decision:
    return staff_only(user, "Only compliance staff review and decide appeals.")


def appeal_can_decide(user) -> Decision:
    return staff_only(user, "Only compliance staff review and decide appeals.")
