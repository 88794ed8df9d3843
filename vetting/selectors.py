"""Reads about vets: the score in force, the throughput forecast (V3), brand instances (V6)."""

from __future__ import annotations

from dataclasses import dataclass

from brands.models import Brand

from .choices import UseCaseGroup, VetClass, VetStatus
from .models import ThroughputTier, Vet


def vet_score_in_force(*, brand: Brand) -> Vet | None:
    """The vet whose score applies: the most recently completed ACTIVE standard or enhanced vet."""
    return (
        Vet.objects.filter(brand=brand, status=VetStatus.ACTIVE, vet_class__in=[VetClass.STANDARD, VetClass.ENHANCED])
        .exclude(score__isnull=True)
        .order_by("-completed_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class Forecast:
    group: str
    group_label: str
    score: int | None
    tier: ThroughputTier | None


def throughput_forecast(*, brand: Brand, score: int | None = None, use_default_score: bool = True) -> list[Forecast]:
    """V3: the carrier class each kind of use case would get at the brand's score."""
    if use_default_score and score is None:
        vet = vet_score_in_force(brand=brand)
        score = vet.score if vet else None
    tiers = list(ThroughputTier.objects.all())
    forecasts = []
    for group in UseCaseGroup:
        match = None
        for tier in tiers:
            if tier.use_case_group != group:
                continue
            if group == UseCaseGroup.LOW_VOLUME or (score is not None and tier.min_score <= score <= tier.max_score):
                match = tier
                break
        forecasts.append(Forecast(group=group.value, group_label=group.label, score=score, tier=match))
    return forecasts


def brand_instances_lacking_tokens(*, brand: Brand, vets: list[Vet], user) -> dict[int, list[Brand]]:
    """V6 for a whole brand page: for each of ``vets`` (all of ``brand``), the other instances lacking its token.

    Two queries whatever the number of vets: the instances, then which of the tokens each already has."""
    vets = [v for v in vets if v.token and v.vet_class != VetClass.POLITICAL]
    if not vets:
        return {}
    others = list(
        Brand.objects.visible_to(user)
        .same_tax_id_as(brand)
        .select_related("sub_account__account")
        .order_by("created_at")
    )
    if not others:
        return {v.pk: [] for v in vets}
    have = set(Vet.objects.filter(token__in={v.token for v in vets}, brand__in=others).values_list("token", "brand_id"))
    return {v.pk: [o for o in others if (v.token, o.pk) not in have] for v in vets}


def brand_instances_lacking_token(*, vet: Vet, user) -> list[Brand]:
    """V6: other instances of the vetted brand (same tax id) that have not imported this token yet."""
    if not vet.token or vet.vet_class == VetClass.POLITICAL:
        return []
    with_token = Vet.objects.filter(token=vet.token).values("brand_id")
    return list(
        Brand.objects.visible_to(user)
        .same_tax_id_as(vet.brand)
        .exclude(pk__in=with_token)
        .select_related("sub_account__account")
        .order_by("created_at")
    )
