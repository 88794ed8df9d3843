"""Build ``rejection_codes.csv`` from the registry's "manual vetting checklist and rejection codes" article.

The seed article (a verbatim copy lives next to this script in ``seed/``) ends with a markdown table
``| Rejection Reason | Rejection Code | Remediation Required |`` holding the 103 catalogue codes
(501 … 9002, including 3000 and the 3001A…3015A / 3001B…3015B variants). This script turns that table
into the CSV that migration ``0002_load_catalogue`` loads, with the columns

    code, reason, remediation, family, remediable

- texts are kept verbatim, except that the quotes around the reason (straight ``"`` or curly ``“ ”``)
  are stripped;
- ``family`` is derived from the code's numeric range (see ``FAMILY_RANGES``);
- ``remediable`` is ``false`` exactly when the remediation says "No remediation is available".

It was run once to create the CSV; rerun it only when the registry publishes a new table, then review the
diff and write a new data migration (0002 must keep loading what it loaded). Usage, from the repo root::

    .venv/bin/python rejections/data/build_from_seed.py [SEED_FILE] [--out CSV_FILE]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run as a plain script from anywhere

from rejections.choices import Family  # noqa: E402
from rejections.codes import CODE_PATTERN  # noqa: E402

DEFAULT_SEED = HERE / "seed" / "manual-vetting-checklist-and-rejection-codes.txt"
DEFAULT_OUT = HERE / "rejection_codes.csv"
EXPECTED_ROWS = 103
COLUMNS = ["code", "reason", "remediation", "family", "remediable"]
NOT_REMEDIABLE = "No remediation is available"
QUOTES = '"“”'

# Inclusive ranges on the code's numeric part (3001A → 3001).
FAMILY_RANGES: list[tuple[int, int, Family]] = [
    (501, 611, Family.REGISTRATION_CONSISTENCY),
    (701, 713, Family.PROHIBITED_CONTENT),
    (801, 861, Family.SOLE_PROPRIETOR_CTA_WEBSITE),
    (1001, 1004, Family.ATTRIBUTES),
    (2001, 2006, Family.DESCRIPTION),
    (3000, 3015, Family.CALL_TO_ACTION),
    (6001, 6014, Family.MESSAGE_CONTENT),
    (7001, 7012, Family.PROHIBITED_PROGRAMS),
    (8001, 8004, Family.USE_CASE_MISMATCH),
    (9001, 9002, Family.SPECIAL_USE_CASES),
]


def family_for(code: str) -> Family:
    number = int(CODE_PATTERN.match(code)["number"])
    for low, high, family in FAMILY_RANGES:
        if low <= number <= high:
            return family
    raise ValueError(f"Code {code} is outside every family range")


def parse_seed(text: str) -> list[dict[str, str]]:
    """The rows of the seed's rejection-code table, in the seed's order."""
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3:
            raise ValueError(f"Expected 3 cells, got {len(cells)}: {line[:80]}")
        reason, code, remediation = cells
        if not CODE_PATTERN.match(code):  # header and separator rows
            continue
        rows.append(
            {
                "code": code,
                "reason": reason.strip(QUOTES).strip(),
                "remediation": remediation,
                "family": family_for(code).value,
                "remediable": "false" if NOT_REMEDIABLE in remediation else "true",
            }
        )
    codes = [row["code"] for row in rows]
    if len(rows) != EXPECTED_ROWS or len(set(codes)) != len(codes):
        raise ValueError(f"Expected {EXPECTED_ROWS} distinct codes, got {len(rows)} rows / {len(set(codes))} codes")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = parse_seed(args.seed.read_text(encoding="utf-8"))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"Wrote {len(rows)} codes to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
