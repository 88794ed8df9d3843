"""Benchmark: the at-send check (``POST /api/v1/traffic/check/``) under load, beside two comparators.

    .venv/bin/python bench/send_check.py [--seconds 30] [--clients 2] [--threads 8] [--workers 4]

Makes a fresh PostgreSQL database (``cp_bench_send_check`` on 127.0.0.1:5432, or ``--server-url``), migrates it
and seeds one account with 50 sub-accounts, each with an approved brand and campaign holding a sender id (through
the real services), 20 countries enabled on the account with MPH thresholds (BLOCK_AND_ALERT and ALERT_ONLY),
and every fifth sub-account overriding five countries with a low threshold of its own (its own bucket, M1.4).
Starts gunicorn (``--workers`` processes, gthread so connections stay open) with the MPH counters in Redis
(``--redis-url``, database 8, emptied first) and that Redis as the Celery broker (a breach's alert is queued,
as in production; no worker runs, so the measured cost is the check's own).

A loopback load client (``--clients`` processes × ``--threads`` threads, one keep-alive connection each) then
runs, for ``--seconds`` each after ``--warmup`` seconds unmeasured (the lookup caches fill), one after the other:
- the check, with a platform token: random sub-account, country and destination;
- the comparator: ``GET /api/v1/me/``, an authenticated DRF endpoint of the app with a database token lookup;
- ``GET /healthz`` (one ``SELECT 1``).
It prints throughput and p50/p95/p99 of each, then verifies the counters: for every bucket, the messages allowed
(counted by the client) equal the window's sum in Redis and never exceed the threshold of a BLOCK_AND_ALERT bucket.

Goals (exit 1 when one is missed): check p95 ≤ 1.5 × the comparator's p95; check throughput ≥ 1.5 × the
comparator's and ≥ 1,000 requests/s; 0 over-admissions; no response other than 200.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DB_NAME = "cp_bench_send_check"
P95_RATIO = 1.5
THROUGHPUT_RATIO = 1.5
MIN_THROUGHPUT = 1000
COUNTRIES = [
    "US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "BE", "SE",
    "NO", "DK", "FI", "IE", "PT", "AT", "CH", "PL", "AU", "NZ",
]  # fmt: skip
SUB_ACCOUNTS = 50
#: Account-wide thresholds: BLOCK_AND_ALERT on even countries, ALERT_ONLY on every third, none elsewhere.
ACCOUNT_THRESHOLD = 400
#: Every fifth sub-account overrides the first five countries with this low BLOCK_AND_ALERT threshold.
OWN_THRESHOLD = 2

SETUP = """
import json
from accounts.models import Account, SubAccount
from rest_framework.authtoken.models import Token
from tests.accounts.factories import UserFactory
from tests.traffic.factories import sending_sub_account, set_permission, platform_token
from tests.accounts.factories import UserFactory
analyst = UserFactory(username="bench-analyst", role="analyst")
account = Account.objects.create(name="Bench ISV")
customer = UserFactory(username="bench-customer", account=account)
countries = COUNTRIES
plan = {"account": account.pk, "subs": [], "buckets": {}}
for index, code in enumerate(countries):
    response = "BLOCK_AND_ALERT" if index % 2 == 0 else ("ALERT_ONLY" if index % 3 == 0 else "IGNORE")
    threshold = ACCOUNT_THRESHOLD if response != "IGNORE" else None
    set_permission(account=account, country=code, mph_threshold=threshold, breach_response=response, block_hours=1)
    plan["buckets"][f"a:{code}"] = [threshold, response]
for n in range(SUB_ACCOUNTS):
    sub = SubAccount.objects.create(account=account, name=f"Bench brand {n}")
    _, number = sending_sub_account(customer=customer, sub_account=sub, analyst=analyst)
    own = []
    if n % 5 == 0:
        for code in countries[:5]:
            set_permission(account=account, sub_account=sub, country=code, mph_threshold=OWN_THRESHOLD,
                           breach_response="BLOCK_AND_ALERT", block_hours=1)
            plan["buckets"][f"s{sub.pk}:{code}"] = [OWN_THRESHOLD, "BLOCK_AND_ALERT"]
            own.append(code)
    plan["subs"].append([sub.pk, number, own])
plan["platform_token"] = platform_token(customer, scopes=["check"])
plan["drf_token"] = Token.objects.create(user=customer).key
print("PLAN" + json.dumps(plan))
"""


def _psql(url: str, *args: str) -> None:
    subprocess.run(["psql", url, "-q", *args], check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _destinations() -> dict[str, str]:
    import phonenumbers

    out = {}
    for code in COUNTRIES:
        number = phonenumbers.example_number_for_type(code, phonenumbers.PhoneNumberType.MOBILE)
        out[code] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return out


def _client(port, kind, plan, seconds, threads, warmup, queue, seed):
    """One load process: ``threads`` threads, one keep-alive connection each, for ``seconds``."""
    destinations = _destinations()
    results = []
    lock = threading.Lock()

    def worker(index):
        rng = random.Random(seed * 1000 + index)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, statuses, allowed = [], Counter(), Counter()
        headers_check = {"Authorization": f"Bearer {plan['platform_token']}", "Content-Type": "application/json"}
        headers_me = {"Authorization": f"Token {plan['drf_token']}"}

        def one(measure: bool):
            if kind == "check":
                sub_id, number, own = rng.choice(plan["subs"])
                country = rng.choice(COUNTRIES)
                body = json.dumps(
                    {"sub_account": sub_id, "from": number, "to": destinations[country], "channel": "sms"}
                )
                started = time.perf_counter()
                conn.request("POST", "/api/v1/traffic/check/", body=body, headers=headers_check)
            elif kind == "noop":
                started = time.perf_counter()
                conn.request("GET", "/api/v1/me/", headers=headers_me)
            else:
                started = time.perf_counter()
                conn.request("GET", "/healthz")
            response = conn.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            # Warm-up checks count in Redis too: tallied always, timed only when measuring.
            if kind == "check" and response.status == 200 and json.loads(data)["allowed"]:
                scope = f"s{sub_id}" if country in own else "a"
                allowed[f"{scope}:{country}"] += 1
            if not measure:
                return
            latencies.append(elapsed)
            statuses[response.status] += 1

        # Warm-up by time: every worker's lookup cache fills (50 sub-accounts × 20 countries per process).
        warm_until = time.monotonic() + warmup
        while time.monotonic() < warm_until:
            one(False)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            one(True)
        conn.close()
        with lock:
            results.append((latencies, statuses, allowed))

    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies, statuses, allowed = [], Counter(), Counter()
    for lat, st, al in results:
        latencies += lat
        statuses.update(st)
        allowed.update(al)
    queue.put((latencies, dict(statuses), dict(allowed)))


def _phase(port, kind, plan, args) -> dict:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    procs = [
        context.Process(target=_client, args=(port, kind, plan, args.seconds, args.threads, args.warmup, queue, n))
        for n in range(args.clients)
    ]
    started = time.monotonic()
    for proc in procs:
        proc.start()
    parts = [queue.get(timeout=args.seconds + 300) for _ in procs]
    for proc in procs:
        proc.join()
    wall = time.monotonic() - started
    latencies, statuses, allowed = [], Counter(), Counter()
    for lat, st, al in parts:
        latencies += lat
        statuses.update(st)
        allowed.update(al)
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")

    # Throughput over the measured window (warm-up excluded): requests / the clients' measuring time.
    return {
        "kind": kind,
        "requests": len(latencies),
        "rps": len(latencies) / args.seconds,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "statuses": dict(statuses),
        "allowed": dict(allowed),
        "wall": wall,
    }


def _verify(plan, allowed, redis_url) -> tuple[int, int, list[str]]:
    """(buckets checked, buckets breached, problems): every bucket's allowed count equals its Redis window sum,
    and never exceeds a BLOCK_AND_ALERT threshold."""
    import redis

    client = redis.Redis.from_url(redis_url)
    account = plan["account"]
    problems, breached = [], 0
    for bucket, (threshold, response) in plan["buckets"].items():
        scope, country = bucket.split(":")
        in_redis = sum(int(v) for v in client.hgetall(f"{{acct:{account}}}:m:{scope}:{country}").values())
        seen = allowed.get(bucket, 0)
        if in_redis != seen:
            problems.append(f"{bucket}: {seen} allowed by the client, {in_redis} counted in Redis")
        if response == "BLOCK_AND_ALERT" and threshold and seen > threshold:
            problems.append(f"{bucket}: {seen} allowed over the threshold {threshold}")
        if response == "BLOCK_AND_ALERT" and threshold and client.exists(f"{{acct:{account}}}:b:{scope}:{country}"):
            breached += 1
    return len(plan["buckets"]), breached, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=2, help="load-client processes")
    parser.add_argument("--threads", type=int, default=8, help="connections per load-client process")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of unmeasured requests before measuring")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432/")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args()

    db_url = f"{args.server_url}{DB_NAME}"
    _psql(f"{args.server_url}postgres", "-c", f"DROP DATABASE IF EXISTS {DB_NAME}")
    _psql(f"{args.server_url}postgres", "-c", f"CREATE DATABASE {DB_NAME}")
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base",
        "DJANGO_DEBUG": "false",
        "TRAFFIC_REDIS_URL": args.redis_url,
        "API_THROTTLE_USER": "100000000/min",
        "API_THROTTLE_ANON": "100000000/min",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    # A broker, as in production: a breach's alert is queued (delay_on_commit), not made inside the request. No
    # worker consumes it here; the check's cost is what is measured.
    env["CELERY_BROKER_URL"] = args.redis_url
    run = {"cwd": ROOT, "env": env, "check": True}
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], **run)
    setup = (
        SETUP.replace("COUNTRIES", repr(COUNTRIES))
        .replace("SUB_ACCOUNTS", str(SUB_ACCOUNTS))
        .replace("ACCOUNT_THRESHOLD", str(ACCOUNT_THRESHOLD))
        .replace("OWN_THRESHOLD", str(OWN_THRESHOLD))
    )
    out = subprocess.run([PYTHON, "manage.py", "shell", "-c", setup], capture_output=True, text=True, **run)
    plan = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("PLAN"))[4:])
    _psql(db_url, "-c", "VACUUM ANALYZE")
    print(f"Seeded {len(plan['subs'])} sub-accounts × {len(COUNTRIES)} countries in {time.monotonic() - started:.0f} s")

    port = _free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "compliance_portal.wsgi", "-w", str(args.workers), "-k", "gthread",
         "--threads", "2", "--keep-alive", "30", "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        phases = {kind: _phase(port, kind, plan, args) for kind in ("check", "noop", "healthz")}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\n{args.workers} gunicorn workers (gthread), {args.clients}×{args.threads} keep-alive connections, "
          f"{args.seconds:g} s each")  # fmt: skip
    names = {"check": "POST /api/v1/traffic/check/", "noop": "GET /api/v1/me/ (DRF, token)", "healthz": "GET /healthz"}
    print(f"{'endpoint':34} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
    for kind, row in phases.items():
        print(
            f"{names[kind]:34} {row['requests']:>9} {row['rps']:>8.0f} {row['p50']:>8.2f} {row['p95']:>8.2f} "
            f"{row['p99']:>8.2f}  {row['statuses']}"
        )
    check, noop = phases["check"], phases["noop"]
    checked, breached, problems = _verify(plan, check["allowed"], args.redis_url)
    allowed_total = sum(check["allowed"].values())
    print(f"\nChecks allowed (warm-up included): {allowed_total}; {checked} buckets verified against Redis, "
          f"{breached} blocked by a breach; over-admissions and count mismatches: {len(problems)}")  # fmt: skip
    for problem in problems[:20]:
        print("  " + problem)
    goals = [
        (f"check p95 ≤ {P95_RATIO} × comparator p95", check["p95"] <= P95_RATIO * noop["p95"],
         f"{check['p95']:.2f} ms vs {P95_RATIO * noop['p95']:.2f} ms"),
        (f"check throughput ≥ {THROUGHPUT_RATIO} × comparator", check["rps"] >= THROUGHPUT_RATIO * noop["rps"],
         f"{check['rps']:.0f}/s vs {THROUGHPUT_RATIO * noop['rps']:.0f}/s"),
        (f"check throughput ≥ {MIN_THROUGHPUT}/s", check["rps"] >= MIN_THROUGHPUT, f"{check['rps']:.0f}/s"),
        ("0 over-admissions (Redis = client counts ≤ thresholds)", not problems, f"{len(problems)} problems"),
        ("only 200 responses", all(set(p["statuses"]) == {200} for p in phases.values()),
         ", ".join(f"{k}: {p['statuses']}" for k, p in phases.items())),
    ]  # fmt: skip
    print()
    for label, ok, detail in goals:
        print(f"{'PASS' if ok else 'MISS'}  {label}: {detail}")
    return 0 if all(ok for _, ok, _ in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
