"""N3: the registry's webhook — a carrier's decision on a campaign, signed by the registry.

The shape accepted is The Campaign Registry's CSP webhook event (a flat JSON object; unknown properties are
ignored, as TCR asks of receivers):

    {"eventType": "MNO_CAMPAIGN_OPERATION_REJECTED", "campaignReferenceId": "C-123", "campaignId": "CXXXXXX",
     "mnoId": 10017, "mnoName": "AT&T", "description": "Rejected: not CTIA compliant."}

- ``campaignReferenceId`` is our campaign reference (``C-123`` or ``123``), the id the CSP gives the registry.
- the carrier is ``mnoId`` (TCR's network id, ``campaigns.choices.TCR_MNO_IDS``) or else ``mnoName``.
- ``eventType``: ``MNO_CAMPAIGN_OPERATION_{APPROVED,REJECTED,SUSPENDED,UNSUSPENDED,REVIEW}`` (and ``_PENDING``);
  other event types are acknowledged (202) and ignored, so subscribing to a whole category does no harm.
- ``description`` is the carrier's reason.

TCR itself publishes no signature scheme, so the hook is authenticated the way every inbound hook here is
(``core.webhooks``): ``X-Registry-Timestamp`` (Unix seconds) and ``X-Registry-Signature: v1=<hex HMAC-SHA256 of
"<timestamp>.<raw body>">`` keyed by a secret of ``settings.REGISTRY_WEBHOOK_SECRETS`` (a relay in front of the
registry signs). A redelivered event changes nothing (the service compares with what is recorded).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.errors import DomainError, StateConflict
from core.webhooks import verify_hmac_signature

from . import services
from .choices import TCR_MNO_IDS, Carrier, CarrierSource, CarrierState
from .models import Campaign

TIMESTAMP_HEADER = "X-Registry-Timestamp"
SIGNATURE_HEADER = "X-Registry-Signature"
#: A registry event is a few hundred bytes; anything far larger is not one.
MAX_BODY_BYTES = 64 * 1024
EVENT_STATES = {
    "MNO_CAMPAIGN_OPERATION_APPROVED": CarrierState.APPROVED,
    "MNO_CAMPAIGN_OPERATION_UNSUSPENDED": CarrierState.APPROVED,
    "MNO_CAMPAIGN_OPERATION_REJECTED": CarrierState.REJECTED,
    "MNO_CAMPAIGN_OPERATION_SUSPENDED": CarrierState.SUSPENDED,
    "MNO_CAMPAIGN_OPERATION_REVIEW": CarrierState.PENDING,
    "MNO_CAMPAIGN_OPERATION_PENDING": CarrierState.PENDING,
}
#: A rejection or suspension reported without a description still needs a reason the customer can read.
NO_DETAILS = "Reported by the registry without details."
_CARRIERS_BY_NAME = {
    **{carrier.label.casefold(): carrier for carrier in Carrier},
    **{carrier.value.casefold(): carrier for carrier in Carrier},
    "verizon": Carrier.VERIZON,
    "t-mobile us": Carrier.T_MOBILE,
    "at&t mobility": Carrier.ATT,
    "interop": Carrier.INTEROP,
    "us cellular sms": Carrier.US_CELLULAR,
    "us_cellular_sms": Carrier.US_CELLULAR,
}


def _refuse(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _carrier(event: dict) -> str | None:
    mno_id = event.get("mnoId")
    if isinstance(mno_id, str) and mno_id.strip().isdecimal():
        mno_id = int(mno_id.strip())
    if isinstance(mno_id, int) and not isinstance(mno_id, bool) and mno_id in TCR_MNO_IDS:
        return TCR_MNO_IDS[mno_id]
    name = event.get("mnoName")
    if isinstance(name, str):
        return _CARRIERS_BY_NAME.get(" ".join(name.split()).casefold())
    return None


def _campaign_pk(event: dict) -> int | None:
    reference = event.get("campaignReferenceId")
    if isinstance(reference, int) and not isinstance(reference, bool):
        reference = str(reference)
    if not isinstance(reference, str):
        return None
    number = reference.strip().upper().removeprefix("C-")
    return int(number) if number.isdecimal() and len(number) < 19 else None


@csrf_exempt
@require_POST
def registry_campaign_hook(request):
    secrets = [s.encode() for s in getattr(settings, "REGISTRY_WEBHOOK_SECRETS", ()) if s]
    if not secrets:
        raise Http404("The registry webhook is not configured.")
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        return _refuse(413, "too_large", f"At most {MAX_BODY_BYTES:,} bytes; this has {len(body):,}.")
    try:
        verify_hmac_signature(
            secret=secrets,
            body=body,
            timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
            signature=request.headers.get(SIGNATURE_HEADER, ""),
        )
    except DomainError as exc:
        return _refuse(401, exc.code, exc.message)
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _refuse(400, "invalid", "The body is not JSON.")
    if not isinstance(event, dict) or not isinstance(event.get("eventType"), str):
        return _refuse(400, "invalid", "A registry event is a JSON object with an eventType.")
    state = EVENT_STATES.get(event["eventType"].strip().upper())
    if state is None:
        return JsonResponse({"status": "ignored", "eventType": event["eventType"][:100]}, status=202)
    carrier = _carrier(event)
    if carrier is None:
        return _refuse(400, "invalid", "Unknown carrier: give a known mnoId or mnoName.")
    pk = _campaign_pk(event)
    campaign = Campaign.objects.filter(pk=pk).first() if pk is not None else None
    if campaign is None:
        return _refuse(404, "not_found", "No campaign with that campaignReferenceId.")
    description = event.get("description")
    reason = " ".join(description.split())[:2000] if isinstance(description, str) else ""
    if state in (CarrierState.REJECTED, CarrierState.SUSPENDED) and not reason:
        reason = NO_DETAILS
    try:
        row, changed = services.campaign_carrier_set(
            actor=None, campaign=campaign, carrier=carrier, status=state, reason=reason, source=CarrierSource.REGISTRY
        )
    except StateConflict as exc:
        return _refuse(409, exc.code, exc.message)
    except DomainError as exc:
        return _refuse(400, exc.code, exc.message)
    return JsonResponse(
        {"campaign": campaign.pk, "carrier": row.carrier, "status": row.status, "changed": changed}, status=200
    )
