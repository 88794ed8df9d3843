"""Benchmark M5.3 and the at-send check's steps 40–70: a 10,000,000-number DNC import, then the check's cost beside
the same check with empty lists.

    .venv/bin/python bench/optout_dnc.py [--numbers 10000000] [--optouts 1000000] [--keywords 500] [--checks 5000]
    .venv/bin/python bench/optout_dnc.py --quick        # a smoke run: 200,000 numbers, 50,000 opt-outs, 2,000 checks

Makes a fresh PostgreSQL database (``cp_bench_optout_dnc`` on 127.0.0.1:5432, or ``--server-url``), migrates it
and seeds one sending sub-account through the real services (approved brand and campaign, a sender id, the US
enabled), with the MPH counters in Redis (``--redis-url``, database 10, emptied first).

1. Comparator: ``traffic.check.check_send`` called in-process ``--checks`` times (random US destinations, a
   realistic message with a link) while the opt-out, DNC and keyword lists are empty.
2. The import: a file of ``--numbers`` US numbers (one per line) loaded by ``optouts.services.dnc_import_run`` in
   a fresh process (the Celery task's work: read, validate, COPY, index, attach). Reports seconds and the
   process's peak memory (VmHWM).
3. ``--optouts`` opt-outs in the account (COPY) and ``--keywords`` blocked keywords in force.
4. The same check again, same destinations and text.

Goals (exit 1 when one is missed): import ≤ 120 s and peak memory ≤ 1 GB (for 10 M numbers; a smaller
``--numbers`` scales the time goal down linearly); check p95 with the lists ≤ 1.2 × p95 with empty lists.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "cp_bench_optout_dnc"
IMPORT_SECONDS_GOAL = 120.0
IMPORT_GOAL_NUMBERS = 10_000_000
MEMORY_GOAL_BYTES = 1 << 30
P95_RATIO = 1.2
TEXT = (
    "Acme Dental: your cleaning is tomorrow at 10:30. Details: https://acme-dental.example.com/a/12. "
    "Reply STOP to opt out."
)

IMPORT_SCRIPT = """
import os, sys, time
import django
django.setup()
from optouts.models import DncImport, DncList
from optouts.services import dnc_import_run
path = sys.argv[1]
dnc_list = DncList.objects.create(name="Bench national DNC")
upload = DncImport.objects.create(dnc_list=dnc_list, size=os.path.getsize(path), original_name="bench.txt")
started = time.monotonic()
with open(path, "rb") as stream:
    done = dnc_import_run(import_id=upload.pk, stream=stream)
seconds = time.monotonic() - started
hwm = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(f"RESULT {done.status} {done.numbers} {seconds:.3f} {hwm} {done.error!r}")
"""


def _run(*args: str, env: dict) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, env=env, cwd=ROOT).stdout


def _fresh_database(server_url: str) -> str:
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    return f"{server_url.rstrip('/')}/{DB_NAME}"


def _us_number(i: int) -> str:
    """The i-th valid NANP number: areas 201, 202 …, exchanges 200–999, lines 0000–9999."""
    area, rest = divmod(i, 8_000_000)
    exchange, line = divmod(rest, 10_000)
    return f"{201 + area}{200 + exchange:03d}{line:04d}"


def _write_numbers(path: Path, count: int) -> None:
    with path.open("w") as out:
        for start in range(0, count, 500_000):
            out.write("\n".join(_us_number(i) for i in range(start, min(count, start + 500_000))))
            out.write("\n")


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000


def _measure(check_send, plan, destinations, text) -> list[float]:
    latencies = []
    for to in destinations:
        started = time.perf_counter()
        check_send(
            account_id=plan["account"],
            sub_account_id=plan["sub_account"],
            sender=plan["sender"],
            to=to,
            channel="sms",
            text=text,
            campaign_id=plan["campaign"],
        )
        latencies.append(time.perf_counter() - started)
    return latencies


def _seed_optouts(plan: dict, count: int) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY optouts_optout (account_id, sub_account_id, number, scope, source, at, sender, message_id, active, "
            "opted_in_message_id) FROM STDIN"
        ) as copy,
    ):
        for start in range(0, count, 100_000):
            rows = []
            for i in range(start, min(count, start + 100_000)):
                rows.append(
                    f"{plan['account']}\t{plan['sub_account']}\t+1{_us_number(9_000_000 + i)}\tsub_account\timport\t"
                    "2026-01-01 00:00:00+00\t\t\tt\t\n"
                )
            copy.write("".join(rows))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE optouts_optout")


def _seed_keywords(count: int) -> None:
    from django.utils import timezone

    from optouts.models import BlockedKeyword
    from optouts.rules import invalidate

    now = timezone.now()
    announced = now - timezone.timedelta(days=30)
    BlockedKeyword.objects.bulk_create(
        BlockedKeyword(
            word=(f"blockedword{i}" if i % 3 else f"blocked phrase {i}"),
            key=(f"blockedword{i}" if i % 3 else f"blocked phrase {i}"),
            announced_at=announced,
            effective_at=announced + timezone.timedelta(days=14),
        )
        for i in range(count)
    )
    invalidate()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--numbers", type=int, default=10_000_000)
    parser.add_argument("--optouts", type=int, default=1_000_000)
    parser.add_argument("--keywords", type=int, default=500)
    parser.add_argument("--checks", type=int, default=5000)
    parser.add_argument("--quick", action="store_true", help="smoke run: 200k numbers, 50k opt-outs, 2k checks")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/10")
    args = parser.parse_args()
    if args.quick:
        args.numbers, args.optouts, args.checks = 200_000, 50_000, 2000

    url = _fresh_database(args.server_url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.test",
        "TRAFFIC_REDIS_URL": args.redis_url,
        "PYTHONPATH": str(ROOT),
    }
    print(f"migrating {url} …", flush=True)
    _run(PYTHON, "manage.py", "migrate", "-v0", env=env)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import redis
    from django.conf import settings

    redis.Redis.from_url(args.redis_url).flushdb()
    settings.TRAFFIC_REDIS_URL = args.redis_url

    from accounts.models import Account, SubAccount
    from tests.accounts.factories import UserFactory
    from tests.traffic.factories import sending_sub_account, set_permission
    from traffic.check import check_send

    analyst = UserFactory(username="bench-analyst", role="analyst")
    account = Account.objects.create(name="Bench ISV")
    customer = UserFactory(username="bench-customer", account=account)
    sub = SubAccount.objects.create(account=account, name="Bench brand")
    campaign, sender = sending_sub_account(customer=customer, sub_account=sub, analyst=analyst)
    set_permission(account=account, country="US", enabled=True, mph_threshold=None, breach_response="IGNORE")
    plan = {"account": account.pk, "sub_account": sub.pk, "sender": sender, "campaign": campaign.pk}

    rng = random.Random(7)
    # One destination in ten is on the DNC list once it is loaded; the others are on no list, so every step runs
    # for them (the costliest path: two index probes that find nothing, the keyword scan, the URL look-up).
    destinations = [
        f"+1{_us_number(rng.randrange(args.numbers) if i % 10 == 0 else 20_000_000 + rng.randrange(4_000_000))}"
        for i in range(args.checks)
    ]
    _measure(check_send, plan, destinations[:500], TEXT)  # warm caches and connections
    empty = _measure(check_send, plan, destinations, TEXT)
    empty_p50, empty_p95 = _percentile(empty, 0.5), _percentile(empty, 0.95)
    print(f"check, empty lists:   p50 {empty_p50:.3f} ms  p95 {empty_p95:.3f} ms  ({len(empty)} calls)", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dnc.txt"
        started = time.monotonic()
        _write_numbers(path, args.numbers)
        print(
            f"wrote {args.numbers:,} numbers ({path.stat().st_size / 1e6:.0f} MB) in {time.monotonic() - started:.1f} s"
        )
        out = _run(PYTHON, "-c", IMPORT_SCRIPT, str(path), env=env)
    result = next(line for line in out.splitlines() if line.startswith("RESULT ")).split(" ", 5)
    status, loaded, seconds, hwm = result[1], int(result[2]), float(result[3]), int(result[4])
    print(f"DNC import: {status}, {loaded:,} numbers in {seconds:.1f} s, peak memory {hwm / 2**20:.0f} MB", flush=True)

    started = time.monotonic()
    _seed_optouts(plan, args.optouts)
    _seed_keywords(args.keywords)
    print(f"seeded {args.optouts:,} opt-outs and {args.keywords} keywords in {time.monotonic() - started:.1f} s")

    _measure(check_send, plan, destinations[:500], TEXT)
    full = _measure(check_send, plan, destinations, TEXT)
    full_p50, full_p95 = _percentile(full, 0.5), _percentile(full, 0.95)
    print(f"check, full lists:    p50 {full_p50:.3f} ms  p95 {full_p95:.3f} ms  ({len(full)} calls)")

    time_goal = IMPORT_SECONDS_GOAL * max(args.numbers, 1) / IMPORT_GOAL_NUMBERS
    ratio = full_p95 / empty_p95 if empty_p95 else float("inf")
    misses = []
    if status != "done" or loaded != args.numbers:
        misses.append(f"import {status} with {loaded:,} of {args.numbers:,} numbers")
    if seconds > time_goal:
        misses.append(f"import took {seconds:.1f} s, goal ≤ {time_goal:.1f} s")
    if hwm > MEMORY_GOAL_BYTES:
        misses.append(f"import peak memory {hwm / 2**20:.0f} MB, goal ≤ {MEMORY_GOAL_BYTES / 2**20:.0f} MB")
    if ratio > P95_RATIO:
        misses.append(f"check p95 {full_p95:.3f} ms is {ratio:.2f}× the empty-list p95, goal ≤ {P95_RATIO}×")
    print(
        f"goals: import ≤ {time_goal:.1f} s (got {seconds:.1f}), memory ≤ 1024 MB (got {hwm / 2**20:.0f}), "
        f"p95 ratio ≤ {P95_RATIO} (got {ratio:.2f})"
    )
    for miss in misses:
        print(f"MISSED: {miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
