"""Benchmark M2.5 (part (c) of the traffic benchmarks): the staff traffic-health overview and a sub-account's
90-day chart page over 10,000 sub-accounts × 90 days of daily figures, beside ``/healthz`` in the same run.

    .venv/bin/python bench/traffic_health_pages.py [--sub-accounts 10000] [--requests 40] [--reuse] [--quick]

Makes a fresh PostgreSQL database (``traffic_health_bench`` on 127.0.0.1:5432, or ``--server-url``), migrates it,
writes the figures with ``manage.py seed_traffic`` (COPY) and judges them with ``manage.py health_rebuild``
(timed), then measures the server time of each page in this process through Django's test client (middleware,
queries, template — everything but the network): p50 and p95 over ``--requests`` requests after warm-up, for
the overview's first page, a deep page, the riskiest sub-account's chart page and a quiet one's, and ``/healthz``
and the staff sub-account list (the comparators: the cheapest response the portal serves, and a plain 50-row
staff page in the same base template — the floor any page here pays — measured under the same load).
Goal: every page's p95 ≤ 100 ms. ``--quick``: 500 sub-accounts and 10 requests (a smoke run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOAL_P95_MS = 100
DB_NAME = "traffic_health_bench"
DAYS = 90


def _psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url}postgres", "-q", "-c", sql], check=True)


def _prepare(server_url: str, sub_accounts: int, reuse: bool) -> str:
    url = f"{server_url}{DB_NAME}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base"}
    exists = subprocess.run(
        ["psql", url, "-tAc", "SELECT count(*) FROM health_healthstanding"], capture_output=True, text=True
    )
    if reuse and exists.returncode == 0 and int(exists.stdout.strip() or 0) >= sub_accounts:
        print(f"Reusing {DB_NAME} ({exists.stdout.strip()} judged sub-accounts).")
        return url
    _psql(server_url, f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(server_url, f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    for command in (
        ["seed_traffic", "--sub-accounts", str(sub_accounts), "--days", str(DAYS)],
        ["health_rebuild"],
    ):
        started = time.monotonic()
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
        print(f"manage.py {' '.join(command)}: {time.monotonic() - started:.1f} s")
    subprocess.run(["psql", url, "-q", "-c", "VACUUM ANALYZE"], check=True)
    return url


def _measure(client, url: str, requests: int) -> tuple[float, float, int]:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sub-accounts", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--reuse", action="store_true", help="Keep an already seeded benchmark database.")
    parser.add_argument("--quick", action="store_true", help="Smoke run: 500 sub-accounts, 10 requests.")
    args = parser.parse_args()
    if args.quick:
        args.sub_accounts, args.requests = min(args.sub_accounts, 500), min(args.requests, 10)

    url = _prepare(args.server_url, args.sub_accounts, args.reuse)
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.test"})
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from health.models import DayVerdict, HealthStanding
    from health.selectors import standing_overview

    setup_test_environment()  # the test client needs it; it changes nothing about the queries
    staff, _ = User.objects.get_or_create(username="bench-manager", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(staff)

    standings = HealthStanding.objects.count()
    days = DayVerdict.objects.count()
    riskiest = standing_overview().values_list("sub_account_id", flat=True).first()
    quietest = HealthStanding.objects.order_by("score", "id").values_list("sub_account_id", flat=True).first()
    deep = max(1, standings // 50 // 2)
    scenarios = [
        ("overview, first page", "/traffic/health/"),
        (f"overview, page {deep}", f"/traffic/health/?page={deep}"),
        ("chart page, riskiest sub-account", f"/traffic/health/sub-accounts/{riskiest}/"),
        ("chart page, quietest sub-account", f"/traffic/health/sub-accounts/{quietest}/"),
        ("/healthz (comparator)", "/healthz"),
        ("staff sub-account list (comparator)", "/sub-accounts/"),
    ]
    print(f"\n{standings:,} judged sub-accounts, {days:,} judged days; {args.requests} requests per page after 3 "
          "warm-ups; server time in ms\n")  # fmt: skip
    print(f"{'page':<36} {'p50':>8} {'p95':>8} {'bytes':>9}")
    ok = True
    results = {}
    for name, path in scenarios:
        p50, p95, size = _measure(client, path, args.requests)
        results[name] = p95
        if "comparator" not in name:
            ok = ok and p95 <= GOAL_P95_MS
        print(f"{name:<36} {p50:8.1f} {p95:8.1f} {size:9,}")
    comparator = results["/healthz (comparator)"]
    worst = max(v for k, v in results.items() if "comparator" not in k)
    print(f"\nWorst page p95 {worst:.1f} ms = {worst / comparator:.1f}× /healthz's p95 ({comparator:.1f} ms).")
    print(f"Goal (every page p95 ≤ {GOAL_P95_MS} ms): {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
