"""Benchmark Q2: the queue page against the Django admin changelist of the same 200,000 work items.

    .venv/bin/python bench/queues.py [--items 200000] [--requests 40] [--reuse]

Makes a fresh PostgreSQL database (``compliance_portal_bench`` on 127.0.0.1:5432, or ``--server-url``),
migrates it, fills it with ``manage.py seed_scale --items N`` (timed), then measures the server time of each
page in this process through Django's test client (middleware, queries, template — everything but the
network): p50 and p95 over ``--requests`` requests after warm-up, for the first page, a deep page (around
the middle of the queue) and a filtered + searched page, and the same three views of the admin changelist.
Goal: queue page p95 ≤ 100 ms and ≥ 3× faster than the admin. ``--reuse`` keeps an already seeded database.
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
GOAL_RATIO = 3.0
DB_NAME = "compliance_portal_bench"


def _psql(server_url: str, sql: str) -> None:
    subprocess.run(["psql", f"{server_url}postgres", "-q", "-c", sql], check=True)


def _prepare(server_url: str, items: int, reuse: bool) -> str:
    url = f"{server_url}{DB_NAME}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base"}
    exists = subprocess.run(
        ["psql", url, "-tAc", "SELECT count(*) FROM casework_workitem"], capture_output=True, text=True
    )
    if reuse and exists.returncode == 0 and int(exists.stdout.strip() or 0) >= items:
        print(f"Reusing {DB_NAME} ({exists.stdout.strip()} work items).")
        subprocess.run(["psql", url, "-q", "-c", "VACUUM ANALYZE"], check=True)
        return url
    _psql(server_url, f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(server_url, f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "seed_scale", "--items", str(items)], cwd=ROOT, env=env, check=True)
    print(f"seed_scale --items {items}: {time.monotonic() - started:.1f} s (goal ≤ 120 s)")
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
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--reuse", action="store_true", help="Keep an already seeded benchmark database.")
    args = parser.parse_args()

    url = _prepare(args.server_url, args.items, args.reuse)
    os.environ.update(
        {
            "DATABASE_URL": url,
            # DEBUG off, static files from the finders (no collectstatic step needed for a benchmark)
            "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.test",
        }
    )
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import User
    from casework.models import WorkItem
    from core.keyset import _encode

    setup_test_environment()  # the test client needs it; it changes nothing about the queries
    manager, _ = User.objects.get_or_create(username="bench-manager", defaults={"is_staff": True, "is_superuser": True})
    client = Client()
    client.force_login(manager)

    total = WorkItem.objects.open().count()
    middle = WorkItem.objects.open().order_by("sla_due", "id").values_list("sla_due", "id")[total // 2]
    cursor = _encode("n", list(middle))
    search = "harbor"
    scenarios = [
        ("first page", "/queues/", "/admin/casework/workitem/"),
        (
            f"deep page (row {total // 2:,})",
            f"/queues/?cursor={cursor}",
            f"/admin/casework/workitem/?p={total // 2 // 100}",
        ),
        (
            f"campaigns, search “{search}”",
            f"/queues/campaign/?q={search}",
            f"/admin/casework/workitem/?kind__exact=campaign&closed_at__isempty=1&q={search}",
        ),
    ]
    print(f"\n{total:,} open work items; {args.requests} requests per page after 3 warm-ups; server time in ms\n")
    print(f"{'page':<34} {'queue p50':>9} {'queue p95':>9} {'admin p50':>9} {'admin p95':>9} {'ratio p95':>9}")
    ok = True
    for name, queue_url, admin_url in scenarios:
        q50, q95, _ = _measure(client, queue_url, args.requests)
        a50, a95, _ = _measure(client, admin_url, args.requests)
        ratio = a95 / q95
        ok = ok and q95 <= GOAL_P95_MS and ratio >= GOAL_RATIO
        print(f"{name:<34} {q50:9.1f} {q95:9.1f} {a50:9.1f} {a95:9.1f} {ratio:8.1f}×")
    verdict = "met" if ok else "MISSED"
    print(f"\nGoal (queue p95 ≤ {GOAL_P95_MS} ms and ≥ {GOAL_RATIO:.0f}× faster than the admin): {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
