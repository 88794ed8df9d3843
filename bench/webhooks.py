"""Benchmark N1 webhooks: 10,000 events to 100 endpoints on loopback through a real Celery worker.

    .venv/bin/python bench/webhooks.py [--events 10000] [--endpoints 100] [--quick] [--concurrency 16]

Makes a fresh PostgreSQL database (``compliance_portal_bench_webhooks`` on 127.0.0.1:5432, or ``--server-url``),
migrates it, creates ``--endpoints`` accounts, each with a customer user and one webhook endpoint on a receiver on
127.0.0.1 (http.server in a thread of this process): 80 % answer at once, 10 % after 200 ms, 10 % fail with 500.
A real Celery worker (a child process, thread pool, Redis broker database 11, its own queue) sends the deliveries.

Each event is caused the way a web request causes one: a transaction that audits a customer-visible change (a
sub-account suspended); the notifications receiver turns it into an event, inbox rows and, after commit, one task.
Measured:

* the cost on that request: p95 of the transaction (commit and task enqueue included) with the notifications
  receiver connected ("on") and disconnected ("off"), interleaved in the same run. Goal: p95(on) − p95(off) ≤ 2 ms.
* deliveries per second: first attempts done (succeeded or failed) per second, from the first commit to the last
  attempt.
* commit → delivery: p50/p95 from each event's commit to its arrival at the receiver (successful first attempts).

Exit status 1 if the request-overhead goal is missed. ``--quick``: 500 events to 20 endpoints (a smoke run).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "compliance_portal_bench_webhooks"
REDIS_URL = "redis://127.0.0.1:6379/11"
QUEUE = "bench-webhooks"
GOAL_OVERHEAD_MS = 2.0
OFF_EVERY = 4  # one "off" request after every four "on" ones


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _env(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "WEBHOOK_TIMEOUT_SECONDS": "5",
        # The failing tenth would otherwise be turned off after 100 failures; keep them failing for the whole run.
        "WEBHOOK_DISABLE_AFTER_FAILURES": "1000000",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def _prepare(server_url: str) -> str:
    url = f"{server_url}{DB_NAME}"
    subprocess.run(["psql", f"{server_url}postgres", "-q", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
    subprocess.run(["psql", f"{server_url}postgres", "-q", "-c", f"CREATE DATABASE {DB_NAME}"], check=True)
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=_env(url), check=True)
    print(f"migrate: {time.monotonic() - started:.1f} s")
    return url


def _start_worker(url: str, concurrency: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "compliance_portal",
            "worker",
            "-Q",
            QUEUE,
            "--pool",
            "threads",
            "-c",
            str(concurrency),
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=_env(url),
        start_new_session=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--endpoints", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="500 events to 20 endpoints")
    parser.add_argument("--concurrency", type=int, default=16, help="worker threads")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to wait for the deliveries")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    args = parser.parse_args()
    if args.quick:
        args.events, args.endpoints = 500, 20

    url = _prepare(args.server_url)
    os.environ.update(_env(url))
    import django

    django.setup()
    import redis
    from django.db import connection, transaction
    from django.db.models import Max, Min
    from django.db.models.signals import post_save

    from accounts.models import Account, SubAccount, User
    from audit.models import AuditEvent
    from audit.services import audit_record
    from notifications import receivers
    from notifications.models import Event, WebhookDelivery, WebhookEndpoint
    from tests.notifications.receiver import start_receiver

    redis.Redis.from_url(REDIS_URL).flushdb()
    receiver = start_receiver()
    worker = _start_worker(url, args.concurrency)
    try:
        subs = []
        for i in range(args.endpoints):
            account = Account.objects.create(name=f"Bench webhooks {i:03d}")
            User.objects.create_user(username=f"bench-wh-{i:03d}", account=account, email=f"wh{i}@example.com")
            subs.append(SubAccount.objects.create(account=account, name=f"Bench sub {i:03d}"))
            path = "/fail" if i % 10 == 9 else "/slow/200" if i % 10 == 8 else "/ok"
            WebhookEndpoint.objects.create(account=account, url=receiver.url(path), secret=f"whsec_bench_{i}")
        expected_ok = sum(1 for i in range(args.events) if (i % args.endpoints) % 10 < 9)
        time.sleep(2)  # the worker connects to the broker

        on_ms, off_ms, committed = [], [], {}
        first_commit = time.time()

        def request(sub, *, notify: bool) -> float:
            if not notify:
                post_save.disconnect(sender=AuditEvent, dispatch_uid="notifications_from_audit")
            started = time.perf_counter()
            with transaction.atomic():
                audit_record(
                    actor=None, subject=sub, action="suspend", from_state="active", to_state="suspended", reason="Bench"
                )
            elapsed = (time.perf_counter() - started) * 1000
            if not notify:
                post_save.connect(
                    receivers.event_from_audit, sender=AuditEvent, dispatch_uid="notifications_from_audit"
                )
            return elapsed

        for i in range(args.events):
            on_ms.append(request(subs[i % len(subs)], notify=True))
            committed[i] = time.time()
            if i % OFF_EVERY == OFF_EVERY - 1:
                off_ms.append(request(subs[i % len(subs)], notify=False))
        produced = time.time() - first_commit
        print(f"{args.events} events committed in {produced:.1f} s")

        deadline = time.monotonic() + args.timeout
        while time.monotonic() < deadline:
            attempted = WebhookDelivery.objects.filter(attempts__gte=1).count()
            if attempted >= args.events:
                break
            time.sleep(0.5)
        attempted = WebhookDelivery.objects.filter(attempts__gte=1).count()
        span = WebhookDelivery.objects.aggregate(first=Min("created_at"), last=Max("attempt_log__at"))
        # Commit time of each event, by its webhook id (events are numbered in commit order).
        ids = list(Event.objects.order_by("id").values_list("public_id", flat=True))
        commit_of = {f"evt_{pid.hex}": committed[i] for i, pid in enumerate(ids) if i in committed}
        lags = []
        for request_seen in receiver.requests:
            if request_seen.path.startswith("/fail"):
                continue
            event_id = json.loads(request_seen.body)["id"]
            if event_id in commit_of:
                lags.append((request_seen.at - commit_of[event_id]) * 1000)
        last_attempt = span["last"].timestamp() if span["last"] else time.time()
        rate = attempted / max(last_attempt - first_commit, 1e-9)
        overhead = _p(on_ms, 0.95) - _p(off_ms, 0.95)
        result = {
            "events": args.events,
            "endpoints": args.endpoints,
            "worker_threads": args.concurrency,
            "first_attempts_done": attempted,
            "delivered_ok": len(lags),
            "expected_ok": expected_ok,
            "deliveries_per_second": round(rate, 1),
            "commit_to_delivery_ms": {"p50": round(_p(lags, 0.5), 1), "p95": round(_p(lags, 0.95), 1)},
            "request_ms": {
                "on": {"p50": round(_p(on_ms, 0.5), 3), "p95": round(_p(on_ms, 0.95), 3), "n": len(on_ms)},
                "off": {"p50": round(_p(off_ms, 0.5), 3), "p95": round(_p(off_ms, 0.95), 3), "n": len(off_ms)},
                "overhead_p95": round(overhead, 3),
                "overhead_mean": round(statistics.fmean(on_ms) - statistics.fmean(off_ms), 3),
            },
            "goal_overhead_p95_ms": GOAL_OVERHEAD_MS,
        }
        print(json.dumps(result, indent=2))
        ok = overhead <= GOAL_OVERHEAD_MS and attempted >= args.events
        print(
            f"request overhead p95 {overhead:.2f} ms (goal ≤ {GOAL_OVERHEAD_MS} ms): {'met' if ok else 'MISSED'}; "
            f"{rate:.0f} deliveries/s; commit → delivery p95 {_p(lags, 0.95):.0f} ms"
        )
        return 0 if ok else 1
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        receiver.stop()
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
