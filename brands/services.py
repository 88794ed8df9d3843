"""Brand rules (B1–B7). Views, the API, admin actions and other apps' services call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Account, SubAccount, User
from audit.services import audit_record
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import locked_for_change, save_versioned
from core.wording import refusal_text
from rejections.services import rejection_snapshot

from .checks import (
    CHECK_CODES,
    RESELLER_CHECK,
    Finding,
    SameEin,
    findings_for_customer,
    reseller_finding,
    run_checks,
)
from .choices import BrandStatus, EntityType, IdentityFeedback, IdentityStatus, ManualCheck, ReviewDecision
from .models import CORE_FIELDS, Brand, BrandReview
from .policies import (
    brand_can_edit,
    brand_can_record_identity,
    brand_can_register,
    brand_can_reinstate,
    brand_can_review,
    brand_can_see_all_findings,
    brand_can_submit,
    brand_can_suspend,
)
from .validation import FIELDS, clean_brand_data


def _locked(brand: Brand, **checks) -> Brand:
    return locked_for_change(Brand.objects.select_related("sub_account"), brand.pk, **checks)


def _refuse_sole_proprietor(data: Mapping[str, Any]) -> None:
    """B1: sole proprietors are not supported (801 with an EIN, 802 without)."""
    if data.get("entity_type") != EntityType.SOLE_PROPRIETOR:
        return
    code = "801" if data.get("tax_id") else "802"
    snapshot = rejection_snapshot(codes=[code])[0]
    raise DomainError(
        code,
        f"{snapshot['reason']} {snapshot['remediation']}",
        field="entity_type",
    )


def brand_findings(
    *, data: Mapping[str, Any], brand: Brand | None = None, account_id: int | None = None
) -> list[Finding]:
    """B4: automatic checklist findings for brand data (saved or not) of the brand's account (or ``account_id``).

    EIN reuse is checked system-wide; what it found in other accounts is a staff-only finding."""
    remediations = {item["code"]: item["remediation"] for item in rejection_snapshot(codes=CHECK_CODES)}
    same_ein: list[SameEin] = []
    tax_id, country = data.get("tax_id"), data.get("tax_id_country") or "US"
    if brand is not None:
        account_id = brand.sub_account.account_id
    if tax_id:
        others = Brand.objects.filter(tax_id=tax_id, tax_id_country=country)
        if brand is not None:
            others = others.exclude(pk=brand.pk)
        same_ein = [
            SameEin(legal_name=name, account=account_name, same_account=account_id is not None and owner == account_id)
            for name, owner, account_name in others.order_by("pk").values_list(
                "legal_name", "sub_account__account_id", "sub_account__account__name"
            )[:50]
        ]
    findings = run_checks(data, remediations=remediations, same_ein=same_ein)
    if (
        account_id is not None
        and Account.objects.filter(pk=account_id, reseller=True, reseller_approved_at=None).exists()
    ):
        findings.append(reseller_finding(remediations))
    return findings


def brands_refresh_reseller_finding(*, actor: User | None, account: Account) -> int:
    """S4: after the account was marked as serving other ISVs, or approved, every brand of it gains or loses the
    710 finding (in the caller's transaction). Returns how many brands changed."""
    pending = account.reseller_pending
    remediations = {item["code"]: item["remediation"] for item in rejection_snapshot(codes=["710"])}
    changed = 0
    for brand in Brand.objects.filter(account_id=account.pk).select_for_update().order_by("pk"):
        kept = [f for f in brand.findings if f.get("check") != RESELLER_CHECK]
        findings = [*kept, reseller_finding(remediations)] if pending else kept
        if findings == brand.findings:
            continue
        brand.findings = findings
        save_versioned(brand, "findings")
        audit_record(
            actor=actor,
            subject=brand,
            action="findings",
            codes=["710"] if pending else [],
            reason="The account serves other ISVs; approval pending." if pending else "Reseller account approved.",
        )
        changed += 1
    return changed


def _refuse_second_end_brand(*, sub_account: SubAccount, tax_id: str, country: str, brand: Brand | None = None) -> None:
    """S3: a sub-account carries one end brand — every brand in it has the same tax id (and issuing country).
    The sub-account's row is locked first, so two registrations at once cannot both be the first."""
    SubAccount.objects.select_for_update().filter(pk=sub_account.pk).first()
    others = Brand.objects.filter(sub_account_id=sub_account.pk).exclude(tax_id=tax_id, tax_id_country=country)
    if brand is not None:
        others = others.exclude(pk=brand.pk)
    other = others.order_by("pk").only("legal_name", "display_name", "tax_id", "tax_id_country").first()
    if other is None:
        return
    error = StateConflict(
        "S3",
        f"This sub-account already carries {other} (tax id {other.tax_id}, {other.tax_id_country}), and a "
        f"sub-account carries one end brand: every brand in it has the same tax id. Create a sub-account for the "
        f"new brand ({reverse('sub-account-create')}) and register it there.",
        field="tax_id",
    )
    error.extra["create_sub_account"] = reverse("sub-account-create")
    raise error


def brand_findings_for(*, user: User, findings: Iterable[Finding]) -> list[Finding]:
    """The findings ``user`` may read: staff all of them, customers none drawn from other accounts."""
    if brand_can_see_all_findings(user):
        return list(findings)
    return findings_for_customer(findings)


def brand_findings_preview(*, actor: User, raw: Mapping[str, Any], brand: Brand | None = None) -> dict[str, Any]:
    """Findings and field errors for unsaved input, for the live form: nothing is written. The findings are the
    ones ``actor`` may read (the live form must not turn an EIN into another account's legal name)."""
    current = {f: getattr(brand, f) for f in FIELDS} if brand is not None else None
    account_id = getattr(actor, "account_id", None)

    def findings(data: Mapping[str, Any]) -> list[Finding]:
        return brand_findings_for(user=actor, findings=brand_findings(data=data, brand=brand, account_id=account_id))

    try:
        data = clean_brand_data(raw, current=current)
    except DomainError as exc:
        cleaned = {k: v for k, v in raw.items() if k in FIELDS and k not in exc.errors}
        return {"errors": exc.errors, "findings": findings({**(current or {}), **cleaned})}
    merged = {**(current or {}), **data}
    try:
        _refuse_sole_proprietor(merged)
    except DomainError as exc:
        return {"errors": {"entity_type": [refusal_text(exc.message, exc.code)]}, "findings": []}
    return {"errors": {}, "findings": findings(merged)}


@transaction.atomic
def brand_register(*, actor: User, sub_account: SubAccount, data: Mapping[str, Any]) -> Brand:
    """Create a draft brand. B1 refuses sole proprietors; B4 findings are stored with it."""
    brand_can_register(actor).enforce()
    if not SubAccount.objects.visible_to(actor).filter(pk=sub_account.pk).exists():
        raise DomainError("not_found", "No such sub-account.", field="sub_account")
    _refuse_sole_proprietor(data)
    cleaned = clean_brand_data(data)
    _refuse_sole_proprietor(cleaned)
    _refuse_second_end_brand(
        sub_account=sub_account, tax_id=cleaned["tax_id"], country=cleaned.get("tax_id_country") or "US"
    )
    brand = Brand(sub_account=sub_account, created_by=actor, **cleaned)
    brand.findings = brand_findings(data=cleaned, account_id=sub_account.account_id)
    brand.save()
    # The customer's timeline must not confirm what the check found in other accounts: those codes go to a
    # staff-only event.
    visible = findings_for_customer(brand.findings)
    audit_record(
        actor=actor,
        subject=brand,
        action="registered",
        to_state=brand.status,
        codes=[f["code"] for f in visible if f["code"]],
        data={"findings": len(visible)},
    )
    _audit_staff_findings(actor, brand, visible)
    return brand


def _audit_staff_findings(actor: User, brand: Brand, visible: list[Finding]) -> None:
    staff_only = [f for f in brand.findings if f not in visible]
    if staff_only:
        audit_record(
            actor=actor,
            subject=brand,
            action="staff_findings",
            codes=[f["code"] for f in staff_only if f["code"]],
            data={"findings": [f["message"] for f in staff_only]},
            customer_visible=False,
        )


@transaction.atomic
def brand_update(*, actor: User, brand: Brand, data: Mapping[str, Any], expected_version: int | None = None) -> Brand:
    """Change brand details. Refused while frozen by an appeal (B5) or under review; records B3 changes."""
    brand_can_edit(actor).enforce()
    brand = _locked(brand, version=expected_version, policy=lambda locked: brand_can_edit(actor, locked))
    current = {f: getattr(brand, f) for f in FIELDS}
    cleaned = clean_brand_data(data, current=current)
    _refuse_sole_proprietor({**current, **cleaned})
    changed = {f: v for f, v in cleaned.items() if current[f] != v}
    if not changed:
        return brand
    if {"tax_id", "tax_id_country"} & set(changed):
        merged = {**current, **changed}
        _refuse_second_end_brand(
            sub_account=brand.sub_account, tax_id=merged["tax_id"], country=merged["tax_id_country"], brand=brand
        )
    for field, value in changed.items():
        setattr(brand, field, value)
    core_changed = sorted(set(changed) & set(CORE_FIELDS))
    if core_changed:
        brand.core_fields_changed = True
    brand.details_updated_at = timezone.now()
    staff_findings_before = [f for f in brand.findings if f not in findings_for_customer(brand.findings)]
    brand.findings = brand_findings(data={**current, **changed}, brand=brand)
    save_versioned(brand, *changed, "core_fields_changed", "details_updated_at", "findings")
    visible = findings_for_customer(brand.findings)
    if [f for f in brand.findings if f not in visible] != staff_findings_before:
        _audit_staff_findings(actor, brand, visible)
    audit_record(
        actor=actor,
        subject=brand,
        action="updated",
        from_state=brand.status,
        to_state=brand.status,
        data={
            "changed": {f: {"from": str(current[f]), "to": str(v)} for f, v in changed.items()},
            "core_fields_changed": core_changed,
        },
    )
    return brand


@transaction.atomic
def brand_submit(*, actor: User, brand: Brand, expected_version: int | None = None) -> Brand:
    """Customer asks for review (draft or changes requested → submitted)."""
    brand_can_submit(actor).enforce()
    brand = _locked(brand, version=expected_version, policy=lambda locked: brand_can_submit(actor, locked))
    brand.submit(by=actor)
    save_versioned(brand, "status")
    return brand


@transaction.atomic
def brand_start_review(*, actor: User, brand: Brand) -> Brand:
    brand_can_review(actor).enforce()
    brand = _locked(brand)
    guard_decision(actor=actor, subject=brand)
    if brand.status != BrandStatus.SUBMITTED:
        raise StateConflict("B7", f"{brand} is {brand.get_status_display().lower()}, not waiting for review.")
    brand.start_review(by=actor)
    save_versioned(brand, "status")
    return brand


@transaction.atomic
def brand_review(
    *,
    actor: User,
    brand: Brand,
    decision: str,
    reason: str = "",
    codes: Iterable[str] = (),
    checklist: Mapping[str, bool] | None = None,
    expected_version: int | None = None,
) -> BrandReview:
    """Approve, or request changes with a reason (and codes). The manual checklist is stored with it."""
    brand_can_review(actor).enforce()
    brand = _locked(brand, version=expected_version)
    guard_decision(actor=actor, subject=brand)
    if brand.status not in (BrandStatus.SUBMITTED, BrandStatus.IN_REVIEW):
        raise StateConflict(
            "B7", f"{brand} is {brand.get_status_display().lower()}; only a submitted brand can be reviewed."
        )
    brand_can_review(actor, brand, decision).enforce()
    reason = (reason or "").strip()
    ticks = {check: bool((checklist or {}).get(check)) for check in ManualCheck.values}
    unknown_checks = sorted(set(checklist or {}) - set(ManualCheck.values))
    if unknown_checks:
        raise DomainError("invalid", f"Unknown checklist item(s): {', '.join(unknown_checks)}.", field="checklist")
    snapshot = rejection_snapshot(codes=codes)
    if decision == ReviewDecision.APPROVE:
        unticked = [ManualCheck(c).label for c, ok in ticks.items() if not ok]
        if unticked:
            raise DomainError(
                "B4",
                f"{len(unticked)} checklist item(s) are not confirmed: " + "; ".join(unticked) + ".",
                field="checklist",
            )
        if snapshot:
            raise DomainError("invalid", "An approval carries no rejection codes.", field="codes")
        brand.approve(by=actor, reason=reason)
    elif decision == ReviewDecision.REQUEST_CHANGES:
        if not reason:
            raise DomainError("required", "Say what the customer must change.", field="reason")
        brand.request_changes(by=actor, reason=reason, codes=[c["code"] for c in snapshot])
    else:
        raise DomainError("invalid", f"Unknown decision “{decision}”; approve or request_changes.", field="decision")
    save_versioned(brand, "status")
    review = BrandReview.objects.create(
        brand=brand, decision=decision, reason=reason, codes=snapshot, checklist=ticks, decided_by=actor
    )
    audit_record(
        actor=actor,
        subject=brand,
        action="checklist",
        data={"checklist": ticks, "review": review.pk},
        customer_visible=False,
    )
    return review


@transaction.atomic
def brand_record_identity(
    *, actor: User, brand: Brand, identity_status: str, reason: str, feedback: Iterable[str] = ()
) -> Brand:
    """B2: staff record the registry's identity-verification result, with a reason."""
    brand_can_record_identity(actor).enforce()
    reason = (reason or "").strip()
    feedback = list(dict.fromkeys(feedback))
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["A reason is required for every identity-status change."]
    unknown = [f for f in feedback if f not in IdentityFeedback.values]
    if unknown:
        errors["feedback"] = [
            f"Unknown feedback category: {', '.join(unknown)}; one of {', '.join(IdentityFeedback.values)}."
        ]
    if identity_status == IdentityStatus.SELF_DECLARED:
        # N4: the registry reports SELF_DECLARED for sole proprietors only, and this portal registers none (801).
        errors["identity_status"] = [
            "SELF_DECLARED is the registry's status for sole proprietors, which are not registered here; "
            "record VERIFIED or UNVERIFIED."
        ]
    elif identity_status not in (IdentityStatus.VERIFIED, IdentityStatus.UNVERIFIED):
        errors["identity_status"] = [
            f"The registry's result is VERIFIED or UNVERIFIED; “{identity_status}” comes only from a standard vet."
        ]
    if errors:
        raise DomainError("invalid", "The identity result is invalid.", errors=errors)
    brand = _locked(brand)
    if brand.identity_status == IdentityStatus.VETTED_VERIFIED:
        raise StateConflict(
            "B2", f"{brand} is VETTED_VERIFIED by a standard vet; a registry result does not change it."
        )
    if identity_status == IdentityStatus.VERIFIED:
        brand.mark_verified(by=actor, reason=reason, codes=feedback)
    else:
        brand.mark_unverified(by=actor, reason=reason, codes=feedback)
    save_versioned(brand, "identity_status")
    return brand


@transaction.atomic
def brand_mark_vetted(*, actor: User | None, brand: Brand, reason: str) -> Brand:
    """B2: a standard vet completed ACTIVE. Called by the vetting services."""
    brand = _locked(brand)
    if brand.identity_status != IdentityStatus.VETTED_VERIFIED:
        brand.mark_vetted(by=actor, reason=reason)
        save_versioned(brand, "identity_status")
    return brand


@transaction.atomic
def brand_grant_identity(*, actor: User, brand: Brand, identity_status: str, reason: str) -> Brand:
    """An approved identity appeal sets the status it grants (called by the appeals services)."""
    brand = _locked(brand)
    if identity_status == IdentityStatus.VERIFIED:
        brand.mark_verified(by=actor, reason=reason)
    elif identity_status == IdentityStatus.UNVERIFIED:
        brand.mark_unverified(by=actor, reason=reason)
    else:
        raise DomainError("invalid", "An identity appeal grants VERIFIED or UNVERIFIED.", field="identity_status")
    save_versioned(brand, "identity_status")
    return brand


@transaction.atomic
def brand_freeze(*, actor: User, brand: Brand, reason: str) -> Brand:
    """B5/A7: an appeal was submitted; every update path refuses until ``brand_unfreeze``."""
    brand = _locked(brand)
    if brand.is_frozen:
        raise StateConflict("B5", f"{brand} is already frozen ({brand.frozen_reason}).")
    brand.frozen_at = timezone.now()
    brand.frozen_reason = reason[:255]
    save_versioned(brand, "frozen_at", "frozen_reason")
    audit_record(actor=actor, subject=brand, action="frozen", reason=reason)
    return brand


@transaction.atomic
def brand_unfreeze(*, actor: User, brand: Brand, reason: str) -> Brand:
    brand = _locked(brand)
    if not brand.is_frozen:
        return brand
    brand.frozen_at = None
    brand.frozen_reason = ""
    save_versioned(brand, "frozen_at", "frozen_reason")
    audit_record(actor=actor, subject=brand, action="unfrozen", reason=reason)
    return brand


@transaction.atomic
def brand_suspend(*, actor: User, brand: Brand, reason: str) -> Brand:
    brand_can_suspend(actor).enforce()
    if not (reason or "").strip():
        raise DomainError("required", "A suspension needs a reason.", field="reason")
    brand = _locked(brand)
    if brand.status != BrandStatus.APPROVED:
        raise StateConflict(
            "B7", f"{brand} is {brand.get_status_display().lower()}; only an approved brand can be suspended."
        )
    brand.suspend(by=actor, reason=reason.strip())
    save_versioned(brand, "status")
    return brand


@transaction.atomic
def brand_reinstate(*, actor: User, brand: Brand, reason: str) -> Brand:
    brand_can_reinstate(actor).enforce()
    if not (reason or "").strip():
        raise DomainError("required", "A reinstatement needs a reason.", field="reason")
    brand = _locked(brand)
    if brand.status != BrandStatus.SUSPENDED:
        raise StateConflict("B7", f"{brand} is {brand.get_status_display().lower()}, not suspended.")
    brand.reinstate(by=actor, reason=reason.strip())
    save_versioned(brand, "status")
    return brand
