"""The event types (N1): which audited change becomes which customer event, in which category, in what words.

One row per type. An audit event becomes a customer event when its subject type and action (or, for subjects
whose actions we do not name, its new state) match a row and the audit event is customer-visible. Titles are
plain words (no rule ids, no field names); ``{noun}`` and ``{label}`` are the subject's kind and name.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import Category

R, T, A, S = Category.REGISTRATION, Category.TRAFFIC, Category.ANNOUNCEMENTS, Category.SERVICE


@dataclass(frozen=True)
class EventType:
    type: str
    category: str
    title: str
    #: The page anchor the inbox links to (e.g. the campaign page's decisions with the remediation).
    anchor: str = ""


#: (subject type, audit action) → event type.
AUDIT_ACTIONS: dict[tuple[str, str], EventType] = {
    ("brand", "submit"): EventType("brand.submitted", R, "{noun} {label} was submitted for review."),
    ("brand", "start_review"): EventType("brand.in_review", R, "{noun} {label} is being reviewed."),
    ("brand", "approve"): EventType("brand.approved", R, "{noun} {label} was approved."),
    ("brand", "request_changes"): EventType(
        "brand.changes_requested", R, "Changes were requested on {noun} {label}.", "#review"
    ),
    ("brand", "suspend"): EventType("brand.suspended", T, "{noun} {label} was suspended."),
    ("brand", "reinstate"): EventType("brand.reinstated", T, "{noun} {label} was reinstated."),
    ("brand", "mark_verified"): EventType("brand.identity_verified", R, "The identity of {noun} {label} is verified."),
    ("brand", "mark_unverified"): EventType(
        "brand.identity_unverified", R, "The identity of {noun} {label} could not be verified."
    ),
    ("brand", "mark_vetted"): EventType(
        "brand.identity_vetted", R, "{noun} {label} is vetted and verified by an external vet."
    ),
    ("campaign", "submit"): EventType("campaign.submitted", R, "{noun} {label} was submitted for review."),
    ("campaign", "start_review"): EventType("campaign.in_review", R, "{noun} {label} is being reviewed."),
    ("campaign", "approve"): EventType("campaign.approved", R, "{noun} {label} was approved."),
    ("campaign", "reject"): EventType(
        "campaign.rejected", R, "{noun} {label} was rejected; see what to fix and resubmit.", "#decisions"
    ),
    ("campaign", "close"): EventType(
        "campaign.closed", R, "{noun} {label} was rejected and closed: it cannot be resubmitted.", "#decisions"
    ),
    ("campaign", "suspend"): EventType("campaign.suspended", T, "{noun} {label} was suspended."),
    ("campaign", "reinstate"): EventType("campaign.reinstated", T, "{noun} {label} was reinstated."),
    ("campaign", "needs_resubmission"): EventType(
        "campaign.needs_resubmission", R, "{noun} {label} needs to be resubmitted after its brand's new vet."
    ),
    ("vet", "requested"): EventType("vet.requested", R, "{noun} {label} was requested."),
    ("vet", "imported"): EventType("vet.imported", R, "{noun} {label} was imported."),
    ("vet", "mark_unscored"): EventType("vet.unscored", R, "{noun} {label} came back without a score."),
    ("vet", "start_review"): EventType("vet.in_review", R, "{noun} {label} is in review."),
    ("vet", "activate"): EventType("vet.active", R, "{noun} {label} is complete and active."),
    ("vet", "fail"): EventType("vet.failed", R, "{noun} {label} failed."),
    ("vet", "expire"): EventType("vet.expired", R, "{noun} {label} expired."),
    ("vet", "rescore"): EventType("vet.rescored", R, "{noun} {label} has a new score."),
    ("appeal", "submit"): EventType("appeal.submitted", R, "{noun} {label} was submitted."),
    ("appeal", "start_review"): EventType("appeal.in_review", R, "{noun} {label} is being reviewed."),
    ("appeal", "approve"): EventType("appeal.decided", R, "{noun} {label} was approved."),
    ("appeal", "reject"): EventType("appeal.decided", R, "{noun} {label} was rejected."),
    ("sub_account", "suspend"): EventType("sub_account.suspended", T, "{noun} {label} was suspended."),
    ("sub_account", "reinstate"): EventType("sub_account.reinstated", T, "{noun} {label} was reinstated."),
    ("account", "suspend"): EventType("account.suspended", T, "Your account was suspended."),
    ("account", "reinstate"): EventType("account.reinstated", T, "Your account was reinstated."),
    ("sender_id", "suspend"): EventType("sender_id.suspended", T, "{noun} {label} was suspended."),
    ("sender_id", "reinstate"): EventType("sender_id.reinstated", T, "{noun} {label} was reinstated."),
    ("enforcement_action", "apply"): EventType("enforcement.applied", T, "An {noun} was applied: {label}."),
    ("enforcement_action", "reinstate"): EventType("enforcement.reinstated", T, "An {noun} was undone: {label}."),
    ("webhook_endpoint", "disabled"): EventType(
        "webhook_endpoint.disabled", S, "The webhook endpoint {label} was turned off after failing repeatedly."
    ),
}

#: (subject type, new state) → event type, for subjects of the second wave whose decisions we match by outcome.
AUDIT_STATES: dict[tuple[str, str], EventType] = {
    ("geo_request", "granted"): EventType("geo_request.decided", A, "{noun} {label} was granted."),
    ("geo_request", "refused"): EventType("geo_request.decided", A, "{noun} {label} was refused."),
    ("keyword_request", "approved"): EventType("keyword_request.decided", A, "{noun} {label} was approved."),
    ("keyword_request", "refused"): EventType("keyword_request.decided", A, "{noun} {label} was refused."),
}

#: A message from staff on a subject the customer can see (a comment that is not an internal note).
MESSAGE = EventType("message.received", S, "New message on {noun} {label}.", "#comments")
#: Staff only: the customer wrote on, or resubmitted, an item (N2).
CUSTOMER_REPLIED = EventType("customer.replied", S, "The customer replied on {noun} {label}.")
CUSTOMER_RESUBMITTED = EventType("customer.replied", S, "The customer resubmitted {noun} {label}.")

#: Events raised by the second-wave apps' signals.
TRAFFIC_ALERT = EventType("traffic.alert", T, "{label}")
HEALTH_REMINDER = EventType("health.reminder", T, "{label}")
VIOLATION = EventType("violation.recorded", T, "{label}")
KEYWORD_ANNOUNCED = EventType("keyword.announced", A, "{label}")

NOUNS = {
    "brand": "brand",
    "campaign": "campaign",
    "vet": "vet",
    "appeal": "appeal",
    "sub_account": "sub-account",
    "account": "account",
    "webhook_endpoint": "webhook endpoint",
    "sender_id": "sender id",
    "enforcement_action": "enforcement step",
    "geo_request": "geo permission request",
    "keyword_request": "keyword request",
    "traffic_alert": "traffic alert",
    "violation": "violation",
}


def all_types() -> list[EventType]:
    """Every customer event type once (the webhook filters choose among them), in catalogue order."""
    seen: dict[str, EventType] = {}
    for spec in (
        *AUDIT_ACTIONS.values(),
        *AUDIT_STATES.values(),
        MESSAGE,
        TRAFFIC_ALERT,
        HEALTH_REMINDER,
        VIOLATION,
        KEYWORD_ANNOUNCED,
    ):
        seen.setdefault(spec.type, spec)
    return list(seen.values())


CUSTOMER_TYPES = frozenset(spec.type for spec in all_types())


def for_audit(subject_type: str, action: str, to_state: str) -> EventType | None:
    return AUDIT_ACTIONS.get((subject_type, action)) or AUDIT_STATES.get((subject_type, to_state))


def title_for(spec: EventType, *, subject_type: str, label: str) -> str:
    noun = NOUNS.get(subject_type, subject_type.replace("_", " "))
    text = spec.title.format(noun=noun, label=f"“{label}”" if label else "").replace("  ", " ")
    return text[:1].upper() + text[1:]
