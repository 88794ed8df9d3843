"""The shape of a rejection code (``501``, ``3003A``): normalising and ordering, shared with the migrations."""

from __future__ import annotations

import re

CODE_PATTERN = re.compile(r"^(?P<number>\d{3,4})(?P<variant>[AB]?)$")
_VARIANT_OFFSET = {"": 0, "A": 1, "B": 2}


def normalize_code(code: str) -> str:
    """``" 3003a"`` → ``"3003A"``: codes are matched case-insensitively, ignoring surrounding whitespace."""
    return code.strip().upper()


def sort_key_for(code: str) -> int:
    """Numeric part times 10, +1 for an A variant, +2 for B: 3000 < 3001A < 3001B < 3002A … (raises ValueError)."""
    match = CODE_PATTERN.match(normalize_code(code))
    if match is None:
        raise ValueError(f"Not a rejection code: {code!r}")
    return int(match["number"]) * 10 + _VARIANT_OFFSET[match["variant"]]
