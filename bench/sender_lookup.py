"""Benchmark: the at-send check's sender lookup (``senders.selectors.sender_refusal``) against a naive comparator.

    .venv/bin/python bench/sender_lookup.py [--numbers 100000] [--seconds 10] [--quick]

Makes a fresh PostgreSQL database (``cp_bench_sender_lookup`` on 127.0.0.1:5432, or ``--server-url``), migrates
it and loads ``--numbers`` sender ids (claims and rows written in bulk, SQL; every tenth released, so the table
holds history too) over ``--sub-accounts`` (200), each with an approved campaign made through the real services. Then,
in one process, for ``--seconds`` each, one after the other, on random numbers (held, released and unknown):
- ``sender_refusal`` (one query on the held-number index, tuples only);
- the comparator: the same answer read the obvious way — the holder as a model instance with its campaign
  (``select_related``), then the same tests in Python.
It prints calls/s and p50/p95/p99 of each. Goals (exit 1 when one is missed): sender_refusal p95 ≤ the
comparator's p95, and its p95 ≤ 2 ms. The machine running it must be quiet for the numbers to mean anything.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "cp_bench_sender_lookup"
GOAL_P95_MS = 2.0
SUB_ACCOUNTS = 200


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


def _load(numbers: int, sub_accounts: int) -> list[tuple[int, int, str]]:
    """Sub-accounts with an approved campaign each; ``numbers`` sender ids spread over them. Returns
    (sub_account_id, campaign_id, number) of every row."""
    from django.db import connection

    from accounts.models import Account, SubAccount
    from brands.services import brand_record_identity
    from tests.accounts.factories import UserFactory
    from tests.brands.factories import make_brand
    from tests.campaigns.factories import make_campaign

    analyst = UserFactory(username="bench-analyst", role="analyst")
    account = Account.objects.create(name="Bench ISV")
    customer = UserFactory(username="bench-customer", account=account)
    campaigns = []
    for n in range(sub_accounts):
        sub = SubAccount.objects.create(account=account, name=f"Bench {n}")
        brand = make_brand(
            customer=customer, sub_account=sub, status="approved", analyst=analyst, tax_id=f"{10_000_000 + n:09d}"
        )
        brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="bench")
        campaign = make_campaign(customer=customer, brand=brand, status="approved", analyst=analyst)
        campaigns.append((sub.pk, campaign.pk, brand.pk))
    rows = []
    with connection.cursor() as cursor:
        for start in range(0, numbers, 10_000):
            claims, senders = [], []
            for i in range(start, min(start + 10_000, numbers)):
                sub_id, campaign_id, brand_id = campaigns[i % sub_accounts]
                number = f"+1202{200 + i // 10_000:03d}{i % 10_000:04d}"
                status = "released" if i % 10 == 0 else "active"
                claims.append((number, brand_id))
                senders.append((number, brand_id, campaign_id, sub_id, account.pk, status))
                rows.append((sub_id, campaign_id, number))
            cursor.executemany(
                "INSERT INTO senders_numberclaim (number, brand_id, claimed_at) VALUES (%s, %s, now())", claims
            )
            cursor.executemany(
                "INSERT INTO senders_senderid (number, kind, brand_id, campaign_id, sub_account_id, account_id, status,"
                " assigned_at, released_at, suspended_reason, version) VALUES (%s, 'long_code', %s, %s, %s, %s, %s,"
                " now(), CASE WHEN %s = 'released' THEN now() END, '', 1)",
                [(*row, row[-1]) for row in senders],
            )
        cursor.execute("ANALYZE senders_senderid")
    return rows


def _comparator(*, sub_account_id: int, number: str, campaign_id: int | None = None):
    from campaigns.choices import CampaignStatus
    from senders.models import HELD, SenderId

    holder = SenderId.objects.filter(HELD, number=number).select_related("campaign").first()
    if holder is None or holder.sub_account_id != sub_account_id:
        return ("S1", "")
    if holder.is_suspended or holder.campaign.status != CampaignStatus.APPROVED:
        return ("S2", "")
    return None


def _run(fn, cases, seconds: float) -> tuple[float, list[float]]:
    timings = []
    deadline = time.perf_counter() + seconds
    index = 0
    while time.perf_counter() < deadline:
        sub_id, number = cases[index % len(cases)]
        index += 1
        start = time.perf_counter()
        fn(sub_account_id=sub_id, number=number)
        timings.append((time.perf_counter() - start) * 1000)
    return len(timings) / seconds, timings


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--sub-accounts", type=int, default=SUB_ACCOUNTS)
    parser.add_argument("--quick", action="store_true", help="10,000 numbers, 20 sub-accounts, 2 s each: a smoke run")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    if args.quick:
        args.numbers, args.seconds, args.sub_accounts = 10_000, 2.0, 20
    _setup_django(args.server_url)
    from senders.selectors import sender_refusal

    rows = _load(args.numbers, args.sub_accounts)
    rng = random.Random(7)
    cases = []
    for _ in range(5_000):
        sub_id, _campaign, number = rng.choice(rows)
        kind = rng.random()
        if kind < 0.1:
            number = f"+1303555{rng.randint(0, 9999):04d}"  # unknown
        elif kind < 0.2:
            sub_id = rows[0][0] if sub_id != rows[0][0] else rows[1][0]  # another sub-account's
        cases.append((sub_id, number))
    for sub_id, number in cases[:200]:  # same answers
        assert (sender_refusal(sub_account_id=sub_id, number=number) or ("",))[0] == (
            _comparator(sub_account_id=sub_id, number=number) or ("",)
        )[0]
    results = {}
    for name, fn in (("sender_refusal", sender_refusal), ("comparator (model + select_related)", _comparator)):
        rate, timings = _run(fn, cases, args.seconds)
        results[name] = (rate, _pct(timings, 50), _pct(timings, 95), _pct(timings, 99))
        print(
            f"{name:<38} {rate:9.0f} calls/s  p50 {results[name][1]:.3f} ms  p95 {results[name][2]:.3f} ms  "
            f"p99 {results[name][3]:.3f} ms"
        )
    ours, theirs = results["sender_refusal"], results["comparator (model + select_related)"]
    print(f"Goals: sender_refusal p95 ≤ comparator p95 ({ours[2]:.3f} vs {theirs[2]:.3f} ms); p95 ≤ {GOAL_P95_MS} ms")
    ok = ours[2] <= theirs[2] and ours[2] <= GOAL_P95_MS
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
