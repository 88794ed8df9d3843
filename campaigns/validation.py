"""Shape of campaign input: every field checked at once, values normalised (keywords, URLs, samples).

Used by the services, so the browser form and the API report the same messages. Content *quality* is not
judged here: that is the pre-screen's job (``campaigns.prescreen``), which turns it into findings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from core.errors import DomainError

from .choices import (
    ATTRIBUTE_FIELDS,
    REGISTRY_LIMITS,
    SAMPLE_MESSAGE_MAX_CHARS,
    SAMPLE_MESSAGE_MIN_CHARS,
    SAMPLE_MESSAGES_MAX,
    SAMPLE_MESSAGES_MIN,
    SUB_USE_CASES,
    SUB_USE_CASES_MAX,
    SUB_USE_CASES_MIN,
    SUBSCRIBER_FIELDS,
    TEXT_LIMITS,
    USE_CASES_WITH_SUB_USE_CASES,
    UseCase,
)
from .models import SUBMITTED_FIELDS

REQUIRED = ("use_case", "description")
URL_FIELDS = ("privacy_policy_url", "terms_url", "website")
KEYWORD_FIELDS = ("optin_keywords", "help_keywords", "optout_keywords")
FLAG_FIELDS = (*ATTRIBUTE_FIELDS, *SUBSCRIBER_FIELDS)
#: The CTIA keywords every program honours, filled in when a new campaign names none.
DEFAULTS = {"help_keywords": "HELP", "optout_keywords": "STOP"}
_URL = URLValidator(schemes=["http", "https"])
_KEYWORD = re.compile(r"^[A-Z0-9]{1,30}$")


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def _too_long(value: str, limit: int) -> str:
    return f"At most {limit:,} characters; this has {len(value):,} ({len(value) - limit:,} too many)."


def _too_short(value: str, limit: int) -> str:
    return f"At least {limit:,} characters; this has {len(value):,} ({limit - len(value):,} too few)."


def sub_use_case_error(use_case: str, sub_use_cases: list[str]) -> str | None:
    """N4: a MIXED or LOW_VOLUME campaign names 2–5 sub-use cases; no other use case names any."""
    count = len(sub_use_cases)
    if use_case in USE_CASES_WITH_SUB_USE_CASES:
        label = UseCase(use_case).label
        if count < SUB_USE_CASES_MIN:
            return (
                f"A {label} campaign names {SUB_USE_CASES_MIN} to {SUB_USE_CASES_MAX} sub-use cases; this names "
                f"{count} ({SUB_USE_CASES_MIN - count} too few)."
            )
        if count > SUB_USE_CASES_MAX:
            return (
                f"A {label} campaign names {SUB_USE_CASES_MIN} to {SUB_USE_CASES_MAX} sub-use cases; this names "
                f"{count} ({count - SUB_USE_CASES_MAX} too many)."
            )
    elif count:
        return "Only Mixed and Low volume mixed campaigns name sub-use cases; leave them empty for this use case."
    return None


def registry_minimum_errors(content: Mapping[str, Any]) -> dict[str, list[str]]:
    """N4: the registry's minimum lengths, asked at submission (a draft may be short while it is written).

    A given text shorter than its minimum is refused, with the minimum and by how much; an empty optional field
    is left to the pre-screen, which says what it must contain."""
    errors: dict[str, list[str]] = {}
    for field, (minimum, _) in REGISTRY_LIMITS.items():
        value = content.get(field)
        if minimum and isinstance(value, str) and value.strip() and len(value.strip()) < minimum:
            errors.setdefault(field, []).append(_too_short(value.strip(), minimum))
    for i, sample in enumerate(content.get("sample_messages") or [], start=1):
        if isinstance(sample, str) and len(sample.strip()) < SAMPLE_MESSAGE_MIN_CHARS:
            errors.setdefault("sample_messages", []).append(
                f"Sample message {i}: {_too_short(sample.strip(), SAMPLE_MESSAGE_MIN_CHARS)}"
            )
    return errors


def clean_campaign_data(raw: Mapping[str, Any], *, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Validate and normalise campaign fields. ``current`` (the saved values) makes it a partial update.

    Raises one ``DomainError`` (code ``invalid``) listing every field at fault, with the limit and by how much.
    """
    partial = current is not None
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in SUBMITTED_FIELDS:
        if field in raw:
            value = raw[field]
            data[field] = value.strip() if isinstance(value, str) else value
    unknown = sorted(set(raw) - set(SUBMITTED_FIELDS))
    if not partial:
        for field, default in DEFAULTS.items():
            if field not in data or data[field] in (None, ""):
                data[field] = default

    for field in TEXT_LIMITS:
        if field in data:
            value = data[field]
            if value is None:
                data[field] = ""
            elif not isinstance(value, str):
                err(field, "Must be text.")
    if "use_case" in data:
        if data["use_case"] is None:
            data["use_case"] = ""
        if data["use_case"] and data["use_case"] not in UseCase.values:
            err("use_case", f"Unknown use case “{data['use_case']}”; one of {', '.join(UseCase.values)}.")
    if "sub_use_cases" in data:
        subs = data["sub_use_cases"]
        if subs is None:
            subs = []
        if isinstance(subs, str):
            subs = [s for s in re.split(r"[\s,;]+", subs) if s]
        if not isinstance(subs, list | tuple) or not all(isinstance(s, str) for s in subs):
            err("sub_use_cases", "A list of sub-use cases (registry values such as ACCOUNT_NOTIFICATION).")
        else:
            subs = list(dict.fromkeys(s.strip().upper() for s in subs if s.strip()))
            unknown_subs = [s for s in subs if s not in SUB_USE_CASES]
            if unknown_subs:
                err(
                    "sub_use_cases",
                    f"Unknown sub-use case(s): {', '.join(unknown_subs)}; one of {', '.join(SUB_USE_CASES)}.",
                )
            data["sub_use_cases"] = subs
    merged = {**(current or {}), **data}
    if (not partial or "use_case" in data or "sub_use_cases" in data) and "sub_use_cases" not in errors:
        if "sub_use_cases" not in data and merged.get("use_case") not in USE_CASES_WITH_SUB_USE_CASES:
            # The use case moved away from MIXED/LOW_VOLUME: its sub-use cases no longer apply.
            if merged.get("sub_use_cases"):
                data["sub_use_cases"] = []
        elif merged.get("use_case") in UseCase.values:
            message = sub_use_case_error(merged["use_case"], list(merged.get("sub_use_cases") or []))
            if message:
                err("sub_use_cases", message)
    for field in REQUIRED:
        if (not partial or field in data) and not merged.get(field):
            err(field, "This field is required.")
    for field, limit in TEXT_LIMITS.items():
        value = data.get(field)
        if isinstance(value, str) and len(value) > limit:
            err(field, _too_long(value, limit))

    if "sample_messages" in data or not partial:
        samples = data.get("sample_messages")
        if samples is None:
            samples = []
        if not isinstance(samples, list | tuple) or not all(isinstance(s, str) for s in samples):
            err("sample_messages", "A list of 1–5 sample messages (text).")
        else:
            # Numbered as given (the form's boxes, the API's list), blanks skipped but counted in the numbering.
            for i, sample in enumerate(samples, start=1):
                if len(sample.strip()) > SAMPLE_MESSAGE_MAX_CHARS:
                    err("sample_messages", f"Sample message {i}: {_too_long(sample.strip(), SAMPLE_MESSAGE_MAX_CHARS)}")
            samples = [s.strip() for s in samples if s.strip()]
            if len(samples) < SAMPLE_MESSAGES_MIN:
                err("sample_messages", "Give at least one sample message (1–5); this has none.")
            elif len(samples) > SAMPLE_MESSAGES_MAX:
                err(
                    "sample_messages",
                    f"At most {SAMPLE_MESSAGES_MAX} sample messages; this has {len(samples)} "
                    f"({len(samples) - SAMPLE_MESSAGES_MAX} too many).",
                )
            data["sample_messages"] = samples

    for field in KEYWORD_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value and field not in errors:
            words = [w.upper() for w in re.split(r"[\s,;]+", value) if w]
            bad = [w for w in words if not _KEYWORD.match(w)]
            if bad:
                err(
                    field, f"Keywords are single words of letters and digits (≤ 30), comma-separated: {', '.join(bad)}."
                )
            else:
                data[field] = ",".join(dict.fromkeys(words))

    for field in URL_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value and field not in errors:
            url = value if "://" in value else f"https://{value}"
            try:
                _URL(url)
                data[field] = url
            except ValidationError:
                err(field, f"“{value}” is not a valid http(s) URL.")

    for field in FLAG_FIELDS:
        if field in data:
            data[field] = _bool(data[field])
    merged = {**(current or {}), **data}
    # Carriers require every 10DLC program to honour STOP and HELP (CTIA); a campaign cannot opt out of that.
    for field, keywords in (("subscriber_optout", "optout_keywords"), ("subscriber_help", "help_keywords")):
        if field in data and not data[field]:
            err(field, f"Every campaign must support {field.removeprefix('subscriber_')} (CTIA); it cannot be off.")
        if (not partial or keywords in data) and not merged.get(keywords) and keywords not in errors:
            err(keywords, "Give at least one keyword (e.g. STOP / HELP): carriers require it.")
    if merged.get("subscriber_optin") is False and data.get("optin_keywords"):
        err("optin_keywords", "Opt-in keywords need the subscriber opt-in attribute.")
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(unknown)}."]
    if errors:
        raise DomainError("invalid", "Some campaign fields are invalid.", errors=errors)
    return data
