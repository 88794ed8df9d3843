"""The providers' own shapes (M2.1, M2.2): signature checks with their own validators, and each callback read
into ``intake.Observation``s.

- Twilio: form-encoded status callbacks (``MessageSid``, ``MessageStatus``, ``ErrorCode``, ``From``, ``To``,
  ``AccountSid``…) and inbound-message webhooks (``MessageSid``, ``From``, ``To``, ``Body``, ``SmsStatus=received``,
  no ``MessageStatus``); ``X-Twilio-Signature`` checked by ``twilio.request_validator.RequestValidator``.
- Plivo: form-encoded message status callbacks (``MessageUUID``, ``Status``, ``ErrorCode``, ``From``, ``To``) and
  inbound messages (``MessageUUID``, ``From``, ``To``, ``Text``, ``Type``; no ``Status``); ``X-Plivo-Signature-V3``
  with ``X-Plivo-Signature-V3-Nonce`` checked by ``plivo.utils.validate_v3_signature``.
- Telnyx: the v2 JSON envelope ``{"data": {"event_type", "id", "occurred_at", "payload": {...}}, "meta"}`` —
  ``message.sent`` / ``message.finalized`` (``payload.to[0].status``, ``payload.errors[].code``) and
  ``message.received``; ``telnyx-signature-ed25519`` over ``"<telnyx-timestamp>|<raw body>"`` checked with the
  account's Ed25519 public key (``cryptography``), the timestamp within five minutes.

Statuses the portal does not count (queued, sending, accepted, …) and event types it does not know are read as
nothing (answered 200, so the provider does not retry them for ever).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.http import HttpRequest, QueryDict

from core.errors import DomainError
from senders.numbers import normalize_number

from .choices import Provider
from .intake import Observation, milestones_for
from .keywords import classify

TELNYX_TOLERANCE_SECONDS = 300
MAX_ID = 64
MAX_NUMBER = 20
MAX_TEXT = 1600

#: Each provider's status word → the normalised status ``intake.milestones_for`` reads.
TWILIO_STATUS = {"sent": "sent", "delivered": "delivered", "read": "delivered", "undelivered": "failed",
                 "failed": "failed"}  # fmt: skip
PLIVO_STATUS = {"sent": "sent", "delivered": "delivered", "read": "delivered", "undelivered": "failed",
                "failed": "failed", "rejected": "failed"}  # fmt: skip
TELNYX_STATUS = {"sent": "sent", "delivery_unconfirmed": "sent", "delivered": "delivered",
                 "sending_failed": "failed", "delivery_failed": "failed", "expired": "failed"}  # fmt: skip
#: Error codes meaning "no error" in some providers' callbacks.
NO_ERROR = {"", "0", "000"}


def bad_payload(message: str) -> DomainError:
    return DomainError("hook_bad_payload", message)


# --- signatures -------------------------------------------------------------------------------------------


def verify(provider: str, request: HttpRequest, credential: str, *, now: dt.datetime) -> bool:
    """Whether ``request`` carries ``provider``'s valid signature made with ``credential``."""
    if provider == Provider.TWILIO:
        return _verify_twilio(request, credential)
    if provider == Provider.PLIVO:
        return _verify_plivo(request, credential)
    if provider == Provider.TELNYX:
        return _verify_telnyx(request, credential, now=now)
    return False


def _verify_twilio(request: HttpRequest, auth_token: str) -> bool:
    from twilio.request_validator import RequestValidator

    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return False
    return RequestValidator(auth_token).validate(request.build_absolute_uri(), request.POST, signature)


def _verify_plivo(request: HttpRequest, auth_token: str) -> bool:
    from plivo.exceptions import ValidationError as PlivoValidationError
    from plivo.utils import validate_v3_signature

    signature = request.headers.get("X-Plivo-Signature-V3", "")
    nonce = request.headers.get("X-Plivo-Signature-V3-Nonce", "")
    if not (signature and nonce):
        return False
    params = {key: values if len(values) > 1 else values[0] for key, values in request.POST.lists()}
    try:
        return bool(
            validate_v3_signature(
                request.method, request.build_absolute_uri(), nonce, auth_token, signature, params=params
            )
        )
    except (PlivoValidationError, TypeError, ValueError):
        return False


def telnyx_public_key(value: str) -> Ed25519PublicKey:
    """The account's public key as Telnyx's portal shows it (base64 of the 32 raw bytes); ValueError if not."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("The public key is not base64.") from exc
    if len(raw) != 32:
        raise ValueError(f"An Ed25519 public key is 32 bytes; this one is {len(raw)}.")
    return Ed25519PublicKey.from_public_bytes(raw)


def _verify_telnyx(request: HttpRequest, public_key: str, *, now: dt.datetime) -> bool:
    signature = request.headers.get("telnyx-signature-ed25519", "")
    timestamp = request.headers.get("telnyx-timestamp", "")
    if not (signature and timestamp.isdigit()):
        return False
    if abs(now.timestamp() - int(timestamp)) > TELNYX_TOLERANCE_SECONDS:
        return False
    try:
        telnyx_public_key(public_key).verify(
            base64.b64decode(signature, validate=True), timestamp.encode() + b"|" + request.body
        )
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


# --- payloads ---------------------------------------------------------------------------------------------


def _field(value, name: str, limit: int, *, required: bool = True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise bad_payload(f"{name} is missing.")
    if len(text) > limit:
        raise bad_payload(f"{name} is {len(text)} characters; at most {limit}.")
    return text


def _error_code(value) -> str:
    code = _field(value, "ErrorCode", 16, required=False)
    return "" if code in NO_ERROR else code


def _status_observation(provider, message_id, status, error_code, sender, number, at) -> list[Observation]:
    milestones = milestones_for(status, error_code) if status else ()
    if not milestones:
        return []
    # Plivo writes numbers without the "+"; every row keeps E.164 as the sender ids are held.
    return [
        Observation(
            provider, message_id, milestones, error_code, normalize_number(sender), normalize_number(number), at
        )
    ]


def _inbound_observation(provider, message_id, sender, number, text, at) -> list[Observation]:
    text = (text or "")[:MAX_TEXT]
    kind = classify(text) or ""
    return [
        Observation(
            provider,
            message_id,
            milestones_for("received", ""),
            "",
            normalize_number(sender),
            normalize_number(number),
            at,
            kind,
            text,
        )
    ]


def parse(provider: str, request: HttpRequest, *, now: dt.datetime) -> list[Observation]:
    if provider == Provider.TWILIO:
        return parse_twilio(request.POST, now=now)
    if provider == Provider.PLIVO:
        return parse_plivo(request.POST, now=now)
    return parse_telnyx(request.body, now=now)


def parse_twilio(form: QueryDict, *, now: dt.datetime) -> list[Observation]:
    message_id = _field(form.get("MessageSid") or form.get("SmsSid"), "MessageSid", MAX_ID)
    from_, to = _field(form.get("From"), "From", MAX_NUMBER), _field(form.get("To"), "To", MAX_NUMBER)
    status = form.get("MessageStatus")
    if status is None:
        # The inbound-message webhook: the person (From) wrote to our sender id (To).
        return _inbound_observation(Provider.TWILIO, message_id, to, from_, form.get("Body", ""), now)
    normalised = TWILIO_STATUS.get(status.strip().lower(), "")
    return _status_observation(
        Provider.TWILIO, message_id, normalised, _error_code(form.get("ErrorCode")), from_, to, now
    )


def parse_plivo(form: QueryDict, *, now: dt.datetime) -> list[Observation]:
    message_id = _field(form.get("MessageUUID"), "MessageUUID", MAX_ID)
    from_, to = _field(form.get("From"), "From", MAX_NUMBER), _field(form.get("To"), "To", MAX_NUMBER)
    status = form.get("Status")
    if status is None:
        return _inbound_observation(Provider.PLIVO, message_id, to, from_, form.get("Text", ""), now)
    normalised = PLIVO_STATUS.get(status.strip().lower(), "")
    return _status_observation(
        Provider.PLIVO, message_id, normalised, _error_code(form.get("ErrorCode")), from_, to, now
    )


def parse_telnyx(body: bytes, *, now: dt.datetime) -> list[Observation]:
    try:
        envelope = json.loads(body)
        data = envelope["data"]
        event_type = data["event_type"]
        payload = data["payload"]
    except (ValueError, KeyError, TypeError) as exc:
        raise bad_payload('The body is not a Telnyx webhook: expected {"data": {"event_type", "payload"}}.') from exc
    if not isinstance(payload, dict):
        raise bad_payload("data.payload is not an object.")
    if event_type not in ("message.sent", "message.finalized", "message.received"):
        return []
    message_id = _field(payload.get("id"), "data.payload.id", MAX_ID)
    recipients = payload.get("to") or []
    first = recipients[0] if isinstance(recipients, list) and recipients and isinstance(recipients[0], dict) else {}
    origin = payload.get("from") if isinstance(payload.get("from"), dict) else {}
    from_ = _field(origin.get("phone_number"), "data.payload.from.phone_number", MAX_NUMBER)
    to = _field(first.get("phone_number"), "data.payload.to[0].phone_number", MAX_NUMBER)
    if event_type == "message.received":
        return _inbound_observation(Provider.TELNYX, message_id, to, from_, payload.get("text") or "", now)
    normalised = TELNYX_STATUS.get(str(first.get("status", "")).lower(), "")
    errors = payload.get("errors") or []
    code = errors[0].get("code") if isinstance(errors, list) and errors and isinstance(errors[0], dict) else ""
    return _status_observation(Provider.TELNYX, message_id, normalised, _error_code(code), from_, to, now)
