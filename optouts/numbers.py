"""Phone numbers as the opt-out list and the DNC lists hold them.

Opt-outs are few and typed by people: ``phonenumbers`` reads any usual spelling and they are kept in E.164.
DNC lists hold millions of lines: each line is read by one regular expression (a US 10-digit number, with or
without a leading 1, or E.164) and kept as a ``bigint`` of its E.164 digits (``+12125551234`` → 12125551234).
"""

from __future__ import annotations

import re

import phonenumbers

from core.errors import DomainError

#: A US number as a DNC line gives it: NANP area code and exchange start 2–9; an optional leading 1 or +1.
#: Or any E.164 number (+, 8–15 digits). Spaces, dots, dashes and parentheses inside are not allowed: a DNC
#: file is machine-written, and a line that is not one of these two shapes is an error, never a guess.
_DNC_LINE = re.compile(rb"\s*(?:(?:\+1|1)?([2-9]\d\d[2-9]\d{6})|\+([1-9]\d{7,14}))\s*")
_CSV_CELL = re.compile(rb'\s*"?([^",]*)"?\s*(?:,|$)')


def normalise_number(raw: str, *, field: str = "number") -> str:
    """A person's number in E.164 (US numbers may omit +1), or a 400 naming what is wrong."""
    text = (raw or "").strip()
    if not text:
        raise DomainError("invalid", "Enter the phone number.", field=field)
    if len(text) > 32:
        raise DomainError("invalid", f"“{text[:32]}…” is too long for a phone number.", field=field)
    try:
        parsed = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        raise DomainError("invalid", f"“{text}” is not a phone number.", field=field) from None
    if not phonenumbers.is_valid_number(parsed):
        raise DomainError("invalid", f"“{text}” is not a valid phone number (E.164, e.g. +12125551234).", field=field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def number_key(e164: str) -> int | None:
    """The DNC tables' key of an E.164 number, or None when it is not one."""
    digits = e164[1:] if e164.startswith("+") else e164
    return int(digits) if digits.isdigit() and 8 <= len(digits) <= 15 else None


def dnc_line_key(line: bytes) -> int | None:
    """The key of one line of a DNC file (plain, or CSV whose first column is the number); None if malformed."""
    match = _DNC_LINE.fullmatch(line)
    if match is None and b"," in line:
        cell = _CSV_CELL.match(line)
        match = _DNC_LINE.fullmatch(cell.group(1)) if cell else None
    if match is None:
        return None
    us, e164 = match.groups()
    return int(b"1" + us) if us is not None else int(e164)
