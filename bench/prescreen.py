"""Throughput of the C4 pre-screen: the labelled corpus in a loop on one core.

    python bench/prescreen.py [--seconds N] [--profile]

Prints campaigns/second — the median over passes through the corpus, with the best and worst pass, since a
shared machine's speed varies (goal: median ≥ 2,000/s; exit status 1 below it). Needs no database; Django
settings are set up only if importing the module asks for them.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

try:
    from campaigns.prescreen import BrandFacts, prescreen
except Exception:  # only if an import needs configured settings
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance_portal.settings.test")
    import django

    django.setup()
    from campaigns.prescreen import BrandFacts, prescreen

CORPUS = ROOT / "tests" / "campaigns" / "corpus.jsonl"
GOAL = 2_000


def load() -> list[tuple[dict, BrandFacts | None]]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(row["campaign"], BrandFacts(**row["brand"]) if row["brand"] else None) for row in rows]


def run(cases, seconds: float) -> list[float]:
    """Loop over the corpus for ``seconds``; the rate (campaigns/s) of each pass over it."""
    rates: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or not rates:
        started = time.perf_counter()
        for campaign, brand in cases:
            prescreen(campaign, brand)
        rates.append(len(cases) / (time.perf_counter() - started))
    return rates


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to loop (default 5)")
    parser.add_argument("--profile", action="store_true", help="print the 25 most expensive functions")
    args = parser.parse_args()
    cases = load()
    for campaign, brand in cases:  # load the word lists and compile the tables outside the measurement
        prescreen(campaign, brand)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(cases, args.seconds)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return 0
    rates = run(cases, args.seconds)
    total = len(rates) * len(cases)
    median = statistics.median(rates)
    print(
        f"{total} campaigns ({len(cases)} distinct, {len(rates)} passes) on one core: "
        f"median {median:,.0f} campaigns/s, best pass {max(rates):,.0f}/s, worst {min(rates):,.0f}/s "
        f"(goal {GOAL:,}/s)"
    )
    return 0 if median >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
