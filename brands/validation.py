"""Shape of brand input: every field checked at once, values normalised (EIN, phone, country).

Used by the services, so the browser form and the API report the same messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import phonenumbers
import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from core.errors import DomainError

from .choices import EntityType, StockExchange, TaxExemptStatus, Vertical

FIELDS = (
    "legal_name",
    "display_name",
    "entity_type",
    "tax_id",
    "tax_id_country",
    "vertical",
    "website",
    "email",
    "email_2fa_confirmed",
    "phone",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "stock_symbol",
    "stock_exchange",
    "tax_exempt_status",
    "government_entity",
)
REQUIRED = ("legal_name", "entity_type", "tax_id", "tax_id_country", "vertical", "email", "phone")
MAX_LENGTHS = {
    "legal_name": 255,
    "display_name": 255,
    "website": 255,
    "email": 254,
    "street": 255,
    "city": 120,
    "state": 60,
    "postal_code": 20,
    "stock_symbol": 10,
}
DEFAULTS = {"tax_id_country": "US", "country": "US", "tax_exempt_status": TaxExemptStatus.NONE}
_US_EIN = re.compile(r"^(\d{2}-?\d{7})$")
_URL = URLValidator(schemes=["http", "https"])
_EMAIL = EmailValidator()


def _country(value: str) -> str | None:
    code = (value or "").strip().upper()
    if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
        return code
    return None


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "on", "yes")
    return bool(value)


def clean_brand_data(raw: Mapping[str, Any], *, current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Validate and normalise brand fields. ``current`` (the saved values) makes it a partial update.

    Raises one ``DomainError`` (code ``invalid``) listing every field at fault.
    """
    partial = current is not None
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field in FIELDS:
        if field in raw:
            value = raw[field]
            data[field] = value.strip() if isinstance(value, str) else value
    if not partial:
        for field, default in DEFAULTS.items():
            if not data.get(field):
                data[field] = default
    unknown = sorted(set(raw) - set(FIELDS))
    merged = {**(current or {}), **data}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in REQUIRED:
        if (not partial or field in data) and not merged.get(field):
            err(field, "This field is required.")
    for field, limit in MAX_LENGTHS.items():
        value = data.get(field)
        if isinstance(value, str) and len(value) > limit:
            err(field, f"At most {limit} characters; this has {len(value)} ({len(value) - limit} too many).")

    if "entity_type" in data and data["entity_type"] and data["entity_type"] not in EntityType.values:
        err("entity_type", f"Unknown entity type “{data['entity_type']}”; one of {', '.join(EntityType.values)}.")
    if "vertical" in data and data["vertical"] and data["vertical"] not in Vertical.values:
        err("vertical", f"Unknown vertical “{data['vertical']}”.")

    for field in ("tax_id_country", "country"):
        if data.get(field):
            code = _country(data[field])
            if code is None:
                err(field, f"Unknown country code “{data[field]}”: use an ISO 3166 two-letter code such as US.")
            else:
                data[field] = code

    if ("tax_id" in data or "tax_id_country" in data) and merged.get("tax_id") and "tax_id" not in errors:
        tax_id = str(merged["tax_id"]).strip()
        country = _country(merged.get("tax_id_country") or "US") or "US"
        if country == "US":
            if not _US_EIN.match(tax_id):
                digits = re.sub(r"\D", "", tax_id)
                err(
                    "tax_id",
                    f"An EIN is 9 digits, written NNNNNNNNN or NN-NNNNNNN; “{tax_id}” has {len(digits)} digit(s)"
                    + ("" if tax_id.replace("-", "").isdigit() else " and other characters")
                    + ".",
                )
            else:
                data["tax_id"] = tax_id.replace("-", "")
        else:
            compact = re.sub(r"[\s.-]", "", tax_id).upper()
            if not re.fullmatch(r"[A-Z0-9]{4,21}", compact):
                err("tax_id", f"A tax id is 4–21 letters or digits; “{tax_id}” is not.")
            else:
                data["tax_id"] = compact

    if data.get("email"):
        try:
            _EMAIL(data["email"])
            data["email"] = data["email"].lower()
        except ValidationError:
            err("email", f"“{data['email']}” is not a valid email address.")
    if data.get("website"):
        website = data["website"]
        if "://" not in website:
            website = f"https://{website}"
        try:
            _URL(website)
            data["website"] = website
        except ValidationError:
            err("website", f"“{data['website']}” is not a valid http(s) URL.")
    if data.get("phone"):
        region = _country(merged.get("country") or "US") or "US"
        try:
            number = phonenumbers.parse(str(data["phone"]), region)
            if not phonenumbers.is_valid_number(number):
                raise phonenumbers.NumberParseException(phonenumbers.NumberParseException.NOT_A_NUMBER, "invalid")
            data["phone"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            err("phone", f"“{data['phone']}” is not a valid phone number; use E.164, e.g. +12025550123.")

    if data.get("stock_exchange") and data["stock_exchange"] not in StockExchange.values:
        err("stock_exchange", f"Unknown stock exchange “{data['stock_exchange']}”.")
    if data.get("stock_symbol"):
        data["stock_symbol"] = data["stock_symbol"].upper()
    for flag in ("email_2fa_confirmed", "government_entity"):
        if flag in data:
            data[flag] = _bool(data[flag])

    if "tax_exempt_status" in data:
        data["tax_exempt_status"] = data["tax_exempt_status"] or TaxExemptStatus.NONE
        if data["tax_exempt_status"] not in TaxExemptStatus.values:
            err("tax_exempt_status", f"Unknown tax-exempt status “{data['tax_exempt_status']}”.")
    merged = {**(current or {}), **data}
    if (
        merged.get("tax_exempt_status", TaxExemptStatus.NONE) != TaxExemptStatus.NONE
        and merged.get("entity_type") != EntityType.NON_PROFIT
    ):
        err("tax_exempt_status", "Only a non-profit organization can hold a 501(c) tax-exempt status.")
    if merged.get("government_entity") and merged.get("entity_type") != EntityType.GOVERNMENT:
        err("government_entity", "Only a government entity can be flagged as one.")
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(unknown)}."]
    if errors:
        raise DomainError("invalid", "Some brand fields are invalid.", errors=errors)
    return data
