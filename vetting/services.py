"""Vetting rules (V1–V9). Views, the API, admin actions and other apps' services call these."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import can_proceed

from accounts.models import User
from audit.services import audit_record
from brands.models import Brand
from brands.services import brand_mark_vetted
from core.errors import DomainError, StateConflict
from core.hooks import guard_decision
from core.locking import lock_row, locked_for_change, save_versioned

from . import policies
from .choices import FINAL_STATUSES, UNSCORED_CLASSES, VENDORS_BY_CLASS, VetClass, VetStatus
from .models import Vet
from .signals import vet_completed

#: V3/V4: at or above this standard score a brand already has the highest throughput terms.
TOP_SCORE = 75
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{3,63}$")


@cache
def vendor_status_map() -> dict[str, str]:
    raw = json.loads((Path(__file__).parent / "data" / "vendor_status_map.json").read_text())
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def _visible_brand(actor: User, brand: Brand) -> Brand:
    try:
        return Brand.objects.visible_to(actor).select_related("sub_account").get(pk=brand.pk)
    except Brand.DoesNotExist:
        raise DomainError("not_found", "No such brand.", field="brand") from None


def _check_class_and_vendor(vet_class: str, vendor: str) -> None:
    errors: dict[str, list[str]] = {}
    if vet_class not in VetClass.values:
        errors["vet_class"] = [f"Unknown vet class “{vet_class}”; one of {', '.join(VetClass.values)}."]
    elif vendor not in VENDORS_BY_CLASS[VetClass(vet_class)]:
        allowed = ", ".join(v.value for v in VENDORS_BY_CLASS[VetClass(vet_class)])
        errors["vendor"] = [f"{VetClass(vet_class).label} vets come from {allowed}; not “{vendor}”."]
    if errors:
        raise DomainError("invalid", "Invalid vet class or vendor.", errors=errors)


def _check_political_allowed(brand: Brand) -> None:
    if not (decision := policies.political_vet_allowed(brand)):
        raise DomainError(decision.code, decision.reason, field="vet_class")


def _check_class_allowed(brand: Brand, vet_class: str) -> None:
    """V5 (political) and N4 (Authentication+): vet classes only some brands may hold."""
    if vet_class == VetClass.POLITICAL:
        _check_political_allowed(brand)
    elif vet_class == VetClass.AUTHPLUS and not (decision := policies.authplus_vet_allowed(brand)):
        raise DomainError(decision.code, decision.reason, field="vet_class")


def _complete(vet: Vet, actor: User | None) -> None:
    """Side effects of a vet reaching a final state: B2 vetted status, V7 signal."""
    vet.completed_at = vet.completed_at or timezone.now()
    if vet.status == VetStatus.ACTIVE and vet.vet_class == VetClass.STANDARD:
        brand_mark_vetted(
            actor=actor, brand=vet.brand, reason=f"Standard vet {vet.pk} completed ACTIVE (score {vet.score})."
        )
    vet_completed.send(sender=Vet, vet=vet, actor=actor)


@transaction.atomic
def vet_request(*, actor: User, brand: Brand, vet_class: str, vendor: str) -> Vet:
    """Order a vet from a vendor (V4, V5, V9 guards)."""
    policies.vet_can_request(actor).enforce()
    _check_class_and_vendor(vet_class, vendor)
    brand = _visible_brand(actor, brand)
    brand = lock_row(Brand.objects.select_related("sub_account"), brand.pk)
    policies.vet_can_request(actor, brand).enforce()
    _check_class_allowed(brand, vet_class)
    if vet_class == VetClass.ENHANCED:
        standard = (
            Vet.objects.filter(brand=brand, vet_class=VetClass.STANDARD, status=VetStatus.ACTIVE, score__gte=TOP_SCORE)
            .order_by("-score")
            .first()
        )
        if standard is not None:
            raise DomainError(
                "V4",
                f"{brand} already has a standard score of {standard.score} (≥ {TOP_SCORE}), which grants the highest "
                "throughput terms; an enhanced vet cannot raise it.",
                field="vet_class",
            )
    previous = Vet.objects.filter(brand=brand, vet_class=vet_class).order_by("-created_at", "-id").first()
    if previous is not None and previous.is_open:
        raise StateConflict(
            "V2",
            f"A {previous.get_vet_class_display().lower()} vet of {brand} is already {previous.status}; "
            "wait for its result.",
        )
    if previous is not None and previous.status == VetStatus.FAIL:
        updated_since = (
            brand.details_updated_at and previous.completed_at and brand.details_updated_at > previous.completed_at
        )
        if not updated_since and previous.appealed_at is None:
            raise DomainError(
                "V9",
                f"The last {previous.get_vet_class_display().lower()} vet failed on {previous.completed_at:%Y-%m-%d}; "
                "a new vet can start only after the brand's details are updated or an appeal is filed.",
                field="vet_class",
            )
    vet = Vet.objects.create(brand=brand, vet_class=vet_class, vendor=vendor, requested_by=actor)
    audit_record(actor=actor, subject=vet, action="requested", to_state=vet.status)
    return vet


@transaction.atomic
def vet_import(*, actor: User, brand: Brand, vet_class: str, vendor: str, token: str) -> Vet:
    """Import a vetting token (V6): standard/enhanced reusable within one tax id; political single-use."""
    policies.vet_can_import(actor).enforce()
    _check_class_and_vendor(vet_class, vendor)
    token = (token or "").strip()
    if not _TOKEN.match(token):
        raise DomainError(
            "invalid",
            "A vetting token is 4–64 letters, digits or . _ : - (starting with a letter or digit).",
            field="token",
        )
    brand = _visible_brand(actor, brand)
    brand = lock_row(Brand.objects.select_related("sub_account"), brand.pk)
    _check_class_allowed(brand, vet_class)
    same_token = list(
        Vet.objects.select_for_update(of=("self",)).filter(token=token).select_related("brand__sub_account")
    )
    if any(v.brand_id == brand.pk for v in same_token):
        raise StateConflict("V6", f"This token is already imported into {brand}.")
    _check_token_elsewhere(actor=actor, brand=brand, vet_class=vet_class, vendor=vendor, others=same_token)
    source = None
    if vet_class != VetClass.POLITICAL:
        originals = [v for v in same_token if not v.imported] or same_token
        source = originals[0] if originals else None
    vet = Vet.objects.create(
        brand=brand,
        vet_class=vet_class,
        vendor=vendor,
        token=token,
        imported=True,
        imported_from=source,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        subject=vet,
        action="imported",
        to_state=vet.status,
        data={"source_vet": getattr(source, "pk", None)},
    )
    if vet_class == VetClass.POLITICAL:
        # A Campaign Verify token is the authorization itself: it is in force once imported.
        vet.activate(by=actor, reason="Campaign Verify token imported.")
        vet.vendor_status = "ACTIVE"
        vet.completed_at = timezone.now()
        vet.save()
        _complete(vet, actor)
    elif source is not None and source.status in (*FINAL_STATUSES, VetStatus.REVIEW, VetStatus.UNSCORE):
        # The source may be another account's vet (same tax id): the customer-visible reason never names it.
        _apply_status(vet, source.status, actor=actor, reason="Imported with the result recorded for this token.")
        vet.score = source.score
        vet.vendor_status = source.vendor_status
        vet.completed_at = source.completed_at
        vet.save()
        if vet.status in FINAL_STATUSES:
            _complete(vet, actor)
    return vet


def _check_token_elsewhere(*, actor: User, brand: Brand, vet_class: str, vendor: str, others: list[Vet]) -> None:
    """V6 against the other vets holding the token, system-wide: a political token is single-use; a standard or
    enhanced one belongs to one tax id and is of one class and vendor.

    Staff are told which brand holds it and why. A customer reads one sentence whatever the clash, the same for
    a token held in their own account or in another, so a refusal never confirms, names or describes another
    account's vet (DESIGN §9)."""
    if not others:
        return
    detail = _token_clash(brand=brand, vet_class=vet_class, vendor=vendor, others=others)
    if detail is None:
        return
    if policies.vet_can_see_token_details(actor):
        raise DomainError("V6", detail, field="token")
    raise DomainError(
        "V6",
        "This token cannot be used for this brand. A political (Campaign Verify) token is single-use; a standard "
        "or enhanced token applies only to the brand it was issued for (same tax id), as the class and vendor it "
        "was issued as. Check the token, the class and the vendor, or ask us for help.",
        field="token",
    )


def _token_clash(*, brand: Brand, vet_class: str, vendor: str, others: list[Vet]) -> str | None:
    """The staff-facing reason the token cannot go on ``brand``, or None when V6 allows it."""
    political = [v for v in others if v.vet_class == VetClass.POLITICAL]
    if vet_class == VetClass.POLITICAL or political:
        holder = (political or others)[0]
        return (
            f"This token is already used by the {holder.get_vet_class_display().lower()} vet {holder.pk} of "
            f"{holder.brand} ({holder.brand.sub_account}); political (Campaign Verify) tokens are single-use."
        )
    foreign = [v for v in others if (v.brand.tax_id, v.brand.tax_id_country) != (brand.tax_id, brand.tax_id_country)]
    if foreign:
        holder = foreign[0]
        return (
            f"This token belongs to {holder.brand} ({holder.brand.sub_account}, vet {holder.pk}), another tax id; "
            "a vet applies only to instances of the brand it was issued for."
        )
    source = ([v for v in others if not v.imported] or others)[0]
    if (source.vet_class, source.vendor) != (vet_class, vendor):
        return (
            f"This token is a {source.get_vet_class_display().lower()} vet from {source.get_vendor_display()} "
            f"(vet {source.pk} of {source.brand}), not a {VetClass(vet_class).label.lower()} vet from {vendor}."
        )
    return None


def _apply_status(vet: Vet, target: str, *, actor: User | None, reason: str) -> None:
    transitions = {
        VetStatus.UNSCORE: vet.mark_unscored,
        VetStatus.REVIEW: vet.start_review,
        VetStatus.ACTIVE: vet.activate,
        VetStatus.FAIL: vet.fail,
        VetStatus.EXPIRED: vet.expire,
    }
    if target == vet.status:
        return
    method = transitions.get(VetStatus(target)) if target in VetStatus.values else None
    if method is None or not can_proceed(method):
        raise StateConflict("V2", f"A vet cannot go from {vet.status} to {target}.")
    method(by=actor, reason=reason)


def _clean_score(score: Any) -> int | None:
    if score in (None, ""):
        return None
    try:
        value = int(score)
        if str(value) != str(score).strip() and not isinstance(score, int):
            raise ValueError
    except (TypeError, ValueError):
        raise DomainError(
            "invalid", f"The score must be a whole number from 0 to 100; got “{score}”.", field="score"
        ) from None
    if value < 0:
        raise DomainError("invalid", f"The score must be 0–100; {value} is {-value} below 0.", field="score")
    if value > 100:
        raise DomainError("invalid", f"The score must be 0–100; {value} is {value - 100} above 100.", field="score")
    return value


@transaction.atomic
def vet_record_result(
    *,
    actor: User,
    vet: Vet,
    status: str,
    score: Any = None,
    token: str | None = None,
    report=None,
    expected_version: int | None = None,
) -> Vet:
    """Staff record a vendor's result (V2). ``status`` is the vendor's raw string; it is mapped.

    The vet row is locked first, so of two results sent at once the second sees the first: a final vet refuses
    another result (409 ``V2``) and an older ``expected_version`` is stale (409). Every recorded result, with
    its score, is an audit event in the same transaction."""
    policies.vet_can_record_result(actor).enforce()
    raw = (status or "").strip()
    mapped = vendor_status_map().get(raw.upper())
    if mapped is None:
        known = ", ".join(sorted(vendor_status_map()))
        raise DomainError("invalid", f"Unknown vendor status “{raw}”; known values: {known}.", field="status")
    value = _clean_score(score)
    vet = locked_for_change(
        Vet.objects.select_related("brand__sub_account"),
        vet.pk,
        version=expected_version,
        label=lambda _: "The vet",
        retry="reload.",
        policy=lambda locked: policies.vet_can_record_result(actor, locked, mapped),
    )
    guard_decision(actor=actor, subject=vet)
    if mapped == VetStatus.ACTIVE and value is None and vet.vet_class not in UNSCORED_CLASSES:
        raise DomainError("V2", "An ACTIVE standard or enhanced vet needs its score (0–100).", field="score")
    if vet.vet_class == VetClass.AUTHPLUS and value is not None:
        raise DomainError("V2", "An Authentication+ check has no score; leave the score empty.", field="score")
    if mapped == VetStatus.EXPIRED and value is not None and value != vet.score:
        raise DomainError(
            "V2",
            f"An expiry keeps the vet's score ({vet.score}); a new score comes only through an appeal.",
            field="score",
        )
    from_state, old_score, old_token = vet.status, vet.score, vet.token
    if token:
        token = token.strip()
        if not _TOKEN.match(token):
            raise DomainError("invalid", "A vetting token is 4–64 letters, digits or . _ : -.", field="token")
        if vet.token and vet.token != token:
            raise StateConflict("V6", "This vet already has a different token.")
        if token != vet.token:
            others = list(
                Vet.objects.select_for_update(of=("self",))
                .filter(token=token)
                .exclude(pk=vet.pk)
                .select_related("brand__sub_account")
            )
            if any(v.brand_id == vet.brand_id for v in others):
                raise StateConflict("V6", f"Another vet of {vet.brand} already holds this token.", field="token")
            _check_token_elsewhere(
                actor=actor, brand=vet.brand, vet_class=vet.vet_class, vendor=vet.vendor, others=others
            )
        vet.token = token
    if report is not None and vet.vet_class != VetClass.ENHANCED:
        raise DomainError("invalid", "Only enhanced vets come with a report file.", field="report")
    was_final = vet.status in FINAL_STATUSES
    _apply_status(
        vet, mapped, actor=actor, reason=f"Vendor result {raw}" + (f", score {value}" if value is not None else "")
    )
    vet.vendor_status = raw
    if value is not None:
        vet.score = value
    if report is not None:
        vet.report.save(report.name, report, save=False)
    try:
        with transaction.atomic():
            save_versioned(vet)
    except IntegrityError:
        # A concurrent import took the token between our check and our save (the partial unique indexes).
        raise DomainError(
            "V6", "This token was taken by another vet a moment ago; political tokens are single-use.", field="token"
        ) from None
    audit_record(
        actor=actor,
        subject=vet,
        action="result_recorded",
        from_state=from_state,
        to_state=vet.status,
        reason=f"Vendor result {raw}" + (f", score {vet.score}" if vet.score is not None else ""),
        data={
            "vendor_status": raw,
            "score": vet.score,
            "previous_score": old_score,
            "token_set": bool(token) and token != old_token,
            "report": bool(report),
        },
    )
    if vet.status in FINAL_STATUSES and not was_final:
        _complete(vet, actor)
        vet.save(update_fields=["completed_at"])
    return vet


@transaction.atomic
def vet_mark_appealed(*, actor: User, vet: Vet) -> Vet:
    """A standard-vet appeal was filed (called by the appeals services; V9)."""
    vet = lock_row(Vet, vet.pk)
    vet.appealed_at = timezone.now()
    save_versioned(vet, "appealed_at")
    return vet


@transaction.atomic
def vet_rescore(*, actor: User, vet: Vet, score: Any, reason: str) -> Vet:
    """A9: an approved standard-vet appeal sets a new score (and makes a failed vet ACTIVE)."""
    policies.vet_can_rescore(actor).enforce()
    value = _clean_score(score)
    if value is None:
        raise DomainError("required", "An approved vet appeal sets the new score.", field="score")
    vet = lock_row(Vet.objects.select_related("brand__sub_account"), vet.pk)
    if vet.status not in FINAL_STATUSES:
        raise StateConflict("A6", f"The vet is {vet.status}; only a final (ACTIVE/FAIL) vet is rescored.")
    old_score = vet.score
    vet.rescore(by=actor, reason=reason)
    vet.score = value
    vet.completed_at = timezone.now()
    save_versioned(vet)
    audit_record(
        actor=actor,
        subject=vet,
        action="rescored",
        to_state=vet.status,
        reason=f"Score {old_score} → {value} on appeal: {reason}",
        data={"score": value, "previous_score": old_score},
    )
    _complete(vet, actor)
    return vet
