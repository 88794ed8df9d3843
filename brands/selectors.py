"""Reads for the brand pages."""

from __future__ import annotations

from collections.abc import Mapping

from accounts.models import User
from core.fixes import DecisionToFix, decision_to_fix

from .choices import BrandStatus, ReviewDecision
from .models import Brand
from .services import brand_findings_for


def brand_decision_to_fix(*, user: User, brand: Brand, labels: Mapping[str, str]) -> DecisionToFix | None:
    """While changes are requested (B7): the request's codes, the analyst's note and the fields they point at.

    Codes are placed by the findings ``user`` may read, so a customer never sees a finding about another account.
    """
    if brand.status != BrandStatus.CHANGES_REQUESTED:
        return None
    review = brand.reviews.filter(decision=ReviewDecision.REQUEST_CHANGES).order_by("-decided_at", "-id").first()
    if review is None:
        return None
    return decision_to_fix(
        title="Changes requested",
        decided_at=review.decided_at,
        note=review.reason,
        codes=review.codes,
        findings=brand_findings_for(user=user, findings=brand.findings),
        labels=labels,
    )
