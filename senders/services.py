"""Sender id rules (S1, S2). Pages, the API, admin actions and receivers call these."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_record
from campaigns.models import Campaign
from core.errors import DomainError, StateConflict
from core.locking import lock_row, locked_for_change

from . import policies
from .choices import MAX_NUMBERS_WITHOUT_POOL
from .models import HELD, NumberClaim, SenderId
from .numbers import parse_number
from .signals import senders_changed

#: S1 as a customer reads it when the number's brand is in another account: nothing about that account.
S1_ELSEWHERE = (
    "This number is registered to another brand, and a number stays with its first brand for good: "
    "use a different number."
)


def _announce(account_id: int) -> None:
    transaction.on_commit(lambda: senders_changed.send(sender=SenderId, account_id=account_id))


def _s1_refusal(*, actor: User, number: str, claim: NumberClaim) -> StateConflict:
    brand = claim.brand
    if actor.is_staff_role:
        where = f"B-{brand.pk} {brand} (account {brand.sub_account.account.name})"
    elif brand.account_id == actor.account_id:
        where = f"your brand {brand}"
    else:
        return StateConflict("S1", S1_ELSEWHERE, field="number")
    return StateConflict(
        "S1",
        f"{number} belongs to {where} since {claim.claimed_at:%Y-%m-%d}: a number stays with its first brand for "
        "good, even after it is released. Use a different number, or assign it to a campaign of that brand.",
        field="number",
    )


def _refuse_full_campaign(campaign: Campaign) -> None:
    """S2: without the number-pool attribute a campaign holds at most 49 numbers (C7/810)."""
    if campaign.number_pool:
        return
    held = SenderId.objects.filter(HELD, campaign=campaign).count()
    if held >= MAX_NUMBERS_WITHOUT_POOL:
        over = held + 1 - MAX_NUMBERS_WITHOUT_POOL
        raise StateConflict(
            "810",
            f"{campaign.reference} already holds {held} numbers; without a number pool a campaign holds at most "
            f"{MAX_NUMBERS_WITHOUT_POOL}, so this one would be {over} over. Release a number first, or send from 50 "
            "or more numbers with a campaign that has the number pool (it needs the carrier's special business "
            "review).",
            field="number",
        )


@transaction.atomic
def sender_assign(*, actor: User, campaign: Campaign, number: str) -> SenderId:
    """Assign ``number`` to ``campaign`` (S1, S2).

    The number's first assignment claims it for the campaign's brand forever; a number held by another campaign
    of the same brand moves here (its row is released and the new row points back at it). Refused: another
    brand's number (409 S1), a full campaign without number pool (409 810), a suspended number, a closed
    campaign. Concurrent assignments of one number queue on its claim row, so exactly one wins."""
    policies.sender_can_assign(actor).enforce()
    number, kind = parse_number(number)
    campaign = lock_row(
        Campaign.objects.visible_to(actor).select_related("brand__sub_account"),
        campaign.pk,
        of=("self",),
        not_found=DomainError("not_found", "No such campaign.", field="campaign"),
    )
    policies.sender_can_assign(actor, campaign).enforce()
    brand = campaign.brand
    # S1: the first assignment claims the number; a concurrent first assignment waits on the unique index and
    # then reads the winner's claim. The claim row's lock then serialises every assignment of this number.
    NumberClaim.objects.get_or_create(number=number, defaults={"brand": brand})
    claim = (
        NumberClaim.objects.select_for_update(of=("self",))
        .select_related("brand__sub_account__account")
        .get(number=number)
    )
    if claim.brand_id != brand.pk:
        raise _s1_refusal(actor=actor, number=number, claim=claim)
    holder = SenderId.objects.select_for_update().filter(HELD, number=number).first()
    if holder is not None and holder.campaign_id == campaign.pk:
        raise StateConflict("assigned", f"{number} is already assigned to {campaign.reference}.", field="number")
    if holder is not None and holder.is_suspended:
        raise StateConflict(
            "suspended",
            f"{number} is suspended by compliance on C-{holder.campaign_id}: it cannot move until it is reinstated.",
            field="number",
        )
    _refuse_full_campaign(campaign)
    if holder is not None:
        holder.release(by=actor, reason=f"Moved to {campaign.reference}")
        holder.released_at = timezone.now()
        holder.version += 1
        holder.save(update_fields=["status", "released_at", "version"])
    sender = SenderId(
        number=number,
        kind=kind,
        brand=brand,
        campaign=campaign,
        sub_account=brand.sub_account,
        assigned_by=actor,
        reassigned_from=holder,
    )
    try:
        with transaction.atomic():
            sender.save()
    except IntegrityError:  # pragma: no cover - the claim lock above serialises; the index is the last word
        raise StateConflict("assigned", f"{number} was assigned by someone else just now; reload.") from None
    audit_record(
        actor=actor,
        subject=sender,
        action="reassigned" if holder is not None else "assigned",
        to_state=sender.status,
        data={"number": number, "campaign": campaign.pk, **({"from_campaign": holder.campaign_id} if holder else {})},
    )
    _announce(sender.account_id)
    return sender


def _locked(actor: User, sender: SenderId, policy) -> SenderId:
    return locked_for_change(
        SenderId.objects.visible_to(actor).select_related("campaign"),
        sender.pk,
        of=("self",),
        policy=lambda locked: policy(actor, locked),
        not_found=DomainError("not_found", "No such sender id."),
    )


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason_required", f"Say why the sender id is {what}.", field="reason")
    if len(reason) > 255:
        raise DomainError(
            "invalid", f"The reason is {len(reason)} characters; at most 255 (cut {len(reason) - 255}).", field="reason"
        )
    return reason


@transaction.atomic
def sender_release(*, actor: User, sender: SenderId, reason: str = "") -> SenderId:
    """Release a number from its campaign. The row stays (released); the number stays its brand's (S1)."""
    policies.sender_can_release(actor).enforce()
    sender = _locked(actor, sender, policies.sender_can_release)
    sender.release(by=actor, reason=(reason or "").strip()[:255])
    sender.released_at = timezone.now()
    sender.suspended_at = None  # staff may release a suspended number; the audit keeps the suspension
    sender.version += 1
    sender.save(update_fields=["status", "released_at", "suspended_at", "version"])
    _announce(sender.account_id)
    return sender


@transaction.atomic
def sender_suspend(*, actor: User, sender: SenderId, reason: str) -> SenderId:
    """M4.2's sender-id step: the number fails the at-send check (S2) until reinstated."""
    policies.sender_can_suspend(actor).enforce()
    reason = _reason(reason, "suspended")
    sender = _locked(actor, sender, policies.sender_can_suspend)
    sender.suspend(by=actor, reason=reason)
    sender.suspended_at = timezone.now()
    sender.suspended_reason = reason
    sender.version += 1
    sender.save(update_fields=["status", "suspended_at", "suspended_reason", "version"])
    _announce(sender.account_id)
    return sender


@transaction.atomic
def sender_reinstate(*, actor: User, sender: SenderId, reason: str) -> SenderId:
    policies.sender_can_reinstate(actor).enforce()
    reason = _reason(reason, "reinstated")
    sender = _locked(actor, sender, policies.sender_can_reinstate)
    sender.reinstate(by=actor, reason=reason)
    sender.suspended_at = None
    sender.suspended_reason = ""
    sender.version += 1
    sender.save(update_fields=["status", "suspended_at", "suspended_reason", "version"])
    _announce(sender.account_id)
    return sender
