"""M2.1: bulk back-fill (NDJSON or CSV, all or nothing, line-numbered errors) and the recent-events list."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from events.models import DailyFigure, MessageEvent, MessageSeen
from tests.traffic.factories import platform_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/traffic/events/"


def at(hours_ago: float = 1) -> str:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(hours=hours_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")


def line(message_id, sub_account, sender, status, *, error_code="", when=None, to="+15558675310", **extra):
    return {"message_id": message_id, "sub_account": sub_account.pk, "from": sender, "to": to, "status": status,
            "error_code": error_code, "at": when or at(), **extra}  # fmt: skip


def ndjson(*lines) -> str:
    return "\n".join(json.dumps(item) for item in lines) + "\n"


def csv_body(*lines) -> str:
    head = "message_id,sub_account,from,to,status,error_code,at\n"
    return head + "".join(
        f"{x['message_id']},{x['sub_account']},{x['from']},{x['to']},{x['status']},{x['error_code']},{x['at']}\n"
        for x in lines
    )


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def upload(client, body: str, content_type="application/x-ndjson", **headers):
    return client.post(URL, body, content_type=content_type, **headers)


def test_M2_1_ndjson_upload_is_stored_and_rolled_up(api_for, customer_a, sub_account_a, sender_a, commits):
    body = ndjson(
        line("m1", sub_account_a, sender_a, "sent"),
        line("m1", sub_account_a, sender_a, "delivered"),
        line("m2", sub_account_a, sender_a, "undelivered", error_code="30007"),
        line("m3", sub_account_a, sender_a, "queued"),
        line("r1", sub_account_a, "+15558675310", "received", to=sender_a, text="STOP"),
    )
    with commits():
        response = upload(api_for(customer_a), body)
    assert response.status_code == 201, response.content
    # m1 sent + final, m2 sent + error, r1 inbound; the queued line stores nothing yet.
    assert response.json() == {"lines": 5, "stored": 5, "days": 1}
    figures = DailyFigure.objects.get(sub_account=sub_account_a)
    assert (figures.sent, figures.delivered, figures.errors, figures.opt_outs) == (2, 1, 1, 1)
    # The same upload again stores nothing more (idempotent by message id).
    with commits():
        again = upload(api_for(customer_a), body)
    assert again.json()["stored"] == 0
    assert MessageEvent.objects.count() == 5


def test_M2_1_csv_upload_by_a_platform_token_with_the_events_scope(client, customer_a, sub_account_a, sender_a):
    token = platform_token(customer_a, scopes=("events",))
    body = csv_body(line("c1", sub_account_a, sender_a, "delivered"), line("c2", sub_account_a, sender_a, "sent"))
    response = upload(client, body, "text/csv", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content
    assert response.json()["stored"] == 3
    check_only = platform_token(customer_a, scopes=("check",))
    refused = upload(client, body, "text/csv", HTTP_AUTHORIZATION=f"Bearer {check_only}")
    assert refused.status_code == 403


@pytest.mark.parametrize("content_type", ["application/x-ndjson", "text/csv"])
def test_M2_1_a_bad_line_is_named_and_nothing_is_written(api_for, customer_a, sub_account_a, sender_a, content_type):
    good = line("g1", sub_account_a, sender_a, "delivered")
    bad_time = line("g2", sub_account_a, sender_a, "delivered", when="yesterday")
    bad_status = line("g3", sub_account_a, sender_a, "exploded")
    lines = [good, good, bad_time, good, bad_status]
    body = ndjson(*lines) if content_type != "text/csv" else csv_body(*lines)
    response = upload(api_for(customer_a), body, content_type)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "bulk_invalid"
    offset = 1 if content_type == "text/csv" else 0  # the CSV header is line 1
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(3 + offset, "at"), (5 + offset, "status")]
    assert f"Line {3 + offset}: at:" in data["errors"][0]["message"]
    assert "2 of 5 lines are invalid" in data["detail"]
    assert not MessageEvent.objects.exists() and not MessageSeen.objects.exists()


def test_M2_1_other_accounts_senders_and_sub_accounts_are_refused_without_naming_them(
    api_for, customer_a, sub_account_a, sub_account_b, sender_a, sender_b
):
    body = ndjson(
        line("x1", sub_account_a, sender_b, "sent"),
        line("x2", sub_account_a, "+12025559999", "sent"),
        line("x3", sub_account_b, sender_b, "sent"),
    )
    response = upload(api_for(customer_a), body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["message"] == f"Line 1: from: {sender_b} is not a sender id of sub-account {sub_account_a.pk}."
    assert errors[1]["message"].endswith(f"is not a sender id of sub-account {sub_account_a.pk}.")
    assert errors[2]["message"] == f"Line 3: sub_account: {sub_account_b.pk} is not one of your sub-accounts."
    assert "Beacon" not in response.content.decode()
    assert not MessageEvent.objects.exists()


@pytest.mark.parametrize(
    "body, content_type, fragment",
    [
        ("", "application/x-ndjson", "no lines"),
        ("not json\n", "application/x-ndjson", "not valid JSON"),
        ("[1, 2]\n", "application/x-ndjson", "not a JSON object"),
        ("message_id,status\nm,sent\n", "text/csv", "header lacks"),
        ("{}", "application/xml", "Send NDJSON"),
    ],
)
def test_M2_1_unreadable_uploads_are_400(api_for, customer_a, body, content_type, fragment):
    response = upload(api_for(customer_a), body, content_type)
    assert response.status_code == 400
    assert fragment in json.dumps(response.json())


def test_M2_1_old_and_future_times_are_refused(api_for, customer_a, sub_account_a, sender_a):
    old = (dt.datetime.now(dt.UTC) - dt.timedelta(days=120)).isoformat()
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    naive = dt.datetime.now().replace(microsecond=0).isoformat()
    body = ndjson(*(line(f"t{i}", sub_account_a, sender_a, "sent", when=w) for i, w in enumerate((old, future, naive))))
    messages = [e["message"] for e in upload(api_for(customer_a), body).json()["errors"]]
    assert "more than 90 days ago" in messages[0] and "in the future" in messages[1] and "time zone" in messages[2]


def test_M2_1_who_may_upload(client, api_for, analyst, manager, customer_a, sub_account_a, sender_a):
    body = ndjson(line("w1", sub_account_a, sender_a, "sent"))
    assert upload(client, body).status_code == 401
    assert upload(api_for(analyst), body).status_code == 403
    assert upload(api_for(manager), body).status_code == 403
    assert upload(client, body, HTTP_AUTHORIZATION="Bearer cpt_not-a-token").status_code == 401


def test_M2_1_recent_events_list_tenancy(api_for, client, customer_a, customer_b, analyst, sub_account_a, sub_account_b,
                                         sender_a, sender_b, commits):  # fmt: skip
    upload(api_for(customer_a), ndjson(line("a1", sub_account_a, sender_a, "delivered")))
    upload(api_for(customer_b), ndjson(line("b1", sub_account_b, sender_b, "sent")))
    mine = api_for(customer_a).get(URL).json()
    assert {row["message_id"] for row in mine["results"]} == {"a1"}
    first = mine["results"][0]
    assert set(first) >= {"message_id", "sub_account", "status", "from", "to", "at", "day", "milestone"}
    assert {row["message_id"] for row in api_for(customer_b).get(URL).json()["results"]} == {"b1"}
    assert api_for(customer_b).get(URL, {"sub_account": sub_account_a.pk}).status_code == 404
    assert api_for(customer_a).get(URL, {"sub_account": sub_account_a.pk}).status_code == 200
    staff = api_for(analyst).get(URL).json()
    assert {row["message_id"] for row in staff["results"]} == {"a1", "b1"}
    token = platform_token(customer_b, scopes=("events",))
    via_token = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert {row["message_id"] for row in via_token["results"]} == {"b1"}
    assert client.get(URL).status_code == 401


def test_M2_1_recent_events_list_parameters(api_for, customer_a):
    client = api_for(customer_a)
    assert client.get(URL, {"start": "2026-13-01"}).status_code == 400
    assert client.get(URL, {"start": "2026-01-01", "end": "2026-03-01"}).status_code == 400
    assert client.get(URL, {"start": "2026-02-01", "end": "2026-01-01"}).status_code == 400
    assert client.get(URL, {"sub_account": "abc"}).status_code == 400


def test_M2_1_list_pages_cost_a_fixed_number_of_queries(api_for, customer_a, sub_account_a, sender_a,
                                                        django_assert_max_num_queries):  # fmt: skip
    client = api_for(customer_a)
    upload(client, ndjson(*(line(f"q{i}", sub_account_a, sender_a, "delivered") for i in range(60))))
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(response.json()["results"]) == 50 and response.json()["next"]
