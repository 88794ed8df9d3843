"""M2.1 on PostgreSQL: the same callbacks arriving at once, on separate connections, count once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from events.models import DailyFigure, MessageEvent, MessageSeen
from tests.events.factories import TWILIO_TOKEN, make_hook, twilio_post, twilio_sid, twilio_status

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_M2_1_simultaneous_redeliveries_and_progressions_count_each_message_once(postgres_only, customer_a, sender_a,
                                                                                   sub_account_a):  # fmt: skip
    _, path = make_hook(customer_a, "twilio", credential=TWILIO_TOKEN)
    sids = [twilio_sid() for _ in range(3)]
    # Every message: "sent" and "delivered", each delivered three times, all at once.
    jobs = [twilio_status(sid, status, sender=sender_a) for sid in sids for status in ("sent", "delivered") * 3]
    barrier = threading.Barrier(len(jobs))
    statuses: list[int] = []

    def post(params):
        try:
            barrier.wait(timeout=30)
            statuses.append(twilio_post(Client(), path, params).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(params,)) for params in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [200] * len(jobs)
    assert MessageSeen.objects.count() == 3
    assert MessageEvent.objects.filter(milestone=1).count() == 3
    assert MessageEvent.objects.filter(milestone=2, outcome="delivered").count() == 3
    figure = DailyFigure.objects.get(sub_account=sub_account_a)
    assert (figure.sent, figure.delivered) == (3, 3)
