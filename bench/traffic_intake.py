"""Benchmark the traffic intake (M2.1): signed provider callbacks over HTTP, and a bulk load rolled up.

    .venv/bin/python bench/traffic_intake.py [--seconds 30] [--events 10000000] [--clients 16] [--reuse]
    .venv/bin/python bench/traffic_intake.py --quick      # smoke run: 5 s per endpoint, 200,000 events

Makes a fresh PostgreSQL database ``compliance_portal_bench_events`` (on 127.0.0.1:5432 or ``--server-url``),
migrates it and runs ``manage.py seed_demo`` (customer-a's sender ids), then:

(a) **Callbacks over HTTP.** gunicorn with 4 sync workers (production-like settings: Celery on Redis db 9, so
    nothing rolls up on the request path; the ``events-rollup`` job does it), and ``--clients`` loopback client
    processes posting Twilio-shaped status callbacks signed with twilio's ``RequestValidator`` (each message
    ``sent`` then ``delivered``, 5 % redelivered) to a callback URL with a verified auth token, for
    ``--seconds``. In the same run and the same way, for the same duration: ``GET /healthz`` and an
    authenticated no-op API endpoint (``GET /api/v1/me/`` with a token). Reported: accepted requests/s and
    p50/p95 latency of each. Goals: ≥ 1,000 accepted callbacks/s and callback p95 ≤ 2 × /healthz's p95.

(b) **Bulk load and roll-up.** ``--events`` message events (about half ``sent``, half final outcomes, some
    inbound replies) for 1,000 sub-accounts over 7 days, streamed by COPY into the staging table and stored by
    the bulk path's set-based statements (``events.bulk.load_staged``: the MessageSeen anchors, then the
    partitioned events with ON CONFLICT DO NOTHING), then rolled up into DailyFigure
    (``events.services.figures_rollup``). Reported: seconds per phase and in all, and this process's peak
    memory (PostgreSQL's own memory is the server's). Goals: ≤ 120 s and ≤ 1 GB. The roll-up is timed with
    ``figures_updated``'s receivers set aside; those (the health app judging each changed day) are then timed
    on their own for ``--judge-days`` of the changed days and extrapolated, outside the goal.

Exit 1 when a goal is missed. The numbers depend on the machine: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DB_NAME = "compliance_portal_bench_events"
TWILIO_TOKEN = "bench0auth0token0f4c1d2e3b4a5968"
GOAL_RATE = 1000.0
GOAL_RATIO = 2.0
GOAL_LOAD_SECONDS = 120.0
GOAL_LOAD_MB = 1024.0

SETUP = f"""
from accounts.models import User
from rest_framework.authtoken.models import Token
from senders.models import SenderId
from events.services import hook_create
customer = User.objects.get(username="customer-a")
held = SenderId.objects.held().filter(account_id=customer.account_id, status="active")
senders = list(held.values_list("number", flat=True))
made = hook_create(actor=customer, provider="twilio", label="bench", credential="{TWILIO_TOKEN}")
token, _ = Token.objects.get_or_create(user=customer)
print("SETUP", made.secret, token.key, ",".join(senders))
"""


def _psql(url: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["psql", url, "-q", *args], check=not capture, capture_output=capture, text=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(url: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base",
        "CELERY_BROKER_URL": redis_url,
        # Throttles would cap a benchmark client; the hook itself is not a DRF view and has none.
        "API_THROTTLE_USER": "10000000/min",
        "API_THROTTLE_ANON": "10000000/min",
    }


def _prepare(server_url: str, redis_url: str, reuse: bool) -> str:
    url = f"{server_url}{DB_NAME}"
    env = _env(url, redis_url)
    seeded = _psql(url, "-tAc", "SELECT count(*) FROM senders_senderid", capture=True)
    if not (reuse and seeded.returncode == 0 and int(seeded.stdout.strip() or 0) > 0):
        _psql(f"{server_url}postgres", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}")
        _psql(f"{server_url}postgres", "-c", f"CREATE DATABASE {DB_NAME}")
        # Seeded eagerly (no broker), like the embedded default.
        seed_env = {**env, "CELERY_BROKER_URL": "memory://"}
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=seed_env, check=True)
        subprocess.run(
            [PYTHON, "manage.py", "seed_demo"], cwd=ROOT, env=seed_env, check=True, stdout=subprocess.DEVNULL
        )
    return url


# --- (a) HTTP ------------------------------------------------------------------------------------------------


def _twilio_requests(path: str, host: str, senders: list[str], count: int, seed: int) -> list[tuple[bytes, dict]]:
    """Pre-built signed callbacks: each message sent, then delivered; 5 % of the deliveries posted twice."""
    from twilio.request_validator import RequestValidator

    validator = RequestValidator(TWILIO_TOKEN)
    rnd = random.Random(seed)
    out: list[tuple[bytes, dict]] = []
    while len(out) < count:
        sid = "SM" + uuid.UUID(int=rnd.getrandbits(128)).hex
        sender = rnd.choice(senders)
        to = f"+1555{rnd.randint(0, 9_999_999):07d}"
        statuses = ["sent", "delivered"] + (["delivered"] if rnd.random() < 0.05 else [])
        for status in statuses:
            params = {
                "SmsSid": sid, "SmsStatus": status, "MessageStatus": status, "To": to, "MessageSid": sid,
                "AccountSid": "AC3f8b2d9e4c1a7b6d5e0f9a8b7c6d5e4f", "From": sender, "ApiVersion": "2010-04-01",
            }  # fmt: skip
            signature = validator.compute_signature(f"http://{host}{path}", params)
            headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
            out.append((urlencode(params).encode(), headers))
    return out


def _client(kind, port, path, token, senders, seconds, seed, results):
    """One client process: requests back to back for ``seconds``; (latencies of 2xx, failures)."""
    host = f"127.0.0.1:{port}"
    prepared = _twilio_requests(path, host, senders, 40_000, seed) if kind == "callback" else None
    latencies, failures, i = [], 0, 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        conn = HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.perf_counter()
        try:
            if kind == "callback":
                body, headers = prepared[i % len(prepared)]
                i += 1
                conn.request("POST", path, body=body, headers=headers)
            elif kind == "api":
                conn.request("GET", path, headers={"Authorization": f"Token {token}"})
            else:
                conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = 200 <= response.status < 300
        except OSError:
            ok = False
        finally:
            conn.close()
        if ok:
            latencies.append((time.perf_counter() - started) * 1000)
        else:
            failures += 1
    results.put((latencies, failures))


def _measure(kind, port, path, token, senders, seconds, clients) -> tuple[float, float, float, int]:
    results: mp.Queue = mp.Queue()
    procs = [
        mp.Process(target=_client, args=(kind, port, path, token, senders, seconds, n * 7919 + 1, results))
        for n in range(clients)
    ]
    for p in procs:
        p.start()
    latencies, failures = [], 0
    for _ in procs:
        lat, fail = results.get()
        latencies.extend(lat)
        failures += fail
    for p in procs:
        p.join()
    latencies.sort()
    rate = len(latencies) / seconds
    p50 = statistics.median(latencies) if latencies else float("nan")
    p95 = latencies[int(len(latencies) * 0.95) - 1] if latencies else float("nan")
    return rate, p50, p95, failures


def http_phase(url: str, redis_url: str, seconds: float, clients: int) -> bool:
    env = _env(url, redis_url)
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    line = next(x for x in out.stdout.splitlines() if x.startswith("SETUP "))
    _, secret, token, senders = line.split(" ")
    senders = senders.split(",")
    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "compliance_portal.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout", "60",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        hook = f"/hooks/status/twilio/{secret}/"
        # Warm every worker (imports, connections, caches) before measuring.
        for kind, path in (("healthz", "/healthz"), ("api", "/api/v1/me/"), ("callback", hook)):
            _measure(kind, port, path, token, senders, 1.0, clients)
        print(f"\n(a) {clients} loopback clients, {seconds:.0f} s per endpoint, gunicorn -w 4 (sync workers)\n")
        print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'failed':>7}")
        rows = {}
        for label, kind, path in (
            ("GET /healthz", "healthz", "/healthz"),
            ("GET /api/v1/me/ (token)", "api", "/api/v1/me/"),
            ("POST Twilio callback (signed)", "callback", hook),
        ):
            rows[kind] = _measure(kind, port, path, token, senders, seconds, clients)
            rate, p50, p95, failed = rows[kind]
            print(f"{label:<34} {rate:8.0f} {p50:8.1f} {p95:8.1f} {failed:7d}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    rate, _, p95, failed = rows["callback"]
    ratio = p95 / rows["healthz"][2]
    ok = rate >= GOAL_RATE and ratio <= GOAL_RATIO and failed == 0
    print(
        f"\nGoal (≥ {GOAL_RATE:,.0f} callbacks/s, p95 ≤ {GOAL_RATIO:.0f}× /healthz's, none failed): "
        f"{rate:,.0f}/s, {ratio:.2f}× — {'met' if ok else 'MISSED'}"
    )
    return ok


# --- (b) bulk load + roll-up ---------------------------------------------------------------------------------


def load_phase(url: str, redis_url: str, events: int, judge_days: int) -> bool:
    os.environ.update(
        {k: v for k, v in _env(url, redis_url).items() if k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    )
    os.environ["CELERY_BROKER_URL"] = redis_url
    subprocess.run([PYTHON, "manage.py", "seed_traffic", "--sub-accounts", "1000", "--days", "1"], cwd=ROOT,
                   env=_env(url, redis_url), check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    import django

    django.setup()
    from django.db import connection, transaction

    from accounts.models import SubAccount
    from events import bulk
    from events.services import figures_rollup
    from events.signals import figures_updated

    subs = list(SubAccount.objects.filter(name__startswith="Scale ").values_list("id", "account_id").order_by("id"))[
        :1000
    ]
    today = dt.datetime.now(dt.UTC).date()
    days = [today - dt.timedelta(days=n) for n in range(1, 8)]
    rnd = random.Random(42)
    run = uuid.uuid4().hex[:8]
    print(f"\n(b) {events:,} events for {len(subs):,} sub-accounts over {len(days)} days\n")
    timings = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        bulk.create_stage(cursor)
        t0 = time.perf_counter()
        written = 0
        with cursor.cursor.copy(f"COPY events_stage ({', '.join(bulk.STAGE_COLUMNS)}) FROM STDIN") as copy:
            chunk: list[str] = []
            n = 0
            while written < events:
                sub_id, account_id = subs[n % len(subs)]
                day = days[(n // len(subs)) % len(days)]
                at = f"{day}T{rnd.randint(8, 20):02d}:{rnd.randint(0, 59):02d}:00+00:00"
                mid = f"{run}-{n}"
                sender = f"+1202555{n % 10000:04d}"
                person = f"+1555{rnd.randint(0, 9_999_999):07d}"
                chunk.append(f"{account_id}\t{sub_id}\t{mid}\t1\tsent\t\t{sender}\t{person}\t{at}\t{day}\t\t\n")
                roll = rnd.random()
                if roll < 0.03:
                    chunk.append(
                        f"{account_id}\t{sub_id}\t{mid}\t2\terror\t30007\t{sender}\t{person}\t{at}\t{day}\t\t\n"
                    )
                else:
                    chunk.append(
                        f"{account_id}\t{sub_id}\t{mid}\t2\tdelivered\t\t{sender}\t{person}\t{at}\t{day}\t\t\n"
                    )
                written += 2
                if roll > 0.99:
                    kind, text = ("opt_out", "STOP") if roll > 0.998 else ("", "Thanks")
                    chunk.append(
                        f"{account_id}\t{sub_id}\t{mid}-r\t3\treceived\t\t{sender}\t{person}\t{at}\t{day}\t{kind}\t{text}\n"
                    )
                    written += 1
                n += 1
                if len(chunk) >= 20_000:
                    copy.write("".join(chunk))
                    chunk.clear()
            copy.write("".join(chunk))
        timings["generate + COPY to staging"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        outcome = bulk.load_staged(cursor, days=set(days))
        timings["anchors + partitioned insert"] = time.perf_counter() - t0
    # The roll-up's own cost first, with figures_updated's receivers (the health app judging each changed day)
    # set aside; then those receivers, timed on their own, for the same days.
    receivers = figures_updated.receivers
    figures_updated.receivers = []
    figures_updated.sender_receivers_cache.clear()
    try:
        t0 = time.perf_counter()
        changed = figures_rollup(days=days)
        timings["roll-up (DailyFigure upsert)"] = time.perf_counter() - t0
    finally:
        figures_updated.receivers = receivers
        figures_updated.sender_receivers_cache.clear()
    total = time.perf_counter() - started
    t0 = time.perf_counter()
    judged = 0
    with transaction.atomic():
        for sub_account_id, day in changed[:judge_days]:
            figures_updated.send(sender=None, sub_account_id=sub_account_id, day=day)
            judged += 1
    receivers_seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for phase, seconds in timings.items():
        print(f"{phase:<34} {seconds:8.1f} s")
    print(f"{'in all':<34} {total:8.1f} s   ({outcome.stored:,} stored, {len(changed):,} figures changed)")
    if judged:
        per_day = receivers_seconds / judged * 1000
        print(
            f"{'figures_updated receivers':<34} {receivers_seconds:8.1f} s   ({judged:,} of the changed days, "
            f"{per_day:.1f} ms a day: {per_day * len(changed) / 1000:.0f} s for all {len(changed):,}; not in the goal)"
        )
    print(f"{'peak memory of this process':<34} {peak_mb:8.0f} MB")
    ok = outcome.stored == written and total <= GOAL_LOAD_SECONDS and peak_mb <= GOAL_LOAD_MB
    print(
        f"\nGoal (all {written:,} stored, ≤ {GOAL_LOAD_SECONDS:.0f} s, ≤ {GOAL_LOAD_MB:,.0f} MB): "
        f"{'met' if ok else 'MISSED'}" + ("" if events >= 10_000_000 else f" (smoke run of {events:,} events)")
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30.0, help="measuring time per endpoint (default 30)")
    parser.add_argument("--events", type=int, default=10_000_000, help="events to bulk-load (default 10,000,000)")
    parser.add_argument("--clients", type=int, default=16, help="loopback client processes (default 16)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 5 s per endpoint, 200,000 events")
    parser.add_argument(
        "--judge-days", type=int, default=200, help="changed days whose figures_updated receivers are timed (200)"
    )
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded benchmark database")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.events = 5.0, 200_000
    url = _prepare(args.server_url, args.redis_url, args.reuse)
    ok = True
    if not args.skip_http:
        ok = http_phase(url, args.redis_url, args.seconds, args.clients) and ok
    if not args.skip_load:
        ok = load_phase(url, args.redis_url, args.events, args.judge_days) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
