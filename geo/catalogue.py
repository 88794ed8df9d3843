"""The destination catalogue's data files (``geo/data``): read by migration 0002 and by the tests that hold the
files to pycountry. Lines starting with ``#`` are the files' notes (their sources)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
COUNTRIES_CSV = DATA / "countries.csv"
REGIONS_CSV = DATA / "regions.csv"


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def catalogue_rows() -> list[dict]:
    """One dict per country: code, name, risk_level, hard_disabled (bool), region, subregion."""
    regions = {row["code"]: row for row in _read(REGIONS_CSV)}
    rows = []
    for row in _read(COUNTRIES_CSV):
        region = regions.get(row["code"], {})
        rows.append(
            {
                "code": row["code"],
                "name": row["name"],
                "risk_level": row["risk_level"],
                "hard_disabled": row["hard_disabled"] == "yes",
                "region": region.get("region", ""),
                "subregion": region.get("subregion", ""),
            }
        )
    return rows
