"""Sender id numbers (S1): a US long code in E.164 (``+1NXXNXXXXXX``) or a 5–6 digit short code.

``parse_number`` is for input (every refusal says exactly what is wrong); ``normalize_number`` is the cheap,
non-validating form the at-send check applies to the ``from`` it is given before its one indexed lookup.
"""

from __future__ import annotations

import re

import phonenumbers

from core.errors import DomainError

from .choices import SenderKind

_SEPARATORS = re.compile(r"[\s().\-]")
SHORT_CODE = re.compile(r"[1-9]\d{4,5}")


def normalize_number(raw: str) -> str:
    """``raw`` without separators; 10 NANP digits (or 11 starting with 1) in E.164. No validation."""
    number = _SEPARATORS.sub("", raw or "")
    if number.isdecimal():
        if len(number) == 10:
            return f"+1{number}"
        if len(number) == 11 and number.startswith("1"):
            return f"+{number}"
    return number


def parse_number(raw, *, field: str = "number") -> tuple[str, str]:
    """``(number, kind)`` for a valid sender id, or a ``DomainError`` on ``field`` saying what is wrong."""
    if not isinstance(raw, str) or not raw.strip():
        raise DomainError(
            "invalid", "Enter the sender id: a US long code such as +12025550123 or a short code.", field=field
        )
    number = normalize_number(raw.strip())
    if SHORT_CODE.fullmatch(number):
        return number, SenderKind.SHORT_CODE
    if number.isdecimal():
        if len(number) < 5:
            raise DomainError(
                "invalid",
                f"{raw.strip()} has {len(number)} digits: a short code has 5 or 6, a long code 10.",
                field=field,
            )
        if len(number) in (5, 6):
            raise DomainError("invalid", f"{raw.strip()}: a short code cannot start with 0.", field=field)
        raise DomainError(
            "invalid",
            f"{raw.strip()} has {len(number)} digits: a US long code has 10 (or +1 and 10), a short code 5 or 6.",
            field=field,
        )
    if not number.startswith("+") or not number[1:].isdecimal():
        raise DomainError(
            "invalid",
            f"{raw.strip()} is not a phone number: use digits only, in E.164 such as +12025550123.",
            field=field,
        )
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        raise DomainError(
            "invalid", f"{raw.strip()} is not a phone number in E.164 (such as +12025550123).", field=field
        ) from None
    if parsed.country_code != 1:
        raise DomainError(
            "invalid",
            f"{raw.strip()} is a +{parsed.country_code} number: sender ids are US long codes (+1) or short codes.",
            field=field,
        )
    national = str(parsed.national_number)
    if len(national) != 10:
        direction = "short" if len(national) < 10 else "long"
        raise DomainError(
            "invalid",
            f"{raw.strip()} is too {direction}: after +1 a US long code has 10 digits, this has {len(national)}.",
            field=field,
        )
    if not phonenumbers.is_valid_number(parsed):
        raise DomainError(
            "invalid",
            f"{raw.strip()} is not a valid North American number (area code {national[:3]}, exchange "
            f"{national[3:6]}): check the number.",
            field=field,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), SenderKind.LONG_CODE
