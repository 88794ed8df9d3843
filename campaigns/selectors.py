"""Reads for the campaign pages."""

from __future__ import annotations

from collections.abc import Mapping

from core.fixes import DecisionToFix, decision_to_fix

from .choices import CampaignStatus, ReviewDecision
from .models import Campaign


def _form_field(name: str) -> str:
    """Findings name inputs in the API's spelling; the form numbers its sample boxes from 1."""
    prefix, _, index = name.partition(".")
    if prefix == "sample_messages" and index.isdecimal():
        return f"sample_message_{int(index) + 1}"
    return name


def campaign_decision_to_fix(*, campaign: Campaign, labels: Mapping[str, str]) -> DecisionToFix | None:
    """After a rejection (C5/C6): its codes, the analyst's note and the fields they point at."""
    if campaign.status != CampaignStatus.REJECTED:
        return None
    review = campaign.reviews.filter(decision=ReviewDecision.REJECT).order_by("-decided_at", "-id").first()
    if review is None:
        return None
    return decision_to_fix(
        title="Rejected",
        decided_at=review.decided_at,
        note=review.reason,
        codes=review.codes,
        findings=campaign.findings,
        labels=labels,
        form_field=_form_field,
    )
