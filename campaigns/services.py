"""Campaign rules (C1–C8, V7–V8). Views, the API, admin actions and receivers call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Account, SubAccount, User
from audit.services import audit_record
from brands.choices import BrandStatus, EntityType, IdentityStatus, TaxExemptStatus
from brands.models import Brand
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import locked_for_change, save_versioned
from rejections.services import rejection_snapshot
from vetting.choices import UNSCORED_CLASSES, VetClass, VetStatus
from vetting.models import ThroughputTier, Vet
from vetting.selectors import vet_score_in_force

from . import policies
from .choices import (
    CARRIER_STATES_WITH_REASON,
    ESCALATION_CODE,
    ESCALATION_REJECTION,
    NUMBER_POOL_CHECK,
    NUMBER_POOL_CHECK_LABEL,
    CampaignStatus,
    Carrier,
    CarrierSource,
    CarrierState,
    ManualCheck,
    ReviewDecision,
    UseCase,
    throughput_group,
)
from .models import REVIEWABLE_STATES, SUBMITTED_FIELDS, Campaign, CampaignReview, CarrierStatus
from .prescreen import CHECK_CODES, Finding, prescreen
from .prescreen.engine import registered_findings
from .validation import clean_campaign_data, registry_minimum_errors, sub_use_case_error

#: States a campaign is "registered" in: a vet completing later makes it need a resubmission (V7).
REGISTERED_STATES = (
    CampaignStatus.SUBMITTED,
    CampaignStatus.IN_REVIEW,
    CampaignStatus.APPROVED,
    CampaignStatus.SUSPENDED,
)
V8_NOTE = (
    "Low Volume Mixed campaigns never gain throughput from a vet (V8): they stay at class T. "
    "To send more, register a new campaign with another use case."
)


def _locked(campaign: Campaign, *, visible_to: User | None = None, **checks) -> Campaign:
    """The campaign's row, locked; with ``visible_to`` only if that user may see it (tenancy, again here)."""
    queryset = Campaign.objects.visible_to(visible_to) if visible_to is not None else Campaign.objects.all()
    return locked_for_change(
        queryset.select_related("brand__sub_account"),
        campaign.pk,
        label=lambda locked: locked.reference,
        not_found=DomainError("not_found", "No such campaign."),
        **checks,
    )


def _state(campaign: Campaign) -> str:
    return campaign.get_status_display().lower()


# ----------------------------------------------------------------------------------------------------------
# C4 pre-screen
# ----------------------------------------------------------------------------------------------------------


def campaign_prescreen(*, data: Mapping[str, Any], brand: Brand | None = None) -> list[Finding]:
    """C4: findings for campaign content (saved or not), with each code's catalogue remediation."""
    remediations = {item["code"]: item["remediation"] for item in rejection_snapshot(codes=CHECK_CODES)}
    return prescreen(data, brand, remediations=remediations) + registered_findings(data)


def campaign_prescreen_preview(
    *, actor: User, raw: Mapping[str, Any], brand: Brand | None = None, campaign: Campaign | None = None
) -> dict[str, Any]:
    """Findings and field errors for unsaved input (the live form, ``POST /campaigns/prescreen/``); no writes."""
    current = campaign.content() if campaign is not None else None
    brand = campaign.brand if campaign is not None else brand
    try:
        data = clean_campaign_data(raw, current=current or {})
        errors: dict[str, list[str]] = {}
    except DomainError as exc:
        errors = exc.errors
        data = {k: v for k, v in raw.items() if k in SUBMITTED_FIELDS and k not in errors}
    return {"errors": errors, "findings": campaign_prescreen(data={**(current or {}), **data}, brand=brand)}


# ----------------------------------------------------------------------------------------------------------
# Registering and editing
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(*, actor: User, brand: Brand, data: Mapping[str, Any]) -> Campaign:
    """A draft campaign of a brand the actor can see; pre-screen findings are stored with it."""
    policies.campaign_can_create(actor).enforce()
    if not Brand.objects.visible_to(actor).filter(pk=brand.pk).exists():
        raise DomainError("not_found", "No such brand.", field="brand")
    cleaned = clean_campaign_data(data)
    campaign = Campaign(brand=brand, created_by=actor, **cleaned)
    campaign.findings = campaign_prescreen(data=campaign.content(), brand=brand)
    campaign.save()
    audit_record(
        actor=actor,
        subject=campaign,
        action="registered",
        to_state=campaign.status,
        codes=[f["code"] for f in campaign.findings],
        data={"findings": len(campaign.findings)},
    )
    return campaign


@transaction.atomic
def campaign_update(
    *, actor: User, campaign: Campaign, data: Mapping[str, Any], expected_version: int | None = None
) -> Campaign:
    """Change the content of a draft or rejected campaign; pre-screen runs again."""
    policies.campaign_can_edit(actor).enforce()
    campaign = _locked(
        campaign,
        visible_to=actor,
        version=expected_version,
        policy=lambda locked: policies.campaign_can_edit(actor, locked),
    )
    current = campaign.content()
    cleaned = clean_campaign_data(data, current=current)
    changed = {f: v for f, v in cleaned.items() if current[f] != v}
    if not changed:
        return campaign
    for field, value in changed.items():
        setattr(campaign, field, value)
    campaign.findings = campaign_prescreen(data=campaign.content(), brand=campaign.brand)
    save_versioned(campaign, *changed, "findings")
    audit_record(
        actor=actor,
        subject=campaign,
        action="updated",
        from_state=campaign.status,
        to_state=campaign.status,
        codes=[f["code"] for f in campaign.findings],
        data={"changed": sorted(changed), "findings": len(campaign.findings)},
    )
    return campaign


# ----------------------------------------------------------------------------------------------------------
# C7 prerequisites, shared by submission and approval
# ----------------------------------------------------------------------------------------------------------


def campaign_prerequisites(*, campaign: Campaign) -> list[str]:
    """C7 (and C8): every reason the campaign cannot be registered now; empty when it can."""
    brand = campaign.brand
    reasons = []
    if brand.status != BrandStatus.APPROVED:
        reasons.append(f"Its brand {brand} is {brand.get_status_display().lower()}, not approved.")
    if brand.identity_status not in (IdentityStatus.VERIFIED, IdentityStatus.VETTED_VERIFIED):
        # Said with the labels the brand page shows: the enum names are the API's, not the customer's words.
        reasons.append(
            f"Its brand {brand}'s identity is {brand.get_identity_status_display().lower()}; "
            f"it must be {IdentityStatus.VERIFIED.label.lower()} or {IdentityStatus.VETTED_VERIFIED.label.lower()}."
        )
    if campaign.use_case == UseCase.POLITICAL:
        exempt = brand.entity_type == EntityType.NON_PROFIT and brand.is_tax_exempt
        vetted = Vet.objects.filter(brand=brand, vet_class=VetClass.POLITICAL, status=VetStatus.ACTIVE).exists()
        if not (exempt or vetted):
            reasons.append(
                "POLITICAL needs a 501(c) tax-exempt non-profit brand or an ACTIVE political vet (Campaign Verify)."
            )
    if campaign.use_case == UseCase.SOLE_PROPRIETOR and brand.entity_type != EntityType.SOLE_PROPRIETOR:
        # N4: the registry keeps this use case for sole-proprietor brands, which this portal does not register.
        reasons.append(
            f"The sole proprietor use case is only for sole-proprietor brands; {brand} is a "
            f"{brand.get_entity_type_display().lower()}."
        )
    if campaign.use_case == UseCase.CHARITY and brand.tax_exempt_status != TaxExemptStatus.C3:
        reasons.append(f"CHARITY needs a 501(c)(3) brand; {brand} is {brand.get_tax_exempt_status_display()}.")
    if brand.sub_account.suspended_at is not None:
        reasons.append(f"Its sub-account {brand.sub_account} is suspended ({brand.sub_account.suspended_reason}).")
    if (account := brand.sub_account.account).is_suspended:
        reasons.append(f"Its account {account} is suspended ({account.suspended_reason}).")
    return reasons


def _refuse_unmet_prerequisites(campaign: Campaign, action: str) -> None:
    reasons = campaign_prerequisites(campaign=campaign)
    if reasons:
        raise StateConflict("C7", f"{campaign.reference} cannot be {action}: " + " ".join(reasons))


def _refuse_prohibited(findings: Iterable[Finding]) -> None:
    """C1: content in a category the onboarding guidelines prohibit cannot be registered at all."""
    prohibited = [f for f in findings if f.get("prohibited")]
    if not prohibited:
        return
    errors: dict[str, list[str]] = {}
    for finding in prohibited:
        errors.setdefault(finding["field"].partition(".")[0], []).append(f"{finding['message']} ({finding['code']})")
    error = DomainError(
        "C1",
        "Prohibited content cannot be registered: " + "; ".join(f"{f['message']} ({f['code']})" for f in prohibited),
        errors=errors,
    )
    error.extra["codes"] = list(dict.fromkeys(f["code"] for f in prohibited))
    raise error


def _refuse_unregistrable(campaign: Campaign) -> None:
    """N4: what the registry itself would refuse: the 2–5 sub-use cases of MIXED/LOW_VOLUME and its minimum
    lengths. A campaign registered before these rules keeps its state until it is submitted again."""
    errors = registry_minimum_errors(campaign.content())
    if message := sub_use_case_error(campaign.use_case, list(campaign.sub_use_cases or [])):
        errors["sub_use_cases"] = [message]
    if errors:
        raise DomainError(
            "N4",
            f"{campaign.reference} cannot be submitted: the registry would refuse "
            + "; ".join(message for messages in errors.values() for message in messages),
            errors=errors,
        )


def campaign_throughput(*, campaign: Campaign) -> tuple[Vet | None, ThroughputTier | None]:
    """V3/V8: the vet whose score applies now and the tier it gives this use case (LOW_VOLUME: always T)."""
    group = throughput_group(campaign.use_case)
    vet = vet_score_in_force(brand=campaign.brand)
    score = vet.score if vet else None
    tiers = ThroughputTier.objects.filter(use_case_group=group)
    if campaign.use_case != UseCase.LOW_VOLUME:
        if score is None:
            return vet, None
        tiers = tiers.filter(min_score__lte=score, max_score__gte=score)
    return vet, tiers.order_by("-min_score").first()


def _last_rejection(campaign: Campaign) -> CampaignReview | None:
    return campaign.reviews.filter(decision=ReviewDecision.REJECT).order_by("-decided_at", "-id").first()


def campaign_changes_since_rejection(*, campaign: Campaign) -> list[dict[str, Any]]:
    """C6: ``[{field, before, after}]`` between the content last rejected and the content now."""
    rejection = _last_rejection(campaign)
    if rejection is None:
        return []
    now = campaign.content()
    return [
        {"field": field, "before": rejection.content.get(field), "after": now[field]}
        for field in SUBMITTED_FIELDS
        if rejection.content.get(field) != now[field]
    ]


# ----------------------------------------------------------------------------------------------------------
# Submission and review
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_submit(*, actor: User, campaign: Campaign, expected_version: int | None = None) -> Campaign:
    """Customer submits a draft, or resubmits after a rejection (C6: something must have changed).

    Refused: prohibited content (C1), unmet prerequisites (C7), a closed campaign (C5). Findings that are
    not prohibitions do not stop it: the analyst sees them."""
    policies.campaign_can_submit(actor).enforce()
    campaign = _locked(
        campaign,
        visible_to=actor,
        version=expected_version,
        policy=lambda locked: policies.campaign_can_submit(actor, locked),
    )
    if campaign.status == CampaignStatus.REJECTED and not campaign_changes_since_rejection(campaign=campaign):
        raise StateConflict(
            "C6",
            f"{campaign.reference} has not changed since its last rejection; fix what the rejection codes say, "
            "then resubmit.",
        )
    _refuse_unregistrable(campaign)
    campaign.findings = campaign_prescreen(data=campaign.content(), brand=campaign.brand)
    _refuse_prohibited(campaign.findings)
    _refuse_unmet_prerequisites(campaign, "submitted")
    resubmission = campaign.status == CampaignStatus.REJECTED
    campaign.vet, campaign.tier = campaign_throughput(campaign=campaign)
    campaign.registered_at = timezone.now()
    campaign.needs_resubmission = False
    campaign.submit(
        by=actor,
        reason="Resubmitted after a rejection." if resubmission else "",
        codes=[f["code"] for f in campaign.findings],
    )
    save_versioned(campaign, "status", "findings", "vet", "tier", "registered_at", "needs_resubmission")
    return campaign


@transaction.atomic
def campaign_start_review(*, actor: User, campaign: Campaign) -> Campaign:
    policies.campaign_can_start_review(actor).enforce()
    campaign = _locked(campaign)
    guard_decision(actor=actor, subject=campaign)
    if campaign.status != CampaignStatus.SUBMITTED:
        raise StateConflict("C5", f"{campaign.reference} is {_state(campaign)}, not waiting for review.")
    campaign.start_review(by=actor)
    save_versioned(campaign, "status")
    return campaign


def _checklist(campaign: Campaign, checklist: Mapping[str, bool] | None) -> dict[str, bool]:
    items = [*ManualCheck.values, *([NUMBER_POOL_CHECK] if campaign.number_pool else [])]
    unknown = sorted(set(checklist or {}) - {*ManualCheck.values, NUMBER_POOL_CHECK})
    if unknown:
        raise DomainError("invalid", f"Unknown checklist item(s): {', '.join(unknown)}.", field="checklist")
    return {item: bool((checklist or {}).get(item)) for item in items}


@transaction.atomic
def campaign_review(
    *,
    actor: User,
    campaign: Campaign,
    decision: str,
    codes: Iterable[str] = (),
    reason: str = "",
    checklist: Mapping[str, bool] | None = None,
    expected_version: int | None = None,
) -> CampaignReview:
    """C5: approve (all checklist items, C7 prerequisites, the number-pool review), or reject with ≥ 1 code.

    A non-remediable code closes the campaign; the 5th rejection adds 808 and escalates to a manager (C6)."""
    policies.campaign_can_review(actor).enforce()
    campaign = _locked(campaign, version=expected_version)
    guard_decision(actor=actor, subject=campaign)
    if campaign.status not in REVIEWABLE_STATES:
        raise StateConflict("C5", f"{campaign.reference} is {_state(campaign)}; only a submitted campaign is reviewed.")
    policies.campaign_can_review(actor, campaign).enforce()
    reason = (reason or "").strip()
    ticks = _checklist(campaign, checklist)
    snapshot = rejection_snapshot(codes=codes)
    escalated = closed = False
    if decision == ReviewDecision.APPROVE:
        if snapshot:
            raise DomainError("invalid", "An approval carries no rejection codes.", field="codes")
        unticked = [ManualCheck(c).label for c, ok in ticks.items() if not ok and c != NUMBER_POOL_CHECK]
        if unticked:
            raise DomainError(
                "C5",
                f"{len(unticked)} checklist item(s) are not confirmed: " + "; ".join(unticked) + ".",
                field="checklist",
            )
        if campaign.number_pool and not ticks[NUMBER_POOL_CHECK]:
            raise DomainError(
                "810", f"A number pool needs its special review first: {NUMBER_POOL_CHECK_LABEL}.", field="checklist"
            )
        _refuse_unmet_prerequisites(campaign, "approved")
        campaign.approve(by=actor, reason=reason)
    elif decision == ReviewDecision.REJECT:
        if not snapshot:
            raise DomainError("C5", "A rejection needs at least one rejection code from the catalogue.", field="codes")
        campaign.rejection_count += 1
        if campaign.rejection_count >= ESCALATION_REJECTION:
            # 808 reads "declined 5+ times": it goes with every rejection from the 5th on; escalation happens once.
            escalated = not campaign.escalated
            if ESCALATION_CODE not in [c["code"] for c in snapshot]:
                snapshot += rejection_snapshot(codes=[ESCALATION_CODE])
            campaign.escalated = True
        closed = any(not item["remediable"] for item in snapshot)
        code_list = [c["code"] for c in snapshot]
        if closed:
            campaign.close(by=actor, reason=reason, codes=code_list)
        else:
            campaign.reject(by=actor, reason=reason, codes=code_list)
    else:
        raise DomainError("invalid", f"Unknown decision “{decision}”; approve or reject.", field="decision")
    save_versioned(campaign, "status", "rejection_count", "escalated")
    review = CampaignReview.objects.create(
        campaign=campaign,
        decision=decision,
        reason=reason,
        codes=snapshot,
        content=campaign.content(),
        checklist=ticks,
        escalated=escalated,
        closed=closed,
        decided_by=actor,
    )
    audit_record(
        actor=actor,
        subject=campaign,
        action="checklist",
        data={"checklist": ticks, "review": review.pk},
        customer_visible=False,
    )
    if escalated:
        audit_record(
            actor=None,
            subject=campaign,
            action="escalated",
            reason=f"Rejected {campaign.rejection_count} times: code {ESCALATION_CODE} added; a manager decides next.",
            codes=[ESCALATION_CODE],
        )
    return review


# ----------------------------------------------------------------------------------------------------------
# C8 suspension
# ----------------------------------------------------------------------------------------------------------


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("required", f"A {what} needs a reason.", field="reason")
    return reason


@transaction.atomic
def campaign_suspend(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    """C8: an approved campaign is suspended for a violation."""
    policies.campaign_can_suspend(actor).enforce()
    reason = _reason(reason, "suspension")
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.APPROVED:
        raise StateConflict(
            "C8", f"{campaign.reference} is {_state(campaign)}; only an approved campaign is suspended."
        )
    campaign.suspend(by=actor, reason=reason)
    save_versioned(campaign, "status")
    return campaign


@transaction.atomic
def campaign_reinstate(*, actor: User, campaign: Campaign, reason: str) -> Campaign:
    policies.campaign_can_reinstate(actor).enforce()
    reason = _reason(reason, "reinstatement")
    campaign = _locked(campaign)
    if campaign.status != CampaignStatus.SUSPENDED:
        raise StateConflict("C8", f"{campaign.reference} is {_state(campaign)}, not suspended.")
    sub_account = campaign.brand.sub_account
    if sub_account.suspended_at is not None:
        raise StateConflict(
            "C8", f"Its sub-account {sub_account} is suspended; reinstate the sub-account to reinstate its campaigns."
        )
    if sub_account.account.is_suspended:
        raise StateConflict(
            "M4.2",
            f"Its account {sub_account.account} is suspended; reinstate the account to reinstate its campaigns.",
        )
    for flag in HOLDS.values():
        setattr(campaign, flag, False)
    campaign.reinstate(by=actor, reason=reason)
    save_versioned(campaign, "status", *HOLDS.values())
    return campaign


#: C8 / M4.2: the suspension steps that suspend campaigns with them, each marking the campaigns it holds. A
#: campaign comes back only when no step holds it any more; one suspended alone (no mark) stays suspended.
HOLDS = {"sub_account": "suspended_with_sub_account", "account": "suspended_with_account"}


def campaigns_suspend_with(*, actor: User, holder: Account | SubAccount, reason: str) -> list[Campaign]:
    """C8 / M4.2: the campaigns under a sub-account (or an account) being suspended: every approved one is
    suspended and marked as held by this step; one already held by the other step is marked too, so that lifting
    either step alone does not bring it back. Returns the campaigns it suspended."""
    step, scope = _hold_scope(holder)
    flag, others = HOLDS[step], [f for s, f in HOLDS.items() if s != step]
    held_elsewhere = Q()
    for other in others:
        held_elsewhere |= Q(**{other: True})
    suspended = []
    for campaign in (
        Campaign.objects.select_for_update()
        .filter(scope)
        .filter(Q(status=CampaignStatus.APPROVED) | Q(held_elsewhere, status=CampaignStatus.SUSPENDED))
        .select_related("brand__sub_account")
        .order_by("pk")
    ):
        setattr(campaign, flag, True)
        if campaign.status == CampaignStatus.APPROVED:
            campaign.suspend(by=actor, reason=f"{_holder_label(holder)} suspended: {reason}")
            save_versioned(campaign, "status", flag)
            suspended.append(campaign)
        else:
            save_versioned(campaign, flag)
    return suspended


def campaigns_reinstate_with(*, actor: User, holder: Account | SubAccount, reason: str) -> list[Campaign]:
    """C8 / M4.2: lift this step's hold; the campaigns no other step holds are reinstated. Returns those."""
    step, scope = _hold_scope(holder)
    flag = HOLDS[step]
    reinstated = []
    for campaign in (
        Campaign.objects.select_for_update()
        .filter(scope, status=CampaignStatus.SUSPENDED, **{flag: True})
        .select_related("brand__sub_account")
        .order_by("pk")
    ):
        setattr(campaign, flag, False)
        if any(getattr(campaign, other) for other in HOLDS.values()):
            save_versioned(campaign, flag)
            continue
        campaign.reinstate(by=actor, reason=f"{_holder_label(holder)} reinstated: {reason}")
        save_versioned(campaign, "status", flag)
        reinstated.append(campaign)
    return reinstated


def _hold_scope(holder: Account | SubAccount) -> tuple[str, Q]:
    if isinstance(holder, SubAccount):
        return "sub_account", Q(brand__sub_account=holder)
    return "account", Q(account_id=holder.pk)


def _holder_label(holder: Account | SubAccount) -> str:
    return f"Sub-account {holder}" if isinstance(holder, SubAccount) else f"Account {holder}"


# ----------------------------------------------------------------------------------------------------------
# V7 / V8: vets completing after registration
# ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def campaigns_flag_for_vet(*, actor: User | None, vet: Vet) -> list[Campaign]:
    """V7: a standard/enhanced vet completed ACTIVE; the brand's campaigns registered before it need a
    resubmission to be registered with it. LOW_VOLUME campaigns are left alone (V8: no gain possible)."""
    if vet.status != VetStatus.ACTIVE or vet.vet_class in UNSCORED_CLASSES:
        return []  # a political token or an Authentication+ check carries no score: no throughput to gain
    # When the vet came into force for this brand: an imported vet carries its source's (earlier) completion
    # time, but it applies to this brand only from the import on.
    completed = max(vet.completed_at or timezone.now(), vet.created_at or timezone.now())
    flagged = []
    for campaign in (
        Campaign.objects.select_for_update()
        .filter(
            brand_id=vet.brand_id, status__in=REGISTERED_STATES, needs_resubmission=False, registered_at__lt=completed
        )
        .exclude(use_case=UseCase.LOW_VOLUME)
        .exclude(vet=vet)
        .select_related("brand__sub_account")
    ):
        campaign.needs_resubmission = True
        save_versioned(campaign, "needs_resubmission")
        audit_record(
            actor=actor,
            subject=campaign,
            action="needs_resubmission",
            reason=f"{vet} completed ACTIVE (score {vet.score}) after this campaign was registered (V7).",
        )
        flagged.append(campaign)
    return flagged


@transaction.atomic
def campaigns_resubmit_for_vet(*, actor: User, campaigns: Iterable[Campaign]) -> list[Campaign]:
    """V7 bulk action: register the flagged campaigns again with the vet and tier in force now.

    The review state is kept: the content did not change, only the vet it is registered with."""
    policies.campaign_can_resubmit_for_vet(actor).enforce()
    ids = [c.pk for c in campaigns]
    locked = list(
        Campaign.objects.visible_to(actor).select_for_update().filter(pk__in=ids).select_related("brand__sub_account")
    )
    if len(locked) != len(set(ids)):
        raise DomainError("not_found", "Some of the campaigns do not exist.", field="campaigns")
    not_flagged = [c.reference for c in locked if not c.needs_resubmission]
    if not_flagged:
        raise StateConflict("V7", f"Not waiting for a resubmission: {', '.join(not_flagged)}.")
    for campaign in locked:
        _refuse_unmet_prerequisites(campaign, "registered again")
        before = campaign.tier
        campaign.vet, campaign.tier = campaign_throughput(campaign=campaign)
        campaign.registered_at = timezone.now()
        campaign.needs_resubmission = False
        save_versioned(campaign, "vet", "tier", "registered_at", "needs_resubmission")
        audit_record(
            actor=actor,
            subject=campaign,
            action="resubmitted_for_vet",
            from_state=campaign.status,
            to_state=campaign.status,
            reason=f"Registered again with {campaign.vet}: class {before.carrier_class if before else '—'} → "
            f"{campaign.tier.carrier_class if campaign.tier else '—'}.",
        )
    return locked


# ----------------------------------------------------------------------------------------------------------
# N3: each carrier's decision on a campaign
# ----------------------------------------------------------------------------------------------------------


def _carrier_input(carrier: str, status: str, reason: str) -> tuple[str, str, str]:
    errors: dict[str, list[str]] = {}
    carrier = (carrier or "").strip().upper()
    status = (status or "").strip().lower()
    reason = (reason or "").strip()
    if carrier not in Carrier.values:
        errors["carrier"] = [f"Unknown carrier “{carrier}”; one of {', '.join(Carrier.values)}."]
    if status not in CarrierState.values:
        errors["status"] = [f"Unknown carrier status “{status}”; one of {', '.join(CarrierState.values)}."]
    elif status in CARRIER_STATES_WITH_REASON and not reason:
        state = CarrierState(status).label.lower()
        errors["reason"] = [f"A carrier's {state} needs its reason (the customer reads it)."]
    if len(reason) > 2000:
        errors.setdefault("reason", []).append(
            f"At most 2,000 characters; this has {len(reason):,} ({len(reason) - 2000:,} too many)."
        )
    if errors:
        raise DomainError("invalid", "Invalid carrier status.", errors=errors)
    return carrier, status, reason


@transaction.atomic
def campaign_carrier_set(
    *,
    actor: User | None,
    campaign: Campaign,
    carrier: str,
    status: str,
    reason: str = "",
    source: str = CarrierSource.STAFF,
) -> tuple[CarrierStatus, bool]:
    """N3: record one carrier's decision on a campaign; returns the row and whether it changed.

    Staff record it (``actor``), or the registry's signed webhook does (``actor=None``, ``source=registry``). The
    campaign row is locked so two reports for the same carrier apply one after the other; the same report again
    (a redelivered webhook) changes nothing and is not audited twice. A change is audited on the campaign in the
    same transaction as ``carrier_<status>`` (``carrier_rejected`` is what customers are told about)."""
    if actor is not None or source != CarrierSource.REGISTRY:
        policies.campaign_can_set_carrier_status(actor).enforce()
    carrier, status, reason = _carrier_input(carrier, status, reason)
    campaign = _locked(campaign)
    if campaign.status == CampaignStatus.DRAFT:
        raise StateConflict(
            "N3", f"{campaign.reference} is a draft: carriers see a campaign only once it has been submitted."
        )
    row = CarrierStatus.objects.filter(campaign=campaign, carrier=carrier).first()
    before = row.status if row is not None else ""
    if row is not None and (row.status, row.reason) == (status, reason):
        return row, False
    if row is None:
        row = CarrierStatus(campaign=campaign, carrier=carrier)
    row.status, row.reason, row.source = status, reason, source
    row.updated_by = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    row.updated_at = timezone.now()
    row.save()
    label = Carrier(carrier).label
    said = {
        CarrierState.PENDING: f"{label} is reviewing the campaign",
        CarrierState.APPROVED: f"{label} approved the campaign",
        CarrierState.REJECTED: f"{label} rejected the campaign",
        CarrierState.SUSPENDED: f"{label} suspended the campaign",
    }[CarrierState(status)]
    audit_record(
        actor=actor,
        subject=campaign,
        action=f"carrier_{status}",
        from_state=campaign.status,
        to_state=campaign.status,
        reason=f"{said}: {reason}" if reason else f"{said}.",
        data={"carrier": carrier, "carrier_status": status, "previous": before, "source": source},
    )
    return row, True
