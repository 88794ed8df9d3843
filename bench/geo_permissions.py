"""Benchmark geo's two hot paths against the obvious ways of doing the same, side by side in one process.

    .venv/bin/python bench/geo_permissions.py [--accounts 2000] [--seconds 10] [--quick] [--server-url URL]

Makes a fresh PostgreSQL database (``cp_bench_geo`` on 127.0.0.1:5432, or ``--server-url``), migrates it and
loads ``--accounts`` accounts with 3 sub-accounts each: 10 account rows and 5 overrides per sub-account (written
in bulk). Then, for ``--seconds`` each:

1. ``effective_permission`` (the at-send check's lookup: one query, tuples only) on random (account, sub-account,
   country), against the comparator — the override as a model instance, else the account's row, else the
   catalogue (up to three ORM queries). Goals: p95 ≤ the comparator's p95 and p95 ≤ 2 ms.
2. ``hourly_counts_add`` in batches of 500 rows (the single-statement upsert) against the comparator — one
   ``get_or_create`` plus an ``F()`` update per row. Goal: rows/s ≥ 5 × the comparator's.

Exit 1 when a goal is missed. The machine must be quiet for the numbers to mean anything.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cp_bench_geo"
GOAL_P95_MS = 2.0
GOAL_UPSERT_FACTOR = 5
COUNTRIES = ["US", "CA", "MX", "GB", "FR", "DE", "BR", "IN", "JP", "AU", "NG", "PH", "ES", "IT", "NL"]


def _setup_django(server_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"{server_url.rstrip('/')}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compliance_portal.settings.test")
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _load(accounts: int) -> list[tuple[int, int]]:
    """(account_id, sub_account_id) of every sub-account."""
    from accounts.models import Account, SubAccount
    from geo.models import GeoPermission

    made = Account.objects.bulk_create([Account(name=f"Bench {n}") for n in range(accounts)])
    subs = SubAccount.objects.bulk_create(
        [SubAccount(account=account, name=f"Sub {k}") for account in made for k in range(3)]
    )
    rows = [
        GeoPermission(account=account, country_id=code, enabled=True, mph_threshold=100)
        for account in made
        for code in COUNTRIES[:10]
    ]
    rows += [
        GeoPermission(account_id=sub.account_id, sub_account=sub, country_id=code, enabled=True, mph_threshold=50)
        for sub in subs
        for code in random.sample(COUNTRIES, 5)
    ]
    GeoPermission.objects.bulk_create(rows, batch_size=5000)
    return [(sub.account_id, sub.pk) for sub in subs]


def _comparator_permission(*, account_id, sub_account_id, country):
    from geo.models import Country, GeoPermission
    from geo.selectors import default_setting

    row = GeoPermission.objects.filter(account_id=account_id, sub_account_id=sub_account_id, country_id=country).first()
    overridden = row is not None
    if row is None:
        row = GeoPermission.objects.filter(account_id=account_id, sub_account__isnull=True, country_id=country).first()
    hard = Country.objects.filter(code=country).values_list("hard_disabled", flat=True).first()
    if row is None:
        return (*default_setting(country), overridden, bool(hard))
    return (row.enabled, row.mph_threshold, row.breach_response, row.block_hours, overridden, bool(hard))


def _time_calls(fn, owners, seconds: float) -> list[float]:
    samples = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        account_id, sub_id = random.choice(owners)
        country = random.choice(COUNTRIES)
        start = time.perf_counter()
        fn(account_id=account_id, sub_account_id=sub_id, country=country)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _describe(name: str, samples: list[float]) -> float:
    cuts = statistics.quantiles(samples, n=100)
    print(
        f"  {name:<28} {len(samples) / sum(samples) * 1000:>9.0f} calls/s  "
        f"p50 {cuts[49]:.3f} ms  p95 {cuts[94]:.3f} ms  p99 {cuts[98]:.3f} ms"
    )
    return cuts[94]


def _upsert_rate(owners, seconds: float) -> float:
    from geo.services import hourly_counts_add

    base = datetime(2026, 1, 1, tzinfo=UTC)
    written = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        batch = [
            (
                account_id,
                sub_id if i % 2 else None,
                random.choice(COUNTRIES),
                base + timedelta(hours=random.randrange(360)),
                1,
            )
            for i, (account_id, sub_id) in enumerate(random.choices(owners, k=500))
        ]
        hourly_counts_add(rows=batch)
        written += len(batch)
    return written / (time.perf_counter() - start)


def _comparator_upsert_rate(owners, seconds: float) -> float:
    from django.db import transaction
    from django.db.models import F

    from geo.models import HourlyCount

    base = datetime(2026, 1, 1, tzinfo=UTC)
    written = 0
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < deadline:
        with transaction.atomic():
            for i, (account_id, sub_id) in enumerate(random.choices(owners, k=500)):
                sub = sub_id if i % 2 else None
                row, _ = HourlyCount.objects.get_or_create(
                    account_id=account_id,
                    bucket=sub or 0,
                    country=random.choice(COUNTRIES),
                    hour_start=base + timedelta(hours=random.randrange(360)),
                    defaults={"sub_account_id": sub},
                )
                HourlyCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        written += 500
    return written / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--quick", action="store_true", help="200 accounts, 2 s per measurement")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    if args.quick:
        args.accounts, args.seconds = 200, 2.0
    random.seed(7)
    _setup_django(args.server_url)
    from geo.selectors import effective_permission

    owners = _load(args.accounts)
    print(f"geo permissions: {args.accounts} accounts, {len(owners)} sub-accounts, {args.seconds:.0f} s each")
    print("effective_permission (one query) vs the ORM comparator (up to three):")
    ours = _describe("effective_permission", _time_calls(effective_permission, owners, args.seconds))
    theirs = _describe("comparator", _time_calls(_comparator_permission, owners, args.seconds))
    print("hourly_counts_add (one upsert per 500 rows) vs get_or_create + F() per row:")
    rate = _upsert_rate(owners, args.seconds)
    comparator_rate = _comparator_upsert_rate(owners, args.seconds)
    print(f"  {'hourly_counts_add':<28} {rate:>9.0f} rows/s")
    print(f"  {'comparator':<28} {comparator_rate:>9.0f} rows/s  ({rate / comparator_rate:.1f}×)")
    misses = []
    if ours > theirs:
        misses.append(f"effective_permission p95 {ours:.3f} ms > comparator {theirs:.3f} ms")
    if ours > GOAL_P95_MS:
        misses.append(f"effective_permission p95 {ours:.3f} ms > goal {GOAL_P95_MS} ms")
    if rate < GOAL_UPSERT_FACTOR * comparator_rate:
        misses.append(f"upsert {rate:.0f} rows/s < {GOAL_UPSERT_FACTOR} × comparator {comparator_rate:.0f}")
    print(f"goals: p95 ≤ comparator and ≤ {GOAL_P95_MS} ms; upsert ≥ {GOAL_UPSERT_FACTOR} × comparator")
    for miss in misses:
        print(f"MISSED: {miss}")
    print("all goals met" if not misses else "")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
