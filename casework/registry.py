"""The one place that decides what is open work: for each kind, the subject model and the states in which it
waits for staff (and those in which it waits on the customer, which pause the SLA clock)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse

from appeals.choices import AppealStatus
from appeals.models import Appeal
from brands.choices import BrandStatus
from brands.models import Brand
from campaigns.choices import CampaignStatus
from campaigns.models import Campaign
from vetting.choices import VetStatus
from vetting.models import Vet

from .choices import Priority, WorkKind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    model: type[models.Model]
    #: States in which the subject is in the queue.
    open_states: frozenset[str]
    #: Open states in which it waits on the customer: the SLA clock pauses.
    paused_states: frozenset[str]
    brand: Callable[[Any], Brand]
    label: Callable[[Any], str]
    reference: Callable[[Any], str]
    url_name: str
    #: Work that must be decided first (an escalated campaign) gets a higher priority.
    priority: Callable[[Any], int | None] = lambda subject: None

    def url(self, subject_id) -> str:
        return reverse(self.url_name, args=[subject_id])


KINDS: dict[str, KindSpec] = {
    WorkKind.BRAND: KindSpec(
        kind=WorkKind.BRAND,
        model=Brand,
        open_states=frozenset({BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW, BrandStatus.CHANGES_REQUESTED}),
        paused_states=frozenset({BrandStatus.CHANGES_REQUESTED}),
        brand=lambda brand: brand,
        label=lambda brand: f"{brand} ({brand.legal_name})" if brand.display_name else str(brand),
        reference=lambda brand: f"B-{brand.pk}",
        url_name="brand-detail",
    ),
    WorkKind.CAMPAIGN: KindSpec(
        kind=WorkKind.CAMPAIGN,
        model=Campaign,
        open_states=frozenset({CampaignStatus.SUBMITTED, CampaignStatus.IN_REVIEW}),
        paused_states=frozenset(),
        brand=lambda campaign: campaign.brand,
        label=lambda campaign: f"{campaign.reference} {campaign.get_use_case_display()} — {campaign.brand}",
        reference=lambda campaign: campaign.reference,
        url_name="campaign-detail",
        priority=lambda campaign: Priority.URGENT if campaign.escalated else None,
    ),
    WorkKind.VET: KindSpec(
        kind=WorkKind.VET,
        model=Vet,
        open_states=frozenset({VetStatus.REVIEW}),
        paused_states=frozenset(),
        brand=lambda vet: vet.brand,
        label=lambda vet: str(vet),
        reference=lambda vet: f"V-{vet.pk}",
        url_name="vet-detail",
    ),
    WorkKind.APPEAL: KindSpec(
        kind=WorkKind.APPEAL,
        model=Appeal,
        open_states=frozenset({AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW}),
        paused_states=frozenset(),
        brand=lambda appeal: appeal.brand,
        label=lambda appeal: f"Appeal #{appeal.pk} {appeal.get_appeal_type_display()} — {appeal.brand}",
        reference=lambda appeal: f"A-{appeal.pk}",
        url_name="appeal-detail",
    ),
}
KIND_BY_MODEL: dict[type[models.Model], KindSpec] = {spec.model: spec for spec in KINDS.values()}


def _state_labels(spec: KindSpec) -> list[tuple[str, str]]:
    """The kind's open states in the workflow order its status choices list them, with their labels."""
    choices = spec.model._meta.get_field("status").flatchoices
    return [(str(value), str(label)) for value, label in choices if value in spec.open_states]


def state_choices(kind: str | None = None) -> list[tuple[str, str]]:
    """The states an open item of ``kind`` can be in, as (value, label), for the queue's state filter.

    Without a kind: the union across kinds. Kinds share their review states' values ("submitted", "in_review"),
    so one option matches them all; a state of one kind only names it ("Changes requested (brand)")."""
    if kind in KINDS:
        return _state_labels(KINDS[kind])
    owners: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for spec in KINDS.values():
        for value, label in _state_labels(spec):
            owners.setdefault(value, []).append(spec.kind)
            labels.setdefault(value, label)
    choices = []
    for value, label in labels.items():
        kinds = owners[value]
        choices.append((value, f"{label} ({kinds[0]})" if len(kinds) == 1 else label))
    return choices


def state_names(kind: str | None = None) -> dict[str, str]:
    """Every way to name an open state of ``kind`` (any kind without one), casefolded → value: the value, the
    value with spaces ("in review"), and the label the kind's pages show ("In manual review")."""
    specs = [KINDS[kind]] if kind in KINDS else list(KINDS.values())
    names: dict[str, str] = {}
    for spec in specs:
        for value, label in _state_labels(spec):
            for name in (value, value.replace("_", " "), label):
                names.setdefault(name.casefold(), value)
    return names


def spec_for(subject: models.Model) -> KindSpec | None:
    return KIND_BY_MODEL.get(type(subject))


def search_text(spec: KindSpec, subject) -> str:
    """What the queue search matches: brand names, EIN, the subject's reference and id."""
    brand = spec.brand(subject)
    parts = [brand.legal_name, brand.display_name, brand.tax_id, spec.reference(subject), str(subject.pk)]
    return " ".join(p for p in parts if p).lower()
