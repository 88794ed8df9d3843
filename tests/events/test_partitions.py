"""M2.1 storage: MessageEvent partitioned by day on PostgreSQL, partitions made ahead, the periodic job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from core.periodic import periodic_job, run_periodic_job
from events import partitions
from events.models import MessageSeen
from events.services import partitions_maintain

pytestmark = pytest.mark.django_db


def partition_bounds() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
            "WHERE p.relname = 'events_messageevent'"
        )
        return dict(cursor.fetchall())


def test_M2_1_message_events_are_range_partitioned_by_day(postgres_only):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pt.partstrat, a.attname FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0] "
            "WHERE c.relname = 'events_messageevent'"
        )
        assert cursor.fetchone() == ("r", "day")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'events_messageevent'::regclass ORDER BY conname"
        )
        constraints = dict(cursor.fetchall())
    assert constraints["events_messageevent_pkey"] == "PRIMARY KEY (id, day)"
    assert constraints["message_event_once_per_milestone"] == "UNIQUE (account_id, message_id, milestone, day)"


def test_M2_1_partitions_exist_three_days_back_to_fourteen_ahead(postgres_only):
    today = dt.datetime.now(dt.UTC).date()
    bounds = partition_bounds()
    for n in range(-3, 15):
        day = today + dt.timedelta(days=n)
        name = f"events_messageevent_p{day:%Y%m%d}"
        assert bounds[name] == f"FOR VALUES FROM ('{day}') TO ('{day + dt.timedelta(days=1)}')"


def test_M2_1_the_periodic_job_makes_the_missing_partitions_and_prunes_the_ledger(postgres_only):
    today = dt.datetime.now(dt.UTC).date()
    far = today + dt.timedelta(days=14)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE events_messageevent_p{far:%Y%m%d}")
    partitions.forget_known()
    assert f"events_messageevent_p{far:%Y%m%d}" not in partition_bounds()
    MessageSeen.objects.create(account_id=1, message_id="old", day=today - dt.timedelta(days=90), sub_account_id=1,
                               provider="twilio")  # fmt: skip
    MessageSeen.objects.create(account_id=1, message_id="new", day=today, sub_account_id=1, provider="twilio")
    result = run_periodic_job(periodic_job("events-partitions"))
    assert result["made"] == [f"events_messageevent_p{far:%Y%m%d}"] and result["pruned"] == 1
    assert f"events_messageevent_p{far:%Y%m%d}" in partition_bounds()
    assert list(MessageSeen.objects.values_list("message_id", flat=True)) == ["new"]
    # Idempotent: nothing more to make.
    partitions.forget_known()
    assert partitions_maintain()["made"] == []


def test_M2_1_the_beat_schedule_names_both_jobs(settings):
    assert settings.CELERY_BEAT_SCHEDULE["events-partitions"]["task"] == "events.maintain_partitions"
    assert settings.CELERY_BEAT_SCHEDULE["events-rollup"]["task"] == "events.rollup_recent"


def test_M2_1_the_management_command_makes_further_partitions(postgres_only, capsys):
    today = dt.datetime.now(dt.UTC).date()
    call_command("event_partitions", "--ahead", "20", "--list")
    out = capsys.readouterr().out
    assert f"events_messageevent_p{today + dt.timedelta(days=20):%Y%m%d}" in partition_bounds()
    assert "Made 6 partition(s)." in out


def test_M2_1_a_backfill_of_an_older_day_makes_its_partition(
    postgres_only, api_for, customer_a, sub_account_a, sender_a
):
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    body = (
        f'{{"message_id": "old-1", "sub_account": {sub_account_a.pk}, "from": "{sender_a}", "to": "+15558675310", '
        f'"status": "delivered", "error_code": "", "at": "{old:%Y-%m-%dT%H:%M:%SZ}"}}\n'
    )
    response = api_for(customer_a).post("/api/v1/traffic/events/", body, content_type="application/x-ndjson")
    assert response.status_code == 201, response.content
    assert f"events_messageevent_p{old:%Y%m%d}" in partition_bounds()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM events_messageevent_p{old:%Y%m%d}")
        assert cursor.fetchone()[0] == 2


def test_M2_1_a_callback_on_a_day_without_partition_makes_it_and_is_stored(postgres_only, client, customer_a, sender_a):
    from events.models import MessageEvent
    from tests.events.factories import make_hook, twilio_sid, twilio_status

    today = dt.datetime.now(dt.UTC).date()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE events_messageevent_p{today:%Y%m%d}")
    partitions.forget_known()
    _, path = make_hook(customer_a, "twilio")
    assert client.post(path, twilio_status(twilio_sid(), "delivered", sender=sender_a)).status_code == 200
    assert MessageEvent.objects.filter(day=today).count() == 2


@pytest.mark.django_db(transaction=True)
def test_M2_1_in_autocommit_a_callback_without_partition_makes_it_and_is_stored(postgres_only, client, customer_a,
                                                                                   sender_a):  # fmt: skip
    """The production path: the hook runs its one statement in autocommit (no BEGIN/COMMIT of its own)."""
    from events.models import MessageEvent
    from tests.events.factories import make_hook, twilio_sid, twilio_status

    today = dt.datetime.now(dt.UTC).date()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE events_messageevent_p{today:%Y%m%d}")
    partitions.forget_known()
    _, path = make_hook(customer_a, "twilio")
    sid = twilio_sid()
    assert client.post(path, twilio_status(twilio_sid(), "delivered", sender=sender_a)).status_code == 200
    assert client.post(path, twilio_status(sid, "sent", sender=sender_a)).status_code == 200
    assert client.post(path, twilio_status(sid, "sent", sender=sender_a)).status_code == 200
    assert MessageEvent.objects.filter(day=today).count() == 3
    assert f"events_messageevent_p{today:%Y%m%d}" in partition_bounds()
