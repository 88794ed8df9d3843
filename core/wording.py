"""How internal names read to a person: field keys, audit actions, states and refusal codes.

Customers read plain words: a registry code (801, 6013, 3011A) is kept as a label support can search for; a rule
id of this design (A2, C6, V7 …), an API field key (``sample_messages.0``) or a method name (``mark_verified``)
never reaches them. Staff may see rule ids. Lives here, with no app imports, so every app's services can use it.
"""

from __future__ import annotations

import re

#: A rule id of DESIGN.md (A2, C6, Q3, B5.1 …) in parentheses, as messages used to append it.
RULE_ID_IN_TEXT = re.compile(r"\s*\((?:[ABCVMNSQ]\d+(?:\.\d+)?)\)")
#: A registry code: digits, with the CTA codes' trailing letter (3011A).
REGISTRY_CODE = re.compile(r"\d{3,5}[A-Z]?")
#: Codes that say nothing to a reader ("invalid", "required" …): never shown.
GENERIC_CODES = frozenset({"", "invalid", "required", "forbidden", "not_found", "unknown_code", "conflict"})

#: Field keys (the API's spelling) as the forms label them.
FIELD_LABELS = {
    # brands
    "sub_account": "Sub-account",
    "legal_name": "Legal company name",
    "display_name": "Display / DBA name",
    "entity_type": "Entity type",
    "tax_id": "Tax id (EIN)",
    "tax_id_country": "Tax id issuing country",
    "vertical": "Vertical",
    "website": "Website",
    "email": "Business contact email",
    "email_2fa_confirmed": "Business contact email 2FA",
    "phone": "Phone",
    "street": "Street",
    "city": "City",
    "state": "State",
    "postal_code": "Postal code",
    "country": "Country",
    "stock_symbol": "Stock symbol",
    "stock_exchange": "Stock exchange",
    "tax_exempt_status": "Tax-exempt status",
    "government_entity": "Government entity",
    # campaigns
    "brand": "Brand",
    "use_case": "Use case",
    "sub_use_cases": "Sub-use cases",
    "description": "Description",
    "message_flow": "Call to action / message flow",
    "sample_messages": "Sample messages",
    "optin_message": "Opt-in confirmation message",
    "optin_keywords": "Opt-in keywords",
    "help_message": "HELP message",
    "help_keywords": "HELP keywords",
    "optout_message": "Opt-out message",
    "optout_keywords": "Opt-out keywords",
    "privacy_policy_url": "Privacy policy URL",
    "terms_url": "Terms & conditions URL",
    "embedded_link": "Embedded link",
    "embedded_phone": "Embedded phone number",
    "number_pool": "Number pool",
    "age_gated": "Age-gated content",
    "direct_lending": "Direct lending or loan arrangement",
    "affiliate_marketing": "Affiliate marketing",
    "subscriber_optin": "Subscriber opt-in",
    "subscriber_optout": "Subscriber opt-out",
    "subscriber_help": "Subscriber help",
    # vets and appeals
    "vet_class": "Vet class",
    "vendor": "Vendor",
    "token": "Vetting token",
    "appeal_type": "Appeal type",
    "categories": "Appeal categories",
    "explanation": "Explanation",
    "file": "File",
    "version": "Version",
    "non_field_errors": "",
}
#: A list field's items: "sample_messages.0" reads "Sample message 1".
ITEM_LABELS = {"sample_messages": "Sample message", "sub_use_cases": "Sub-use case", "categories": "Category"}
ITEM_KEY = re.compile(r"^([a-z_]+)\.(\d+)$")

#: Audit actions (transition method names and service actions) as the timeline says them.
ACTION_LABELS = {
    "submit": "Submitted",
    "start_review": "Review started",
    "approve": "Approved",
    "request_changes": "Changes requested",
    "reject": "Rejected",
    "resubmit": "Resubmitted",
    "suspend": "Suspended",
    "reinstate": "Reinstated",
    "close": "Closed",
    "mark_verified": "Identity verified",
    "mark_unverified": "Identity not verified",
    "mark_vetted_verified": "Identity vetted and verified",
    "mark_vetted": "Identity vetted and verified",
    "mark_unscored": "Unscored: manual review follows",
    "activate": "Vet active",
    "fail": "Vet failed",
    "expire": "Expired",
    "rescore": "Score updated",
    "requeue": "Back in the queue",
    "start": "Started",
    "finish": "Finished",
    "registered": "Registered",
    "updated": "Updated",
    "edited": "Edited",
    "requested": "Requested",
    "imported": "Imported",
    "frozen": "Frozen by an appeal",
    "unfrozen": "Unfrozen",
    "evidence_added": "Evidence added",
    "evidence_removed": "Evidence removed",
    "needs_resubmission": "Needs resubmission for the new vet",
    "resubmitted_for_vet": "Resubmitted for the new vet",
    "escalated": "Escalated to a manager",
    "checklist": "Checklist",
    "staff_findings": "Staff findings",
    "message": "Message",
}


def humanize(name: str) -> str:
    """``in_review`` → "In review", ``VETTED_VERIFIED`` → "Vetted verified": a last resort for unnamed keys."""
    words = str(name).replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:].lower() if words else ""


def field_label(key: str) -> str:
    """An API field key as the form labels it; a list item is numbered from 1 ("Sample message 1")."""
    key = str(key)
    if item := ITEM_KEY.match(key):
        base, index = item.groups()
        return f"{ITEM_LABELS.get(base) or humanize(base)} {int(index) + 1}"
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    # Already a label (a view that named the form's field): leave it as written.
    return humanize(key) if re.fullmatch(r"[a-z0-9_]+", key) else key


def action_label(action: str) -> str:
    return ACTION_LABELS.get(str(action)) or humanize(action)


def state_label(state: str) -> str:
    return humanize(state)


def is_registry_code(code: str) -> bool:
    return bool(REGISTRY_CODE.fullmatch(str(code or "")))


def refusal_text(message: str, code: str, *, staff: bool = False) -> str:
    """A refusal as a person reads it: the message with its registry code ("… (801)"); staff also see a rule
    id ("… (C6)"); generic codes are dropped."""
    if code in GENERIC_CODES or not (staff or is_registry_code(code)):
        return message
    return f"{message} ({code})"


def without_rule_ids(text: str) -> str:
    """A system-written text (an audit reason) with the rule ids it names removed, for a customer."""
    return RULE_ID_IN_TEXT.sub("", str(text))
