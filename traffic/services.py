"""Changes in traffic: sending-platform tokens, the fraud-shield secret, and traffic alerts (M3).

Every change is audited in its transaction; alerts are announced with ``traffic.signals.alert_raised`` inside
the transaction that creates them (notifications sends the email and the webhook after commit)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pycountry
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Account
from audit.services import audit_record
from core.errors import DomainError
from core.locking import lock_row

from . import lookups, policies
from .auth import SHOWN, digest_of, new_secret
from .choices import ALL_SCOPES, AlertKind
from .models import Alert, FraudShieldSecret, PlatformToken
from .signals import alert_raised

#: Active tokens an account may hold at once (a platform needs one or two; rotation needs one more).
MAX_ACTIVE_TOKENS = 20
#: A fraud-shield body arriving again within this time is the carrier redelivering the same alert.
FRAUD_SHIELD_DEDUPE = timedelta(hours=24)
#: The seed's alert body (messaging geo permissions): what we send and what the carrier sends us.
SEED_MESSAGE = "Take Action. The number of messages sent exceeded the hourly threshold set."
MAX_FRAUD_SHIELD_BODY = 16 * 1024


def _after_commit_forget(account_id: int) -> None:
    transaction.on_commit(lambda: lookups.account_changed(account_id))


# ---------------------------------------------------------------------------------------------------- tokens
def token_create(*, actor, name: str, scopes) -> tuple[PlatformToken, str]:
    """A new token for the actor's account; returns it with the token itself (shown once, never stored)."""
    policies.token_can_manage(actor).enforce()
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Name the token after the platform that will use it."]
    elif len(name) > 80:
        errors["name"] = [f"The name has {len(name)} characters; at most 80."]
    scopes = sorted(set(scopes or ()))
    if not scopes:
        errors["scopes"] = ["Choose at least one use: the at-send check or delivery events."]
    elif unknown := [scope for scope in scopes if scope not in ALL_SCOPES]:
        errors["scopes"] = [f"Unknown use “{unknown[0]}”: choose “check” and/or “events”."]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], errors=errors)
    with transaction.atomic():
        lock_row(Account, actor.account_id)
        active = PlatformToken.objects.filter(account_id=actor.account_id).active().count()
        if active >= MAX_ACTIVE_TOKENS:
            raise DomainError(
                "token_limit",
                f"The account has {active} active tokens, the most it may hold; revoke one first.",
                conflict=True,
            )
        raw = new_secret()
        token = PlatformToken.objects.create(
            account_id=actor.account_id,
            name=name,
            prefix=raw[:SHOWN],
            digest=digest_of(raw),
            scopes=scopes,
            created_by=actor,
        )
        audit_record(actor=actor, subject=token, action="token_create", to_state="active", data={"scopes": scopes})
    return token, raw


def token_revoke(*, actor, token: PlatformToken) -> PlatformToken:
    with transaction.atomic():
        token = lock_row(PlatformToken.objects.visible_to(actor), token.pk)
        policies.token_can_manage(actor, token.account).enforce()
        if token.is_revoked:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(actor=actor, subject=token, action="token_revoke", from_state="active", to_state="revoked")
        _after_commit_forget(token.account_id)
    return token


# --------------------------------------------------------------------------------------------- fraud shield
def fraud_shield_rotate(*, actor, account: Account) -> str:
    """A new secret for the account's fraud-shield URL (the old one stops working); returns the secret."""
    policies.fraud_shield_can_rotate(actor, account).enforce()
    with transaction.atomic():
        lock_row(Account, account.pk)
        FraudShieldSecret.objects.filter(account_id=account.pk).delete()
        raw = new_secret("fs_")
        secret = FraudShieldSecret.objects.create(
            account_id=account.pk, digest=digest_of(raw), prefix=raw[:SHOWN], created_by=actor
        )
        audit_record(actor=actor, subject=account, action="fraud_shield_rotate", data={"prefix": secret.prefix})
    return raw


class UnknownSecret(LookupError):
    """No account has this fraud-shield secret (the hook answers 404)."""


def _secret_account(secret: str) -> tuple[int, int]:
    """(account id, secret row id) of a fraud-shield secret."""
    digest = digest_of(secret or "")
    row = FraudShieldSecret.objects.filter(digest=digest).values_list("account_id", "digest", "id").first()
    # The lookup is by digest (an index); the comparison in constant time keeps the check itself free of
    # early exits on the stored value.
    if row is None or not hmac.compare_digest(row[1], digest):
        raise UnknownSecret()
    return row[0], row[2]


def _fraud_shield_body(body: bytes) -> dict:
    if len(body) > MAX_FRAUD_SHIELD_BODY:
        raise DomainError("invalid", f"The body has {len(body)} bytes; at most {MAX_FRAUD_SHIELD_BODY}.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise DomainError("invalid", "The body is not JSON.") from None
    if not isinstance(data, dict):
        raise DomainError("invalid", "The body must be a JSON object with the alert's fields.")
    errors: dict[str, list[str]] = {}
    for name in ("auth_id", "destination_country", "block", "alert_type", "message"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            errors[name] = [f"“{name}” is required (a string)."]
    country = str(data.get("destination_country") or "").strip().upper()
    if "destination_country" not in errors and (len(country) != 2 or pycountry.countries.get(alpha_2=country) is None):
        errors["destination_country"] = [f"“{country}” is not an ISO 3166-1 alpha-2 country code."]
    if "block" not in errors and data["block"] not in ("yes", "no"):
        errors["block"] = [f"“block” is “yes” or “no”, not “{data['block']}”."]
    for name, limit in (("message", 500), ("auth_id", 100), ("alert_type", 50)):
        if name not in errors and len(data[name]) > limit:
            errors[name] = [f"“{name}” has {len(data[name])} characters; at most {limit}."]
    if errors:
        raise DomainError("invalid", next(iter(errors.values()))[0], errors=errors)
    return {**data, "destination_country": country}


def fraud_shield_receive(*, secret: str, body: bytes, idempotency_key: str = "") -> tuple[Alert, bool]:
    """M3: an alert from the carrier's fraud shield opens a ``traffic_alert`` case. Returns (alert, created).

    Idempotent: with an ``Idempotency-Key`` header the carrier's key identifies the alert for ever; without one
    the SHA-256 of the body (canonical JSON) does, for 24 hours (the seed's body carries no id or time, so the
    same words a day later are a new alert, the same words within the day a redelivery)."""
    account_id, secret_pk = _secret_account(secret)
    data = _fraud_shield_body(body)
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    body_hash = hashlib.sha256(canonical).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        # One receiver at a time per account: the redelivery check and the insert are one decision.
        lock_row(FraudShieldSecret, secret_pk, not_found=UnknownSecret())
        if idempotency_key:
            key = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
            dedupe = f"fs:{account_id}:k:{key}"
            existing = Alert.objects.filter(dedupe_key=dedupe).first()
        else:
            dedupe = f"fs:{account_id}:b:{body_hash[:40]}:{int(now.timestamp())}"
            existing = (
                Alert.objects.filter(
                    account_id=account_id,
                    kind=AlertKind.FRAUD_SHIELD,
                    figures__body_sha256=body_hash,
                    created_at__gte=now - FRAUD_SHIELD_DEDUPE,
                )
                .order_by("-id")
                .first()
            )
        if existing is not None:
            return existing, False
        alert = _create_alert(
            account_id=account_id,
            sub_account_id=None,
            kind=AlertKind.FRAUD_SHIELD,
            own_bucket=False,
            country=data["destination_country"],
            blocked_until=None,
            figures={"received": data, "body_sha256": body_hash},
            message=data["message"].strip(),
            dedupe_key=dedupe,
        )
    return alert, True


# --------------------------------------------------------------------------------------------------- alerts
def _create_alert(*, account_id: int, dedupe_key: str, **fields) -> Alert:
    alert = Alert(account_id=account_id, dedupe_key=dedupe_key, **fields)
    alert.save()
    # Opens its work item (casework follows the transition) and records the raise in the audit trail.
    alert.raise_alert(by=None, reason=alert.message)
    alert.save(update_fields=["state"])
    alert_raised.send(sender=Alert, alert=alert)
    return alert


def alert_raise_breach(
    *,
    account_id: int,
    sub_account_id: int,
    own_bucket: bool,
    country: str,
    at: int,
    blocked_until: int | None,
    threshold: int | None,
    count: int,
    breach_response: str,
    block_hours: int,
) -> Alert:
    """M1.6: the alert of one breach (BLOCK_AND_ALERT: one per block window; ALERT_ONLY: one per bucket and
    hour). Idempotent: the key names the bucket and the block window (or the hour), so a task run twice finds the
    alert it made."""
    kind = AlertKind.BREACH_BLOCK if blocked_until else AlertKind.BREACH_ALERT
    scope = f"s{sub_account_id}" if own_bucket else "a"
    dedupe = f"{kind}:{account_id}:{scope}:{country}:{blocked_until or at // 3600}"
    if (existing := Alert.objects.filter(dedupe_key=dedupe).first()) is not None:
        return existing
    figures = {
        "threshold": threshold,
        "count": count,
        "window_minutes": 60,
        "breach_response": breach_response,
        "block_hours": block_hours if blocked_until else None,
        "at": datetime.fromtimestamp(at, tz=UTC).isoformat(),
    }
    try:
        with transaction.atomic():
            return _create_alert(
                account_id=account_id,
                sub_account_id=sub_account_id,
                kind=kind,
                own_bucket=own_bucket,
                country=country,
                blocked_until=datetime.fromtimestamp(blocked_until, tz=UTC) if blocked_until else None,
                figures=figures,
                message=SEED_MESSAGE,
                dedupe_key=dedupe,
            )
    except IntegrityError:
        # The same breach raised concurrently (a redelivered task): the other run's alert stands.
        return Alert.objects.get(dedupe_key=dedupe)


def _decide(*, actor, alert: Alert, reason: str, policy, transition: str) -> Alert:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("invalid", "Give the reason (what was found, what was done).", field="reason")
    if len(reason) > 500:
        raise DomainError("invalid", f"The reason has {len(reason)} characters; at most 500.", field="reason")
    policy(actor).enforce()
    with transaction.atomic():
        alert = lock_row(Alert.objects.visible_to(actor), alert.pk)
        policy(actor, alert).enforce()
        getattr(alert, transition)(by=actor, reason=reason)
        alert.state_reason = reason
        alert.save(update_fields=["state", "state_reason"])
    return alert


def alert_acknowledge(*, actor, alert: Alert, reason: str) -> Alert:
    return _decide(
        actor=actor, alert=alert, reason=reason, policy=policies.alert_can_acknowledge, transition="acknowledge"
    )


def alert_close(*, actor, alert: Alert, reason: str) -> Alert:
    return _decide(actor=actor, alert=alert, reason=reason, policy=policies.alert_can_close, transition="close")
