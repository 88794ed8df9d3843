"""Benchmark A8 uploads: 3 × 10 MB evidence files through the API against a running gunicorn worker.

Reports the time per upload and the worker's peak memory growth (VmHWM after − VmRSS before, with the
high-water mark reset through /proc/<pid>/clear_refs). Goal: growth ≤ 25 MB, because uploads stream to
temporary files (appeals.upload_handlers) and from there to the storage, never whole into memory.

    .venv/bin/python bench/evidence_upload.py [--files 3] [--size-mb 10]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOAL_MB = 25
SETUP = """
from accounts.models import Account, SubAccount
from rest_framework.authtoken.models import Token
from tests.accounts.factories import UserFactory
from tests.appeals.factories import draft_appeal
from tests.brands.factories import make_brand
account = Account.objects.create(name="Bench")
sub = SubAccount.objects.create(account=account, name="Bench Sub")
customer = UserFactory(username="bench-customer", account=account)
analyst = UserFactory(username="bench-analyst", role="analyst")
brand = make_brand(customer=customer, sub_account=sub, status="approved", analyst=analyst)
appeal = draft_appeal(customer=customer, brand=brand, files=0)
print(appeal.pk, Token.objects.create(user=customer).key)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def _worker_pid(master: int) -> int:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for task in Path(f"/proc/{master}/task").iterdir():
            children = (task / "children").read_text().split()
            if children:
                return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def _upload(url: str, token: str, path: Path, name: str) -> tuple[int, float]:
    """Stream a multipart body from disk: the client holds one chunk at a time, like a real one."""
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = len(head) + path.stat().st_size + len(tail)

    def body():
        yield head
        with path.open("rb") as f:
            while chunk := f.read(256 * 1024):
                yield chunk
        yield tail

    request = urllib.request.Request(
        url,
        data=body(),
        method="POST",
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(size),
        },
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
        print(exc.read().decode()[:500])
    return status, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--size-mb", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-evidence-") as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "PRIVATE_MEDIA_ROOT": f"{tmp}/private",
            "DJANGO_DEBUG": "false",
            "DJANGO_SETTINGS_MODULE": "compliance_portal.settings.base",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("CELERY_BROKER_URL", None)
        run = {"cwd": ROOT, "env": env, "check": True}
        subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], **run)
        out = subprocess.run([PYTHON, "manage.py", "shell", "-c", SETUP], capture_output=True, text=True, **run)
        appeal_id, token = out.stdout.split()[-2:]
        payload = Path(tmp) / "payload.txt"
        line = b"Evidence line for the upload benchmark, plain ASCII text.\n"
        target = args.size_mb * 1_048_576
        with payload.open("wb") as f:
            f.write(line * (target // len(line)) + b"x" * (target % len(line)))
        small = Path(tmp) / "warm.txt"
        small.write_bytes(b"warm-up\n")

        port = _free_port()
        server = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "compliance_portal.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            worker = _worker_pid(server.pid)
            url = f"http://127.0.0.1:{port}/api/v1/appeals/{appeal_id}/evidence/"
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            status, _ = _upload(url, token, small, "warm-up.txt")
            if status != 201:
                print(f"warm-up upload answered {status}")
                return 1
            # The warm-up file would count against the appeal's 30 MB; remove it so the real files fit exactly.
            listing = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
            with urllib.request.urlopen(listing, timeout=10) as response:
                warm = json.load(response)["results"][0]["id"]
            delete = urllib.request.Request(
                f"{url}{warm}/", method="DELETE", headers={"Authorization": f"Token {token}"}
            )
            urllib.request.urlopen(delete, timeout=10).read()
            baseline = _status(worker, "VmRSS")
            Path(f"/proc/{worker}/clear_refs").write_text("5")  # reset the high-water mark to the current RSS
            times = []
            for i in range(args.files):
                status, seconds = _upload(url, token, payload, f"evidence-{i}.txt")
                if status != 201:
                    print(f"upload {i + 1} answered {status}")
                    return 1
                times.append(seconds)
                print(f"upload {i + 1}: {args.size_mb} MB in {seconds:.2f} s")
            peak = _status(worker, "VmHWM")
        finally:
            server.terminate()
            server.wait(timeout=10)
    growth_mb = (peak - baseline) / 1_048_576
    total = sum(times)
    result = {
        "files": args.files,
        "size_mb": args.size_mb,
        "total_s": round(total, 2),
        "mb_per_s": round(args.files * args.size_mb / total, 1),
        "baseline_rss_mb": round(baseline / 1_048_576, 1),
        "peak_rss_mb": round(peak / 1_048_576, 1),
        "growth_mb": round(growth_mb, 1),
        "goal_mb": GOAL_MB,
        "pass": growth_mb <= GOAL_MB,
    }
    print(json.dumps(result, indent=2))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
