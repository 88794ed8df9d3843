"""Reads for the campaign pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from core.fixes import DecisionToFix, decision_to_fix

from .choices import CampaignStatus, Carrier, ReviewDecision
from .models import Campaign, CarrierStatus


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


class CarrierRow(NamedTuple):
    """N3: one line of a campaign's carrier table: every known carrier, reported or not."""

    carrier: str
    label: str
    status: CarrierStatus | None


def campaign_carrier_table(*, statuses: Iterable[CarrierStatus]) -> list[CarrierRow]:
    """N3: every carrier in the registry's order with its recorded status (``None``: not reported yet).

    ``statuses`` are the campaign's rows (prefetched or one query): the table never queries per carrier."""
    by_carrier = {row.carrier: row for row in statuses}
    return [CarrierRow(carrier.value, carrier.label, by_carrier.get(carrier.value)) for carrier in Carrier]
