"""The seed table, parsed here independently of ``rejections/data/build_from_seed.py``."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SEED = Path(settings.BASE_DIR) / "rejections" / "data" / "seed" / "manual-vetting-checklist-and-rejection-codes.txt"
_ROW = re.compile(r"^\|\s*(?P<reason>.+?)\s*\|\s*(?P<code>\d{3,4}[AB]?)\s*\|\s*(?P<remediation>.+?)\s*\|\s*$")
_QUOTES = re.compile(r'^["“”]+|["“”]+$')


def seed_rows() -> dict[str, dict[str, str]]:
    """``{code: {"reason", "remediation"}}`` for every code row of the seed's table."""
    rows: dict[str, dict[str, str]] = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            assert match["code"] not in rows, f"duplicate code {match['code']} in the seed"
            rows[match["code"]] = {
                "reason": _QUOTES.sub("", match["reason"]).strip(),
                "remediation": match["remediation"],
            }
    return rows
