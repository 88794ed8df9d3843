"""M2.1/M2.2: provider callbacks in their real shapes, signed by the providers' own libraries."""

from __future__ import annotations

import time
import uuid

import pytest

from events.choices import Milestone
from events.models import DailyFigure, MessageEvent, MessageSeen
from events.signals import inbound_message
from tests.events.factories import (
    PLIVO_TOKEN,
    TWILIO_TOKEN,
    TelnyxKey,
    make_hook,
    plivo_inbound,
    plivo_post,
    plivo_status,
    telnyx_event,
    telnyx_post,
    twilio_inbound,
    twilio_post,
    twilio_sid,
    twilio_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run the on-commit roll-up of each request as a real commit would (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def figure(sub_account):
    row = DailyFigure.objects.filter(sub_account=sub_account).values("sent", "delivered", "errors", "opt_outs")
    return row.get() if row else None


@pytest.fixture
def twilio_hook(customer_a, sender_a):
    return make_hook(customer_a, "twilio", credential=TWILIO_TOKEN)[1]


def test_M2_1_twilio_progression_counts_sent_once_and_delivered_once(
    client, twilio_hook, sender_a, sub_account_a, commits
):
    sid = twilio_sid()
    for status in ("queued", "sent", "sent", "delivered", "delivered"):
        with commits():
            response = twilio_post(client, twilio_hook, twilio_status(sid, status, sender=sender_a))
        assert response.status_code == 200, response.content
        assert response["Content-Type"].startswith("text/xml")
    rows = list(MessageEvent.objects.values_list("milestone", "outcome", "sender", "number"))
    assert sorted(rows) == [
        (Milestone.SENT, "sent", sender_a, "+15558675310"),
        (Milestone.FINAL, "delivered", sender_a, "+15558675310"),
    ]
    assert figure(sub_account_a) == {"sent": 1, "delivered": 1, "errors": 0, "opt_outs": 0}


def test_M2_1_twilio_final_failure_counts_an_error_only_with_a_code(
    client, twilio_hook, sender_a, sub_account_a, commits
):
    with commits():
        twilio_post(
            client, twilio_hook, twilio_status(twilio_sid(), "undelivered", sender=sender_a, error_code="30007")
        )
        twilio_post(client, twilio_hook, twilio_status(twilio_sid(), "failed", sender=sender_a))
    # A message that was delivered and is then reported undelivered keeps its first final outcome.
    sid = twilio_sid()
    with commits():
        twilio_post(client, twilio_hook, twilio_status(sid, "delivered", sender=sender_a))
    with commits():
        twilio_post(client, twilio_hook, twilio_status(sid, "undelivered", sender=sender_a, error_code="30003"))
    assert figure(sub_account_a) == {"sent": 3, "delivered": 1, "errors": 1, "opt_outs": 0}
    assert MessageEvent.objects.get(outcome="error").error_code == "30007"


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda p: "bm90IGEgc2lnbmF0dXJl", id="garbage"),
        pytest.param(lambda p: "", id="missing"),
        pytest.param(lambda p: __import__("twilio.request_validator").request_validator.RequestValidator(
            "another-token-123"
        ).compute_signature("http://testserver" + p, {}), id="other-token"),
    ],
)  # fmt: skip
def test_M2_1_twilio_forged_signature_is_403_and_changes_nothing(client, twilio_hook, sender_a, forge):
    params = twilio_status(twilio_sid(), "delivered", sender=sender_a)
    response = twilio_post(client, twilio_hook, params, signature=forge(twilio_hook))
    assert response.status_code == 403
    assert response.json()["code"] == "hook_bad_signature"
    assert not MessageEvent.objects.exists() and not MessageSeen.objects.exists()


def test_M2_1_twilio_signature_over_changed_params_is_refused(client, twilio_hook, sender_a):
    params = twilio_status(twilio_sid(), "delivered", sender=sender_a)
    signed = dict(params)
    params["ErrorCode"] = "30007"  # tampered after signing
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(TWILIO_TOKEN).compute_signature("http://testserver" + twilio_hook, signed)
    assert twilio_post(client, twilio_hook, params, signature=signature).status_code == 403
    assert not MessageEvent.objects.exists()


def test_M2_1_plivo_signed_callbacks_count_and_forgeries_are_refused(
    client, customer_a, sender_a, sub_account_a, commits
):
    _, path = make_hook(customer_a, "plivo", credential=PLIVO_TOKEN)
    delivered, failed = str(uuid.uuid4()), str(uuid.uuid4())
    for params in (
        plivo_status(delivered, "queued", sender=sender_a),
        plivo_status(delivered, "sent", sender=sender_a),
        plivo_status(delivered, "delivered", sender=sender_a),
        plivo_status(delivered, "delivered", sender=sender_a),
        plivo_status(failed, "undelivered", sender=sender_a, error_code="200"),
    ):
        with commits():
            assert plivo_post(client, path, params).status_code == 200
    forged = plivo_post(
        client, path, plivo_status(str(uuid.uuid4()), "delivered", sender=sender_a), token="wrong-token"
    )
    assert forged.status_code == 403
    unsigned = client.post(path, plivo_status(str(uuid.uuid4()), "delivered", sender=sender_a))
    assert unsigned.status_code == 403
    assert figure(sub_account_a) == {"sent": 2, "delivered": 1, "errors": 1, "opt_outs": 0}
    assert set(MessageEvent.objects.values_list("sender", flat=True)) == {sender_a}


def test_M2_1_telnyx_signed_envelopes_count_and_forgeries_are_refused(
    client, customer_a, sender_a, sub_account_a, commits
):
    key = TelnyxKey()
    _, path = make_hook(customer_a, "telnyx", credential=key.public_b64)
    ok, bad = str(uuid.uuid4()), str(uuid.uuid4())
    for envelope in (
        telnyx_event("message.sent", ok, sender=sender_a, status="sent"),
        telnyx_event("message.finalized", ok, sender=sender_a, status="delivered"),
        telnyx_event("message.finalized", ok, sender=sender_a, status="delivered"),
        telnyx_event(
            "message.finalized", bad, sender=sender_a, status="delivery_failed",
            errors=[{"code": "40008", "title": "Undeliverable", "detail": "The message was not delivered."}],
        ),
    ):  # fmt: skip
        with commits():
            response = telnyx_post(client, path, envelope, key)
        assert response.status_code == 200, response.content
    other_key = TelnyxKey()
    envelope = telnyx_event("message.finalized", str(uuid.uuid4()), sender=sender_a)
    assert telnyx_post(client, path, envelope, other_key).status_code == 403
    stale = str(int(time.time()) - 3600)
    assert telnyx_post(client, path, envelope, key, timestamp=stale).status_code == 403
    assert figure(sub_account_a) == {"sent": 2, "delivered": 1, "errors": 1, "opt_outs": 0}
    assert MessageEvent.objects.get(outcome="error").error_code == "40008"


def test_M2_1_url_secret_alone_authenticates_when_no_credential_is_given(
    client, customer_a, sender_a, sub_account_a, commits
):
    _, path = make_hook(customer_a, "twilio")
    with commits():
        response = client.post(path, twilio_status(twilio_sid(), "delivered", sender=sender_a))
    assert response.status_code == 200
    assert figure(sub_account_a)["delivered"] == 1


def test_M2_1_unknown_and_foreign_senders_are_refused_alike(client, twilio_hook, sender_b):
    unknown = twilio_post(client, twilio_hook, twilio_status(twilio_sid(), "delivered", sender="+12025559999"))
    foreign = twilio_post(client, twilio_hook, twilio_status(twilio_sid(), "delivered", sender=sender_b))
    assert unknown.status_code == foreign.status_code == 404
    assert unknown.json() == foreign.json()
    assert "Beacon" not in foreign.content.decode()
    assert not MessageEvent.objects.exists() and not MessageSeen.objects.exists()


def test_M2_1_a_sub_accounts_url_refuses_its_sibling_sub_accounts_senders(client, customer_a, account_a, analyst):
    from tests.accounts.factories import SubAccountFactory
    from tests.traffic.factories import sending_sub_account

    first, second = SubAccountFactory(account=account_a, name="One"), SubAccountFactory(account=account_a, name="Two")
    _, own = sending_sub_account(customer=customer_a, sub_account=first, analyst=analyst)
    _, sibling = sending_sub_account(customer=customer_a, sub_account=second, analyst=analyst)
    _, path = make_hook(customer_a, "twilio", sub_account=first)
    assert client.post(path, twilio_status(twilio_sid(), "sent", sender=own)).status_code == 200
    assert client.post(path, twilio_status(twilio_sid(), "sent", sender=sibling)).status_code == 404
    assert list(MessageEvent.objects.values_list("sub_account_id", flat=True)) == [first.pk]


def test_M2_1_unknown_revoked_or_wrong_provider_urls_are_404(client, customer_a, sender_a, commits):
    from events.services import hook_revoke

    hook, path = make_hook(customer_a, "twilio")
    params = twilio_status(twilio_sid(), "sent", sender=sender_a)
    assert client.post("/hooks/status/twilio/not-a-secret/", params).status_code == 404
    assert client.post(path.replace("/twilio/", "/plivo/"), params).status_code == 404
    assert client.post(path.replace("/twilio/", "/nexmo/"), params).status_code == 404
    assert client.get(path).status_code == 405
    assert client.post(path, params).status_code == 200  # cached now
    with commits():  # the revoking process forgets its cached hook on commit
        hook_revoke(actor=customer_a, hook_id=hook.pk)
    assert client.post(path, twilio_status(twilio_sid(), "sent", sender=sender_a)).status_code == 404
    assert MessageEvent.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"MessageStatus": "sent", "From": "+12025550101", "To": "+15558675310"}, id="no-sid"),
        pytest.param({"MessageSid": "SM" + "x" * 80, "MessageStatus": "sent", "From": "+1", "To": "+1"}, id="long-sid"),
        pytest.param({"MessageSid": "SM1", "MessageStatus": "sent", "To": "+15558675310"}, id="no-from"),
    ],
)
def test_M2_1_malformed_callbacks_are_400_not_500(client, customer_a, sender_a, params):
    _, path = make_hook(customer_a, "twilio")
    response = client.post(path, params)
    assert response.status_code == 400
    assert response.json()["code"] == "hook_bad_payload"


def test_M2_1_telnyx_body_that_is_not_an_envelope_is_400(client, customer_a, sender_a):
    _, path = make_hook(customer_a, "telnyx")
    for body in (b"not json", b"[]", b'{"data": {"event_type": "message.sent", "payload": []}}'):
        assert client.post(path, body, content_type="application/json").status_code == 400


def test_M2_1_unknown_statuses_and_event_types_are_accepted_and_count_nothing(client, customer_a, sender_a):
    _, path = make_hook(customer_a, "twilio")
    assert client.post(path, twilio_status(twilio_sid(), "scheduled", sender=sender_a)).status_code == 200
    key = TelnyxKey()
    _, telnyx_path = make_hook(customer_a, "telnyx", credential=key.public_b64)
    envelope = telnyx_event("message.sent", "x", sender=sender_a)
    envelope["data"]["event_type"] = "number_order.complete"
    assert telnyx_post(client, telnyx_path, envelope, key).status_code == 200
    assert not MessageEvent.objects.exists()


class Received:
    def __init__(self):
        self.calls = []

    def __call__(self, sender, **kwargs):
        self.calls.append({"sender": sender, **kwargs})


@pytest.fixture
def received():
    listener = Received()
    inbound_message.connect(listener, dispatch_uid="test-events-inbound")
    yield listener
    inbound_message.disconnect(dispatch_uid="test-events-inbound")


def test_M2_2_inbound_stop_sends_the_signal_once_and_counts_an_opt_out(
    client, twilio_hook, sender_a, sub_account_a, account_a, received, commits
):
    sid = twilio_sid()
    for _ in range(3):  # redelivered twice
        with commits():
            response = twilio_post(client, twilio_hook, twilio_inbound(sid, "  Stop ", sender=sender_a))
        assert response.status_code == 200
    with commits():
        twilio_post(client, twilio_hook, twilio_inbound(twilio_sid(), "stop please", sender=sender_a))
    assert len(received.calls) == 2
    first = received.calls[0]
    assert first["kind"] == "opt_out" and first["message_id"] == sid
    assert first["account_id"] == account_a.pk and first["sub_account_id"] == sub_account_a.pk
    assert first["sender"] == sender_a and first["number"] == "+15558675310"
    assert first["text"] == "  Stop " and first["at"].tzinfo is not None
    assert received.calls[1]["kind"] is None
    assert figure(sub_account_a) == {"sent": 0, "delivered": 0, "errors": 0, "opt_outs": 1}


def test_M2_2_plivo_and_telnyx_inbound_messages_are_classified(
    client, customer_a, sender_a, sub_account_a, received, commits
):
    _, plivo_path = make_hook(customer_a, "plivo", credential=PLIVO_TOKEN)
    key = TelnyxKey()
    _, telnyx_path = make_hook(customer_a, "telnyx", credential=key.public_b64)
    with commits():
        response = plivo_post(client, plivo_path, plivo_inbound(str(uuid.uuid4()), "UNSUBSCRIBE", sender=sender_a))
    assert response.status_code == 200
    envelope = telnyx_event("message.received", str(uuid.uuid4()), sender=sender_a, text="help")
    assert telnyx_post(client, telnyx_path, envelope, key).status_code == 200
    assert [(c["kind"], c["sender"], c["number"]) for c in received.calls] == [
        ("opt_out", sender_a, "+15558675310"),
        ("help", sender_a, "+15558675310"),
    ]
    assert figure(sub_account_a)["opt_outs"] == 1


def test_M2_2_a_failing_listener_stores_nothing_so_the_redelivery_counts(client, twilio_hook, sender_a):
    def boom(sender, **kwargs):
        raise RuntimeError("opt-out store down")

    inbound_message.connect(boom, dispatch_uid="test-events-boom")
    try:
        with pytest.raises(RuntimeError):
            twilio_post(client, twilio_hook, twilio_inbound(twilio_sid(), "STOP", sender=sender_a))
    finally:
        inbound_message.disconnect(dispatch_uid="test-events-boom")
    assert not MessageEvent.objects.exists() and not MessageSeen.objects.exists()
