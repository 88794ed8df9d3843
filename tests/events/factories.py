"""Provider callbacks in their captured shapes, signed the way each provider's own library signs them."""

from __future__ import annotations

import base64
import json
import time
import uuid

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from plivo.utils.signature_v3 import construct_post_url, get_signature_v3
from twilio.request_validator import RequestValidator

from events.services import hook_create

TWILIO_TOKEN = "f4c1d2e3b4a59687a1b2c3d4e5f60718"
PLIVO_TOKEN = "MjY0ZjA1NTUtOTk3Zi00NzBkLWEzZWYtNjk5"
HOST = "http://testserver"


def twilio_sid() -> str:
    return "SM" + uuid.uuid4().hex


def hook_url(provider: str, secret: str) -> str:
    return f"/hooks/status/{provider}/{secret}/"


def make_hook(customer, provider: str, *, sub_account=None, credential: str = ""):
    """(hook, path) for the customer's account (or one sub-account)."""
    made = hook_create(
        actor=customer,
        provider=provider,
        sub_account_id=sub_account.pk if sub_account is not None else None,
        credential=credential,
    )
    return made.hook, hook_url(provider, made.secret)


# --- Twilio ----------------------------------------------------------------------------------------------


def twilio_status(sid: str, status: str, *, sender: str, to: str = "+15558675310", error_code: str = "") -> dict:
    """A Twilio Messaging status callback (form parameters as Twilio posts them)."""
    params = {
        "SmsSid": sid,
        "SmsStatus": status,
        "MessageStatus": status,
        "To": to,
        "MessageSid": sid,
        "AccountSid": "AC3f8b2d9e4c1a7b6d5e0f9a8b7c6d5e4f",
        "From": sender,
        "ApiVersion": "2010-04-01",
    }
    if status in ("delivered", "undelivered"):
        params["RawDlrDoneDate"] = "2611301405"
    if error_code:
        params["ErrorCode"] = error_code
    return params


def twilio_inbound(sid: str, body: str, *, sender: str, person: str = "+15558675310") -> dict:
    """Twilio's incoming-message webhook: the person (From) wrote to our number (To)."""
    return {
        "ToCountry": "US",
        "ToState": "DC",
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ToCity": "WASHINGTON",
        "FromZip": "94105",
        "SmsSid": sid,
        "FromState": "CA",
        "SmsStatus": "received",
        "FromCity": "SAN FRANCISCO",
        "Body": body,
        "FromCountry": "US",
        "To": sender,
        "MessagingServiceSid": "MG9752274e9e519418a7406176694466fa",
        "ToZip": "20001",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": "AC3f8b2d9e4c1a7b6d5e0f9a8b7c6d5e4f",
        "From": person,
        "ApiVersion": "2010-04-01",
    }


def twilio_post(client, path: str, params: dict, *, token: str = TWILIO_TOKEN, signature: str | None = None):
    """POST as Twilio does, with X-Twilio-Signature from twilio's RequestValidator (or the given forgery)."""
    if signature is None:
        signature = RequestValidator(token).compute_signature(HOST + path, params)
    return client.post(path, params, HTTP_X_TWILIO_SIGNATURE=signature)


# --- Plivo -----------------------------------------------------------------------------------------------


def plivo_status(uuid_: str, status: str, *, sender: str, to: str = "15558675310", error_code: str = "000") -> dict:
    """Plivo's message status callback (numbers without "+", as Plivo sends them)."""
    return {
        "From": sender.lstrip("+"),
        "To": to,
        "Status": status,
        "MessageUUID": uuid_,
        "ParentMessageUUID": uuid_,
        "PartInfo": "1 of 1",
        "Sequence": "1",
        "ErrorCode": error_code,
        "TotalRate": "0.00500",
        "TotalAmount": "0.00500",
        "Units": "1",
        "MCC": "310",
        "MNC": "260",
        "MessageTime": "2026-11-30 14:05:00",
        "PowerpackUUID": "",
    }


def plivo_inbound(uuid_: str, text: str, *, sender: str, person: str = "15558675310") -> dict:
    return {
        "From": person,
        "To": sender.lstrip("+"),
        "Type": "sms",
        "Text": text,
        "MessageUUID": uuid_,
        "Units": "1",
        "TotalRate": "0.00000",
        "TotalAmount": "0.00000",
        "MessageIntent": "",
        "PowerpackUUID": "",
    }


def plivo_signature(url: str, params: dict, nonce: str, token: str = PLIVO_TOKEN) -> str:
    """X-Plivo-Signature-V3 exactly as plivo's own library computes it (plivo.utils.signature_v3)."""
    base = construct_post_url(url, dict(params)).decode("utf-8")
    return get_signature_v3(token.encode(), base, nonce.encode()).decode()


def plivo_post(client, path: str, params: dict, *, token: str = PLIVO_TOKEN, signature: str | None = None):
    nonce = "05429567804466091622"
    if signature is None:
        signature = plivo_signature(HOST + path, params, nonce, token)
    return client.post(path, params, HTTP_X_PLIVO_SIGNATURE_V3=signature, HTTP_X_PLIVO_SIGNATURE_V3_NONCE=nonce)


# --- Telnyx ----------------------------------------------------------------------------------------------


class TelnyxKey:
    """A test Ed25519 key pair standing in for the Telnyx account's signing key."""

    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_b64 = base64.b64encode(raw).decode()

    def sign(self, timestamp: str, body: bytes) -> str:
        return base64.b64encode(self.private.sign(timestamp.encode() + b"|" + body)).decode()


def telnyx_event(event_type: str, message_id: str, *, sender: str, status: str = "delivered", errors=(),
                 person: str = "+15558675310", text: str = "Hello") -> dict:  # fmt: skip
    """The Telnyx v2 webhook envelope for message.sent / message.finalized / message.received."""
    inbound = event_type == "message.received"
    origin, target = (person, sender) if inbound else (sender, person)
    return {
        "data": {
            "event_type": event_type,
            "id": str(uuid.uuid4()),
            "occurred_at": "2026-11-30T14:05:00.000+00:00",
            "payload": {
                "completed_at": None if inbound else "2026-11-30T14:05:00.000+00:00",
                "cost": {"amount": "0.0040", "currency": "USD"},
                "direction": "inbound" if inbound else "outbound",
                "encoding": "GSM-7",
                "errors": list(errors),
                "from": {"carrier": "T-MOBILE USA, INC.", "line_type": "Wireless", "phone_number": origin},
                "id": message_id,
                "media": [],
                "messaging_profile_id": "4000eba1-a0c0-4563-9925-b25e842a7cb6",
                "organization_id": "b448f9cc-a842-4784-98e9-03c1a5872950",
                "parts": 1,
                "received_at": "2026-11-30T14:04:59.000+00:00",
                "record_type": "message",
                "sent_at": None if inbound else "2026-11-30T14:05:00.000+00:00",
                "tags": [],
                "text": text,
                "to": [
                    {
                        "carrier": "Telnyx",
                        "line_type": "Wireless",
                        "phone_number": target,
                        "status": "webhook_delivered" if inbound else status,
                    }
                ],
                "type": "SMS",
                "valid_until": None,
                "webhook_url": "https://portal.example/hooks/status/telnyx/secret/",
            },
            "record_type": "event",
        },
        "meta": {"attempt": 1, "delivered_to": "https://portal.example/hooks/status/telnyx/secret/"},
    }


def telnyx_post(client, path: str, envelope: dict, key: TelnyxKey, *, timestamp: str | None = None,
                signature: str | None = None):  # fmt: skip
    body = json.dumps(envelope).encode()
    timestamp = timestamp or str(int(time.time()))
    if signature is None:
        signature = key.sign(timestamp, body)
    return client.post(
        path,
        body,
        content_type="application/json",
        HTTP_TELNYX_SIGNATURE_ED25519=signature,
        HTTP_TELNYX_TIMESTAMP=timestamp,
    )
