"""Reading the catalogue for decisions: snapshots of codes as they are now."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import DomainError

from .codes import normalize_code
from .models import RejectionCode

SNAPSHOT_FIELDS = ("code", "reason", "remediation", "family", "remediable")


def _rejection_codes_in_order(*, codes: Iterable[str]) -> list[RejectionCode]:
    """The catalogue rows for ``codes`` (normalised, de-duplicated, in the given order); unknown codes refused."""
    if isinstance(codes, str):
        raise TypeError("codes must be an iterable of codes, not a single string")
    wanted = list(dict.fromkeys(normalize_code(code) for code in codes))
    found = RejectionCode.objects.in_bulk(wanted)
    unknown = [code for code in wanted if code not in found]
    if unknown:
        names = ", ".join(code or "(blank)" for code in unknown)
        error = DomainError(
            "unknown_code",
            f"Unknown rejection code{'s' if len(unknown) > 1 else ''}: {names}.",
            field="codes",
        )
        error.extra["unknown_codes"] = unknown
        raise error
    return [found[code] for code in wanted]


def rejection_snapshot(*, codes: Iterable[str]) -> list[dict]:
    """``{"code", "reason", "remediation", "family", "remediable"}`` for each code, as the catalogue reads now.

    Decisions store this list, so a later edit of the catalogue does not rewrite what the customer was told.
    Codes match case-insensitively after stripping whitespace; the order given is kept, duplicates dropped.
    Raises ``DomainError("unknown_code", field="codes")`` naming every code not in the catalogue.
    """
    return [{field: getattr(row, field) for field in SNAPSHOT_FIELDS} for row in _rejection_codes_in_order(codes=codes)]


def rejection_codes_non_remediable(*, codes: Iterable[str]) -> list[str]:
    """The codes among ``codes`` (normalised, in order) that have no remediation: they close the campaign.

    Unknown codes raise the same ``DomainError("unknown_code")`` as ``rejection_snapshot``.
    """
    return [row.code for row in _rejection_codes_in_order(codes=codes) if not row.remediable]
