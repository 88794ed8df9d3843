"""DESIGN §7: "with threshold N, N concurrent requests pass and the N+1st is refused, whatever the number of web
workers" — on Redis across processes, on PostgreSQL (the database backend) across threads."""

from __future__ import annotations

import multiprocessing
import threading

import pytest
from django.db import connection, connections

from traffic import counting, lookups
from traffic.check import check_send
from traffic.models import Alert

from .factories import sending_sub_account, set_permission

PROCESSES = 8
PER_PROCESS = 100
THRESHOLD = 300


def _checks(account_id, sub_account_id, number, times, results):
    allowed = 0
    for _ in range(times):
        allowed += check_send(
            account_id=account_id, sub_account_id=sub_account_id, sender=number, to="+12025550188", channel="sms"
        ).allowed
    results.put(allowed)


def _child(account_id, sub_account_id, number, barrier, results):
    # A process of its own: its own database connection, Redis pool and lookup cache.
    counting._redis_state.clear()
    lookups.reset()
    try:
        barrier.wait(timeout=60)
        _checks(account_id, sub_account_id, number, PER_PROCESS, results)
    finally:
        connections.close_all()


@pytest.fixture
def sending(transactional_db, customer_a, sub_account_a, account_a, analyst):
    number = sending_sub_account(customer=customer_a, sub_account=sub_account_a, analyst=analyst)[1]
    set_permission(account=account_a, country="US", mph_threshold=THRESHOLD, block_hours=1)
    return number


def test_exactly_threshold_pass_across_8_processes_on_redis(postgres_only, redis_backend, sending, sub_account_a):
    connections.close_all()
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    results = context.Queue()
    workers = [
        context.Process(target=_child, args=(sub_account_a.account_id, sub_account_a.pk, sending, barrier, results))
        for _ in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert sum(counts) == THRESHOLD
    # The window in Redis holds exactly the allowed messages; one breach, one alert.
    bucket = redis_backend.hgetall(f"{{acct:{sub_account_a.account_id}}}:m:a:US")
    assert sum(int(value) for value in bucket.values()) == THRESHOLD
    assert Alert.objects.filter(kind="breach_block").count() == 1


def test_exactly_threshold_pass_across_threads_on_the_database(postgres_only, db_backend, sending, sub_account_a):
    from queue import Queue

    threshold, threads, per_thread = 50, 8, 20
    set_permission(account=sub_account_a.account, country="US", mph_threshold=threshold, block_hours=1)
    lookups.reset()
    results: Queue = Queue()
    start = threading.Barrier(threads)

    def run():
        try:
            start.wait(timeout=60)
            _checks(sub_account_a.account_id, sub_account_a.pk, sending, per_thread, results)
        finally:
            connection.close()

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=300)
    assert sum(results.get() for _ in pool) == threshold
    assert Alert.objects.filter(kind="breach_block").count() == 1
