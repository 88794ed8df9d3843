"""Appeal rules (A1–A9). Pages, the API and the upload handler call these; no rule lives elsewhere.

Freezing goes through ``brands.services`` (the brand's own update paths refuse while frozen), vet
changes through ``vetting.services``: appeals sits above both and never edits their rows directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from brands.choices import BrandStatus, EntityType, IdentityStatus
from brands.models import Brand
from brands.services import brand_freeze, brand_grant_identity, brand_unfreeze
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import lock_row, locked_for_change, save_versioned
from core.policy import ALLOWED, deny
from core.policy import Decision as Answer
from vetting.choices import FINAL_STATUSES, VetClass
from vetting.models import Vet
from vetting.services import vet_mark_appealed, vet_rescore

from . import policies, uploads
from .choices import (
    APPEAL_WINDOW_DAYS,
    DECIDABLE_STATUSES,
    IDENTITY_CATEGORIES,
    AppealCategory,
    AppealStatus,
    AppealType,
    Decision,
)
from .models import Appeal, Evidence
from .uploads.budget import check_evidence_budget, evidence_budget

MAX_EXPLANATION_CHARS = 5_000
#: The brand transitions that record an identity result (the FSM transition names, as audited).
IDENTITY_RESULT_ACTIONS = ("mark_verified", "mark_unverified")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str


@dataclass
class Eligibility:
    """A2–A6 for one brand or vet: every reason it is refused, not just the first."""

    appeal_type: str
    deadline: dt.date | None
    categories: list[str]
    reasons: list[Refusal] = field(default_factory=list)
    open_appeal: Appeal | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons

    def as_dict(self) -> dict:
        return {
            "eligible": self.eligible,
            "appeal_type": self.appeal_type,
            "reasons": [{"code": r.code, "message": r.message} for r in self.reasons],
            "categories": self.categories,
            "deadline": self.deadline,
            "open_appeal": self.open_appeal.pk if self.open_appeal else None,
        }

    def raise_if_refused(self) -> None:
        if self.reasons:
            first = self.reasons[0]
            raise DomainError(first.code, " ".join(r.message for r in self.reasons))


# --- helpers ---------------------------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def appeal_deadline(created_at: dt.datetime) -> dt.date:
    """A4: the last day (UTC calendar date) on which an appeal may be filed: creation day + 45."""
    return created_at.astimezone(dt.UTC).date() + dt.timedelta(days=APPEAL_WINDOW_DAYS)


def _window_refusal(what: str, created_at: dt.datetime, today: dt.date) -> Refusal | None:
    deadline = appeal_deadline(created_at)
    if today <= deadline:
        return None
    late = (today - deadline).days
    return Refusal(
        "A4",
        f"Appeals are allowed within {APPEAL_WINDOW_DAYS} calendar days of {what} creation "
        f"({created_at.astimezone(dt.UTC).date():%Y-%m-%d}); the window closed on {deadline:%Y-%m-%d}, "
        f"{late} day{'s' if late != 1 else ''} ago.",
    )


def _locked(appeal: Appeal, **checks) -> Appeal:
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the vet join, and only this row needs it.
    return locked_for_change(
        Appeal.objects.select_related("brand__sub_account", "vet"),
        appeal.pk,
        of=("self",),
        label=lambda locked: f"Appeal #{locked.pk}",
        retry="reload the page and try again.",
        **checks,
    )


def _draft_only(action: str) -> Callable[[Appeal], Answer]:
    """A7: once submitted an appeal is frozen; said before a stale version, which reloading would not cure."""

    def answer(appeal: Appeal) -> Answer:
        if appeal.is_draft:
            return ALLOWED
        return deny(
            f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}: once submitted an appeal is frozen, "
            f"so it cannot {action}.",
            code="A7",
        )

    return answer


def _decidable(appeal: Appeal) -> Answer:
    if appeal.status in DECIDABLE_STATUSES:
        return ALLOWED
    return deny(
        f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}; only a submitted appeal can be decided.",
        code="A9",
    )


def _frozen_refusal(brand: Brand) -> Refusal | None:
    if not brand.is_frozen:
        return None
    return Refusal("A7", f"{brand} is frozen until its open appeal completes ({brand.frozen_reason}).")


# --- eligibility (A2–A6) -----------------------------------------------------------------------------------------


def identity_result_recorded(brand: Brand) -> bool:
    """Whether the registry's identity result (B2) has been recorded for ``brand``.

    A new brand starts UNVERIFIED, which looks like a registry answer but is not one: appealing it would
    contest a result nobody gave. Any other status came from a recorded result (or a vet). An UNVERIFIED
    brand counts as answered once its append-only audit trail holds an identity-result transition: every
    recording goes through ``brands.services.brand_record_identity``, whose transition is audited in the
    same transaction, so the trail is exactly the set of results recorded.
    """
    if brand.identity_status != IdentityStatus.UNVERIFIED:
        return True
    return (
        AuditEvent.objects.for_subject(brand)
        .filter(action__in=IDENTITY_RESULT_ACTIONS, data__field="identity_status")
        .exists()
    )


def appeal_categories(appeal_type: str, entity_type: str) -> list[str]:
    """A5: the categories an appeal of this type may use for a brand of this entity type (identity appeal
    categories first; a standard-vet appeal adds LOW_SCORE). Filing, editing, the forms and the API ask this."""
    identity = list(IDENTITY_CATEGORIES.get(entity_type, ()))
    return identity if appeal_type == AppealType.IDENTITY_STATUS else [*identity, AppealCategory.LOW_SCORE]


def categories_of(appeal: Appeal) -> list[str]:
    return appeal_categories(appeal.appeal_type, appeal.brand.entity_type)


def _identity_eligibility(brand: Brand, today: dt.date, ignoring: int | None) -> Eligibility:
    result = Eligibility(
        appeal_type=AppealType.IDENTITY_STATUS,
        deadline=appeal_deadline(brand.created_at),
        categories=appeal_categories(AppealType.IDENTITY_STATUS, brand.entity_type),
    )
    reasons = result.reasons
    status, entity = brand.identity_status, brand.entity_type
    entity_label = EntityType(entity).label if entity in EntityType.values else entity
    if status == IdentityStatus.VETTED_VERIFIED:
        reasons.append(
            Refusal(
                "A2",
                "A VETTED_VERIFIED identity status cannot be appealed for any entity type; "
                "file a standard-vet appeal on the vet instead.",
            )
        )
    elif status == IdentityStatus.VERIFIED and entity not in (EntityType.NON_PROFIT, EntityType.GOVERNMENT):
        reasons.append(
            Refusal(
                "A2",
                f"A VERIFIED identity status can be appealed only by non-profit and government brands, "
                f"not by a {entity_label.lower()}.",
            )
        )
    elif entity not in IDENTITY_CATEGORIES:
        reasons.append(Refusal("A2", f"A {entity_label.lower()} brand cannot file an identity-status appeal."))
    if brand.status == BrandStatus.DRAFT:
        reasons.append(
            Refusal("A2", "The brand has not been submitted for identity verification yet; submit it first.")
        )
    elif not identity_result_recorded(brand):
        reasons.append(
            Refusal(
                "A2",
                "The registry has not returned an identity result for this brand yet. An identity appeal "
                "becomes possible once the result is recorded, if it is not the one you expected.",
            )
        )
    if brand.core_fields_changed:
        reasons.append(
            Refusal(
                "A3",
                "A core identity field (legal name, entity type, tax id or its country) changed after creation; "
                "resubmit the brand for verification first, then appeal if needed.",
            )
        )
    if (late := _window_refusal("brand", brand.created_at, today)) is not None:
        reasons.append(late)
    result.open_appeal = (
        Appeal.objects.open().filter(brand=brand, appeal_type=AppealType.IDENTITY_STATUS).exclude(pk=ignoring).first()
    )
    if result.open_appeal is not None:
        reasons.append(
            Refusal(
                "A7",
                f"Identity appeal #{result.open_appeal.pk} is still {result.open_appeal.get_status_display().lower()}; "
                "continue or wait for it.",
            )
        )
    elif (frozen := _frozen_refusal(brand)) is not None:
        reasons.append(frozen)
    return result


#: "Not looked up yet" for the batched eligibility below (None is a real answer: no newer vet, no open appeal).
_UNKNOWN: Any = object()


def _vet_eligibility(
    vet: Vet, today: dt.date, ignoring: int | None, *, latest: Any = _UNKNOWN, open_appeal: Any = _UNKNOWN
) -> Eligibility:
    brand = vet.brand
    result = Eligibility(
        appeal_type=AppealType.STANDARD_VET,
        deadline=appeal_deadline(vet.created_at),
        categories=appeal_categories(AppealType.STANDARD_VET, brand.entity_type),
    )
    reasons = result.reasons
    if vet.vet_class != VetClass.STANDARD:
        reasons.append(
            Refusal("A1", f"Only standard vets can be appealed; this is a {vet.get_vet_class_display().lower()} vet.")
        )
    if vet.status not in FINAL_STATUSES:
        reasons.append(
            Refusal(
                "A6",
                f"The vet is {vet.status}; only a vet in a final state (ACTIVE or FAIL) can be appealed.",
            )
        )
    if latest is _UNKNOWN:
        latest = (
            Vet.objects.filter(brand_id=vet.brand_id, vendor=vet.vendor, vet_class=vet.vet_class)
            .order_by("-created_at", "-id")
            .only("pk", "created_at")
            .first()
        )
    if latest is not None and latest.pk != vet.pk:
        reasons.append(
            Refusal(
                "A6",
                f"Only the latest vet of each vendor can be appealed; a newer {vet.get_vendor_display()} vet "
                f"(#{latest.pk}, {latest.created_at:%Y-%m-%d}) exists.",
            )
        )
    if (late := _window_refusal("vet", vet.created_at, today)) is not None:
        reasons.append(late)
    if open_appeal is _UNKNOWN:
        open_appeal = Appeal.objects.open().filter(vet=vet).exclude(pk=ignoring).first()
    result.open_appeal = open_appeal
    if result.open_appeal is not None:
        reasons.append(
            Refusal(
                "A6",
                f"Appeal #{result.open_appeal.pk} on this vet is still "
                f"{result.open_appeal.get_status_display().lower()}; a re-appeal is allowed only after it completes.",
            )
        )
    elif (frozen := _frozen_refusal(brand)) is not None:
        reasons.append(frozen)
    return result


def vet_appeal_eligibilities(*, brand: Brand, today: dt.date | None = None) -> dict[Vet, Eligibility]:
    """``appeal_eligibility`` for every standard vet of ``brand`` at once (the brand page): two queries whatever
    the number of vets — the brand's vets, then their open appeals — instead of two per vet."""
    today = today or _today()
    vets = list(brand.vets.all())
    latest: dict[tuple[str, str], Vet] = {}
    for vet in sorted(vets, key=lambda v: (v.created_at, v.pk)):
        latest[(vet.vendor, vet.vet_class)] = vet
    standard = [vet for vet in vets if vet.vet_class == VetClass.STANDARD]
    open_by_vet = {a.vet_id: a for a in Appeal.objects.open().filter(vet__in=standard)} if standard else {}
    return {
        vet: _vet_eligibility(
            vet, today, None, latest=latest[(vet.vendor, vet.vet_class)], open_appeal=open_by_vet.get(vet.pk)
        )
        for vet in standard
    }


def appeal_eligibility(
    *, brand: Brand | None = None, vet: Vet | None = None, today: dt.date | None = None, ignoring: int | None = None
) -> Eligibility:
    """Whether an identity appeal (``brand``) or a standard-vet appeal (``vet``) may be filed now, and why not.

    ``ignoring`` is the draft being submitted: it is not "another open appeal" to itself.
    """
    if (brand is None) == (vet is None):
        raise DomainError("invalid", "Give either a brand (identity appeal) or a vet (standard-vet appeal).")
    today = today or _today()
    if brand is not None:
        return _identity_eligibility(brand, today, ignoring)
    return _vet_eligibility(vet, today, ignoring)


def _clean_categories(categories: Iterable[str] | None, allowed: list[str], entity_label: str) -> list[str]:
    chosen = list(dict.fromkeys(categories or ()))
    if not chosen:
        raise DomainError("A5", "Choose at least one appeal category.", field="categories")
    invalid = [c for c in chosen if c not in allowed]
    if invalid:
        labels = dict(AppealCategory.choices)
        raise DomainError(
            "A5",
            f"{', '.join(labels.get(c, str(c)) for c in invalid)} is not a category for a {entity_label} "
            f"in this kind of appeal; allowed: {', '.join(labels[c] for c in allowed)}.",
            field="categories",
        )
    return chosen


def _clean_explanation(explanation: str | None) -> str:
    explanation = (explanation or "").strip()
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise DomainError(
            "invalid",
            f"The explanation is {len(explanation):,} characters; the limit is {MAX_EXPLANATION_CHARS:,} "
            f"({len(explanation) - MAX_EXPLANATION_CHARS:,} over).",
            field="explanation",
        )
    return explanation


def _entity_label(brand: Brand) -> str:
    return EntityType(brand.entity_type).label.lower() if brand.entity_type in EntityType.values else "brand"


# --- filing ----------------------------------------------------------------------------------------------------


@transaction.atomic
def appeal_open(
    *,
    actor: User,
    brand: Brand | None = None,
    vet: Vet | None = None,
    categories: Iterable[str] | None,
    explanation: str = "",
) -> Appeal:
    """A draft appeal on a brand's identity status or on a standard vet, if A2–A6 allow it."""
    policies.appeal_can_file(actor).enforce()
    if vet is not None:
        vet = Vet.objects.select_related("brand__sub_account").get(pk=vet.pk)
        brand = vet.brand
    if brand is None:
        raise DomainError("invalid", "Give either a brand or a vet.")
    # Serialises concurrent filings for one brand: the open-appeal checks below then see each other.
    brand = lock_row(Brand.objects.select_related("sub_account"), brand.pk)
    if vet is not None:
        vet.brand = brand
    eligibility = appeal_eligibility(brand=None if vet else brand, vet=vet)
    eligibility.raise_if_refused()
    chosen = _clean_categories(categories, eligibility.categories, _entity_label(brand))
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                appeal_type=eligibility.appeal_type,
                brand=brand,
                vet=vet,
                categories=chosen,
                explanation=_clean_explanation(explanation),
                created_by=actor,
            )
    except IntegrityError as exc:
        raise StateConflict("A6", "Another appeal on this subject was opened at the same moment.") from exc
    audit_record(actor=actor, subject=appeal, action="opened", to_state=appeal.status, data={"categories": chosen})
    return appeal


@transaction.atomic
def appeal_update(
    *,
    actor: User,
    appeal: Appeal,
    categories: Iterable[str] | None = None,
    explanation: str | None = None,
    expected_version: int | None = None,
) -> Appeal:
    policies.appeal_can_edit(actor).enforce()
    appeal = _locked(appeal, precondition=_draft_only("be edited"), version=expected_version)
    changed = []
    if categories is not None:
        appeal.categories = _clean_categories(categories, categories_of(appeal), _entity_label(appeal.brand))
        changed.append("categories")
    if explanation is not None:
        appeal.explanation = _clean_explanation(explanation)
        changed.append("explanation")
    if changed:
        save_versioned(appeal, *changed)
        audit_record(actor=actor, subject=appeal, action="edited", data={"fields": changed})
    return appeal


# --- evidence (A8) -------------------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, actor: User, appeal: Appeal, upload: UploadedFile) -> Evidence:
    """A8: inspect one received file, then store it under a server-generated name.

    The appeal row is locked, so two uploads at once cannot both squeeze under the count or total limit.
    Nothing reaches the storage unless every check passed; a failure after storing removes the file again.
    """
    policies.appeal_can_edit(actor).enforce()
    # Inspecting a 10 MB file takes a while; it needs no lock, so it runs before the row lock is taken and other
    # uploads and edits of the appeal wait only for the count/total check and the write. The draft check runs
    # first so that a submitted appeal says so rather than judging the file; it is repeated under the lock.
    _draft_only("take new evidence")(appeal).enforce()
    inspection = uploads.inspect_upload(upload, upload.name or "", size_limit=uploads.MAX_FILE_BYTES)
    appeal = _locked(appeal, precondition=_draft_only("take new evidence"))
    check_evidence_budget(inspection.name, inspection.size, evidence_budget(appeal))
    upload.seek(0)
    evidence = Evidence(
        appeal=appeal,
        name=inspection.name,
        extension=inspection.extension,
        size=inspection.size,
        content_type=inspection.content_type,
        sha256=inspection.sha256,
        uploaded_by=actor,
    )
    evidence.file.save(inspection.name, upload, save=False)
    try:
        evidence.save()
        save_versioned(appeal)
        audit_record(
            actor=actor,
            subject=appeal,
            action="evidence_added",
            data={"evidence": evidence.pk, "name": evidence.name, "size": evidence.size, "sha256": evidence.sha256},
        )
    except BaseException:
        evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    policies.appeal_can_edit(actor).enforce()
    appeal = _locked(evidence.appeal, precondition=_draft_only("lose evidence"))
    evidence = lock_row(Evidence, evidence.pk)
    name, storage, stored = evidence.name, evidence.file.storage, evidence.file.name
    evidence.delete()
    save_versioned(appeal)
    audit_record(actor=actor, subject=appeal, action="evidence_removed", data={"name": name})
    # Only once the row is gone for good: a rolled-back removal must not lose the file.
    transaction.on_commit(lambda: storage.delete(stored))


# --- submission and decision ---------------------------------------------------------------------------------


@transaction.atomic
def appeal_submit(*, actor: User, appeal: Appeal, expected_version: int | None = None) -> Appeal:
    """A7: file the appeal. It is frozen from now on, and so is the brand until the appeal completes."""
    policies.appeal_can_submit(actor).enforce()
    appeal = _locked(appeal, precondition=_draft_only("be submitted again"), version=expected_version)
    brand = lock_row(Brand.objects.select_related("sub_account"), appeal.brand_id)
    # The window and the other rules are judged at filing time, not when the draft was started.
    if appeal.vet_id:
        appeal.vet.brand = brand
        eligibility = appeal_eligibility(vet=appeal.vet, ignoring=appeal.pk)
    else:
        eligibility = appeal_eligibility(brand=brand, ignoring=appeal.pk)
    eligibility.raise_if_refused()
    errors: dict[str, list[str]] = {}
    try:
        _clean_categories(appeal.categories, eligibility.categories, _entity_label(brand))
    except DomainError as exc:
        errors["categories"] = [exc.message]
    if not appeal.explanation.strip():
        errors["explanation"] = ["Explain why the result is wrong before submitting."]
    if not appeal.evidence.exists():
        errors["evidence"] = ["Attach at least one evidence file (for example the EIN letter) before submitting."]
    if errors:
        raise DomainError("A7", "The appeal is not ready to submit.", errors=errors)
    brand_freeze(actor=actor, brand=brand, reason=f"Appeal #{appeal.pk} submitted")
    if appeal.vet_id:
        vet_mark_appealed(actor=actor, vet=appeal.vet)
    appeal.submit(by=actor, reason="Submitted by the customer")
    appeal.submitted_at = timezone.now()
    save_versioned(appeal, "status", "submitted_at")
    return appeal


@transaction.atomic
def appeal_start_review(*, actor: User, appeal: Appeal) -> Appeal:
    policies.appeal_can_start_review(actor).enforce()
    appeal = _locked(appeal)
    guard_decision(actor=actor, subject=appeal)
    if appeal.status != AppealStatus.SUBMITTED:
        raise StateConflict("A9", f"Appeal #{appeal.pk} is {appeal.get_status_display().lower()}, not submitted.")
    appeal.start_review(by=actor)
    save_versioned(appeal, "status")
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    actor: User,
    appeal: Appeal,
    decision: str,
    reason: str,
    identity_status: str | None = None,
    score: int | str | None = None,
    expected_version: int | None = None,
) -> Appeal:
    """A9: approve (identity status or vet score updated) or reject; either completes it and unfreezes the brand."""
    policies.appeal_can_decide(actor).enforce()
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [f"“{decision}” is not a decision; use approve or reject."]
    if not reason:
        errors["reason"] = ["A reason is required for every appeal decision; the customer sees it."]
    if errors:
        raise DomainError("invalid", "The decision is incomplete.", errors=errors)
    appeal = _locked(appeal, precondition=_decidable, version=expected_version)
    guard_decision(actor=actor, subject=appeal)
    brand = appeal.brand
    if decision == Decision.APPROVE:
        if appeal.appeal_type == AppealType.IDENTITY_STATUS:
            granted = identity_status or IdentityStatus.VERIFIED
            if granted != IdentityStatus.VERIFIED:
                raise DomainError(
                    "A9",
                    "An approved identity appeal grants VERIFIED; to keep the status, reject the appeal.",
                    field="identity_status",
                )
            brand = Brand.objects.select_related("sub_account").get(pk=brand.pk)
            if brand.identity_status != IdentityStatus.VETTED_VERIFIED:
                # A vet that completed meanwhile already made the brand VETTED_VERIFIED: never step it down.
                brand_grant_identity(actor=actor, brand=brand, identity_status=granted, reason=reason)
            appeal.granted_identity_status = granted
        else:
            vet = vet_rescore(actor=actor, vet=appeal.vet, score=score, reason=reason)
            appeal.granted_score = vet.score
        appeal.approve(by=actor, reason=reason)
    else:
        appeal.reject(by=actor, reason=reason)
    appeal.decision = decision
    appeal.decision_reason = reason
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    save_versioned(
        appeal,
        "status",
        "decision",
        "decision_reason",
        "decided_by",
        "decided_at",
        "granted_identity_status",
        "granted_score",
    )
    brand_unfreeze(actor=actor, brand=brand, reason=f"Appeal #{appeal.pk} {appeal.status}")
    return appeal
