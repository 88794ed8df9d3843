"""Q5 a real worker killed mid-render (issue 12 items 5 and 21): a ``celery -A compliance_portal worker`` process
on Redis and this test's PostgreSQL database is SIGKILLed — the whole process group, parent and pool child —
while the report shows "running 55 %"; the sweep (``manage.py sweep_reports``) queues it again and a second
worker renders it to the end."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditEvent
from reports import services
from reports.models import Report
from tests.conftest import require
from tests.reports.factories import bulk_decisions

REDIS_URL = "redis://127.0.0.1:6379/14"
#: A queue of this run's own: another test run's worker on the same Redis db never takes our tasks.
QUEUE = f"test-worker-killed-{uuid.uuid4().hex[:12]}"
BOOT = 90  # seconds a worker may take to start and pick up a task on a loaded CI machine
RENDER = 180  # seconds a render of the report below may take there

pytestmark = [pytest.mark.broker, pytest.mark.postgres]


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _env() -> dict[str, str]:
    """A worker's environment: production-like settings on this test's database, Redis db 14 and the test's
    private storage folder."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY_", "DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="compliance_portal.settings.base",
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_TASK_DEFAULT_QUEUE=QUEUE,
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _start_worker(name: str, log: Path) -> subprocess.Popen:
    # Its own session, so the worker, its pool child and nothing else form one process group.
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "compliance_portal", "worker"),
            *("--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("-n", f"{name}-{uuid.uuid4().hex[:8]}@%h", "-l", "info"),
        ],
        cwd=settings.BASE_DIR,
        env=_env(),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def _wait_for(what: str, check, timeout: float, workers: list[tuple[subprocess.Popen, Path]]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        for worker, log in workers:
            if worker.poll() is not None:
                pytest.fail(f"The worker exited ({worker.returncode}) before {what}:\n{log.read_text()[-4000:]}")
        time.sleep(0.05)
    reports = list(Report.objects.values_list("pk", "status", "progress", "failure_reason"))
    logs = "\n".join(log.read_text()[-3000:] for _, log in workers)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}; reports {reports}:\n{logs}")


def _forget_queue(client: redis.Redis) -> None:
    """Remove this run's queue from Redis, with the killed worker's unacknowledged message (kombu keeps it in
    the ``unacked`` hash, to hand out again after the visibility timeout)."""
    client.delete(*client.keys(f"*{QUEUE}*") or [QUEUE])
    for tag, raw in client.hgetall("unacked").items():
        try:
            routing_key = json.loads(raw)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routing_key == QUEUE:
            client.zrem("unacked_index", tag)
            client.hdel("unacked", tag)
    for key in client.keys("_kombu.binding*"):
        kind = client.type(key)
        members = client.smembers(key) if kind == b"set" else client.zrange(key, 0, -1) if kind == b"zset" else []
        for member in members:
            if QUEUE.encode() in member:
                (client.srem if kind == b"set" else client.zrem)(key, member)


@pytest.fixture
def broker():
    require(_redis_up(), "Redis on 127.0.0.1:6379")
    client = redis.Redis.from_url(REDIS_URL)
    yield
    _forget_queue(client)
    client.close()


@pytest.fixture
def real_broker_enqueue(monkeypatch):
    """The service's ``delay_on_commit`` sends to Redis (this test process is otherwise eager)."""
    from celery import Celery

    from reports.tasks import render_report

    sender = Celery("compliance_portal", set_as_current=False)
    sender.config_from_object("django.conf:settings", namespace="CELERY")
    sender.conf.update(broker_url=REDIS_URL, result_backend=None, task_always_eager=False, task_default_queue=QUEUE)

    def send(report_id):
        transaction.on_commit(lambda: sender.send_task("reports.render_report", args=(report_id,)))

    monkeypatch.setattr(render_report, "delay_on_commit", send)
    yield
    sender.close()


@pytest.mark.django_db(transaction=True)
def test_Q5_report_of_a_worker_killed_mid_render_is_swept_and_rendered_to_done(
    broker, postgres_only, real_broker_enqueue, manager, account_a, day, tmp_path
):
    # given a period report big enough to render for a few seconds (every table at the PDF's row limit)
    bulk_decisions(n=3000, day=day, account=account_a)
    first_log, second_log = tmp_path / "first-worker.log", tmp_path / "second-worker.log"
    first = _start_worker("first", first_log)
    workers = [(first, first_log)]
    second = None
    try:
        report = services.report_request(
            actor=manager, kind="period_audit", format="pdf", params={"start": str(day), "end": str(day)}
        )

        # when the whole worker is killed while the report shows "running 55 %"
        def mid_render() -> bool:
            status, progress, reason = Report.objects.values_list("status", "progress", "failure_reason").get(
                pk=report.pk
            )
            if status in ("done", "failed"):
                pytest.fail(f"The report ended {status} before the kill: {reason}")
            return status == "running" and progress >= 55

        _wait_for("the render to reach 55 %", mid_render, BOOT + RENDER, workers)
        pool = _group(first.pid)
        assert first.pid in pool and len(pool) >= 2  # the worker and its pool child
        os.killpg(first.pid, signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL
        _wait_for("the pool child to die", lambda: not _group(first.pid), 10, [])

        # then the report is left running: nothing else would ever finish it
        time.sleep(1)
        report.refresh_from_db()
        assert report.status == "running" and report.attempts == 1 and not report.file
        assert report.progress >= 55 and report.task_id

        # when the hard time limit has passed (its last sign of life moved back by it) and the sweep runs while a
        # second worker is up
        Report.objects.filter(pk=report.pk).update(
            heartbeat_at=timezone.now() - services.stale_after() - dt.timedelta(seconds=1)
        )
        second = _start_worker("second", second_log)
        workers = [(second, second_log)]
        sweep = subprocess.run(
            [sys.executable, "manage.py", "sweep_reports"],
            cwd=settings.BASE_DIR,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert sweep.returncode == 0, sweep.stderr
        assert sweep.stdout.strip().endswith(f"Queued again: report {report.pk}.")

        # then the second worker renders it to the end
        _wait_for(
            "the re-queued report to finish",
            lambda: Report.objects.filter(pk=report.pk, status__in=["done", "failed"]).exists(),
            BOOT + RENDER,
            workers,
        )
        report.refresh_from_db()
        assert report.status == "done", report.failure_reason
        assert (report.attempts, report.requeues, report.progress) == (2, 1, 100)
        assert report.file and report.file.storage.exists(report.file.name)
        with report.file.open("rb") as f:
            assert f.read(5) == b"%PDF-"
        events = AuditEvent.objects.for_subject(report).order_by("at", "id")
        assert [(e.action, e.from_state, e.to_state) for e in events] == [
            ("start", "queued", "running"),
            ("requeue", "running", "queued"),
            ("start", "queued", "running"),
            ("finish", "running", "done"),
        ]
    finally:
        for worker in (first, second):
            if worker is not None:
                _stop(worker)
