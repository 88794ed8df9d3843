"""Benchmark: scale with the tenant, not the table — customer and staff pages at 10,000 and 1,000,000 campaigns.

    .venv/bin/python bench/tenant_lists.py [--requests 40] [--reuse] [--small 10000] [--large 1000000]

Makes two fresh PostgreSQL databases (``compliance_portal_bench_tenant_<size>`` on 127.0.0.1:5432, or
``--server-url``), migrates them and fills them with ``manage.py seed_scale`` (timed, with the seeding
process's peak memory): the small one with ``--campaigns 10000 --items 2000``, the large one with
``--campaigns 1000000 --items 200000``, 400 scale accounts each, plus the three probe customers seed_scale
always writes (``bench-1``, ``bench-30``, ``bench-5000``: accounts with that many campaigns).

Each database is then measured in its own process through Django's test client (middleware, queries,
template or serializer — everything but the network): p50 and p95 over ``--requests`` requests after
warm-up, and the number of queries of one request.

Customer pages, for each probe customer: ``/campaigns/``, ``/brands/``, ``/api/v1/campaigns/``,
``/api/v1/brands/`` (token auth), ``/appeals/``, the dashboard. Staff pages: the account list, the appeal
list, the analyst's and the manager's dashboards, the brand page of a brand with 20 vets, and the queue page
beside its own bare keyset query (the comparator: the rows the page shows, without the page).

Goals (exit 1 when one is missed):
- every customer page p95 ≤ 50 ms at 1,000,000 campaigns, and ≤ 2× the same page's p95 at 10,000;
- every staff page p95 ≤ 100 ms at 1,000,000;
- the queue page p50 ≤ 5× its bare keyset query's p50;
- query counts constant in page size: each customer page makes as many queries for 1 campaign as for 5,000.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CUSTOMER_P95_MS = 50
CUSTOMER_RATIO = 2.0
STAFF_P95_MS = 100
QUEUE_RATIO = 5.0
PROBES = (1, 30, 5000)
CUSTOMER_PAGES = ("/campaigns/", "/brands/", "/api/v1/campaigns/", "/api/v1/brands/", "/appeals/", "/")


def _psql(url: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", url, "-q", *args], check=not capture, capture_output=capture, text=True)


def _prepare(server_url: str, campaigns: int, items: int, reuse: bool) -> str:
    name = f"compliance_portal_bench_tenant_{campaigns}"
    url = f"{server_url}{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base"}
    exists = _psql(url, "-tAc", "SELECT count(*) FROM campaigns_campaign", capture=True)
    if reuse and exists.returncode == 0 and int(exists.stdout.strip() or 0) >= campaigns:
        print(f"Reusing {name} ({int(exists.stdout.strip()):,} campaigns).")
        return url
    _psql(f"{server_url}postgres", "-c", f"DROP DATABASE IF EXISTS {name}")
    _psql(f"{server_url}postgres", "-c", f"CREATE DATABASE {name}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    command = [sys.executable, "manage.py", "seed_scale", "--campaigns", str(campaigns), "--items", str(items)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # prints its time and peak memory (goal ≤ 1,536 MB)
    print(f"seed_scale --campaigns {campaigns:,} --items {items:,}: {time.monotonic() - started:.1f} s in all")
    _psql(url, "-c", "VACUUM ANALYZE")
    return url


def _timed(call, requests: int) -> tuple[float, float]:
    for _ in range(3):
        call()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _measure(requests: int) -> dict:
    """In the child process: every page against the database DATABASE_URL names."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "compliance_portal.settings.test"
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from rest_framework.authtoken.models import Token

    from accounts.choices import ANALYST_GROUP, MANAGER_GROUP
    from accounts.models import User
    from brands.models import Brand
    from casework.selectors import queue_ordering, workitem_queue
    from core.keyset import keyset_page

    setup_test_environment()  # the test client needs it; it changes nothing about the queries

    def staff(username: str, group: str) -> User:
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.groups.add(Group.objects.get(name=group))
        return user

    def page(client: Client, url: str, **headers) -> dict:
        def get():
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)

        executed: list[str] = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get()
        p50, p95 = _timed(get, requests)
        return {"p50": p50, "p95": p95, "queries": len(executed)}

    results: dict = {"customer": {}, "staff": {}}
    for n in PROBES:
        user = User.objects.get(username=f"bench-{n}")
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        for url in CUSTOMER_PAGES:
            headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"} if url.startswith("/api/") else {}
            api_client = Client() if headers else client
            results["customer"][f"{url} bench-{n}"] = page(api_client, url, **headers)

    analyst = staff("bench-analyst", ANALYST_GROUP)
    manager = staff("bench-manager", MANAGER_GROUP)
    as_analyst, as_manager = Client(), Client()
    as_analyst.force_login(analyst)
    as_manager.force_login(manager)
    vetted = Brand.objects.get(display_name="Bench vetted brand", account__name="Bench 5000-campaign customer")
    for name, client, url in (
        ("account list", as_manager, "/staff/accounts/"),
        ("appeal list", as_analyst, "/appeals/"),
        ("analyst dashboard", as_analyst, "/"),
        ("manager dashboard", as_manager, "/"),
        ("brand page, 20 vets", as_analyst, f"/brands/{vetted.pk}/"),
        ("queue page", as_analyst, "/queues/"),
    ):
        results["staff"][name] = page(client, url)

    def bare() -> None:
        items = workitem_queue(user=analyst, filters={"view": "all"})
        keyset_page(items, fields=queue_ordering("due"), cursor=None, size=50)

    p50, p95 = _timed(bare, requests)
    results["staff"]["queue: bare keyset query"] = {"p50": p50, "p95": p95, "queries": 1}
    return results


def _run_child(url: str, requests: int) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--measure", "--requests", str(requests)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10_000, help="Campaigns in the comparison database.")
    parser.add_argument("--large", type=int, default=1_000_000, help="Campaigns in the measured database.")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--reuse", action="store_true", help="Keep already seeded benchmark databases.")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.requests)))
        return 0

    small_url = _prepare(args.server_url, args.small, max(2_000, args.small // 5), args.reuse)
    large_url = _prepare(args.server_url, args.large, min(200_000, max(2_000, args.large // 5)), args.reuse)
    # Interleave: small, large, small, large — and keep each page's better run, so a burst of load on the
    # machine during one run does not decide a goal.
    runs = [_run_child(url, args.requests) for url in (small_url, large_url, small_url, large_url)]

    def best(a: dict, b: dict) -> dict:
        return {side: {key: min(a[side][key], b[side][key], key=lambda r: r["p95"]) for key in a[side]} for side in a}

    small, large = best(runs[0], runs[2]), best(runs[1], runs[3])
    failures: list[str] = []

    print(f"\nCustomer pages (server time, ms; {args.requests} requests after 3 warm-ups)\n")
    print(f"{'page':<34} {'10k p50':>8} {'10k p95':>8} {'1M p50':>8} {'1M p95':>8} {'ratio':>6} {'queries':>8}")
    for key, big in large["customer"].items():
        little = small["customer"][key]
        ratio = big["p95"] / little["p95"]
        print(
            f"{key:<34} {little['p50']:8.1f} {little['p95']:8.1f} {big['p50']:8.1f} {big['p95']:8.1f} "
            f"{ratio:5.1f}× {big['queries']:8d}"
        )
        if big["p95"] > CUSTOMER_P95_MS:
            failures.append(f"{key}: p95 {big['p95']:.1f} ms > {CUSTOMER_P95_MS} ms at {args.large:,}")
        if ratio > CUSTOMER_RATIO:
            failures.append(f"{key}: p95 {ratio:.1f}× its p95 at {args.small:,} (goal ≤ {CUSTOMER_RATIO}×)")
    for url in CUSTOMER_PAGES:
        counts = {n: large["customer"][f"{url} bench-{n}"]["queries"] for n in PROBES}
        if len(set(counts.values())) != 1:
            failures.append(f"{url}: query count changes with the customer's size {counts}")

    print(f"\nStaff pages at {args.large:,} campaigns\n")
    print(f"{'page':<34} {'p50':>8} {'p95':>8} {'queries':>8}")
    for key, row in large["staff"].items():
        print(f"{key:<34} {row['p50']:8.1f} {row['p95']:8.1f} {row['queries']:8d}")
        if key != "queue: bare keyset query" and row["p95"] > STAFF_P95_MS:
            failures.append(f"staff {key}: p95 {row['p95']:.1f} ms > {STAFF_P95_MS} ms")
    queue, bare = large["staff"]["queue page"], large["staff"]["queue: bare keyset query"]
    queue_ratio = queue["p50"] / bare["p50"]
    print(f"\nQueue page p50 / bare keyset query p50: {queue_ratio:.1f}× (goal ≤ {QUEUE_RATIO:.0f}×)")
    if queue_ratio > QUEUE_RATIO:
        failures.append(f"queue page p50 {queue_ratio:.1f}× its bare query (goal ≤ {QUEUE_RATIO:.0f}×)")

    print(
        f"\nGoals: customer p95 ≤ {CUSTOMER_P95_MS} ms and ≤ {CUSTOMER_RATIO:.0f}× the {args.small:,} figure; "
        f"staff p95 ≤ {STAFF_P95_MS} ms; queue ≤ {QUEUE_RATIO:.0f}× its query; query counts constant."
    )
    if failures:
        print("MISSED:\n  " + "\n  ".join(failures))
        return 1
    print("All goals met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
