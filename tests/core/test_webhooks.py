"""Issue 13: signed-webhook verification for the inbound hooks (core.webhooks): HMAC-SHA256 over
"<timestamp>.<body>", a tolerance window either way, constant-time compare, secret rotation."""

import hashlib
import hmac
import time

import pytest

from core import webhooks
from core.errors import DomainError
from core.webhooks import sign, verify_hmac_signature

SECRET = b"whsec-current-0123456789"
OLD_SECRET = b"whsec-previous-9876543210"
BODY = b'{"event":"opt_out","number":"+15550100"}'
NOW = 1_760_000_000
TS = str(NOW)


def _verify(**overrides):
    args = {"secret": SECRET, "body": BODY, "timestamp": TS, "signature": sign(secret=SECRET, body=BODY, timestamp=TS)}
    return verify_hmac_signature(**{**args, "now": NOW, **overrides})


def _refused(code, **overrides):
    with pytest.raises(DomainError) as exc:
        _verify(**overrides)
    assert exc.value.code == code, exc.value
    return exc.value


def test_sign_is_hmac_sha256_hex_over_timestamp_dot_body_with_the_v1_scheme():
    expected = hmac.new(SECRET, f"{TS}.".encode() + BODY, hashlib.sha256).hexdigest()
    assert sign(secret=SECRET, body=BODY, timestamp=TS) == f"v1={expected}"
    assert sign(secret=SECRET, body=BODY, timestamp=NOW) == f"v1={expected}"  # an int timestamp signs the same


def test_a_valid_signature_is_accepted_and_its_timestamp_returned():
    assert _verify() == NOW


def test_a_bare_hex_digest_without_the_scheme_prefix_is_accepted_too():
    bare = sign(secret=SECRET, body=BODY, timestamp=TS).removeprefix("v1=")
    assert _verify(signature=bare) == NOW
    assert _verify(signature=bare.upper()) == NOW  # hex is case-insensitive


def test_a_tampered_body_is_refused():
    error = _refused(webhooks.BAD_SIGNATURE, body=BODY.replace(b"opt_out", b"opt_in_"))
    assert "does not match" in error.message


def test_a_tampered_timestamp_is_refused_even_inside_the_window():
    _refused(webhooks.BAD_SIGNATURE, timestamp=str(NOW + 1))


def test_a_wrong_secret_is_refused_and_the_message_leaks_no_digest():
    error = _refused(webhooks.BAD_SIGNATURE, secret=b"someone-else's-secret")
    right = sign(secret=SECRET, body=BODY, timestamp=TS).removeprefix("v1=")
    wrong = sign(secret=b"someone-else's-secret", body=BODY, timestamp=TS).removeprefix("v1=")
    assert right not in error.message and wrong not in error.message and "whsec" not in error.message


@pytest.mark.parametrize("offset", [300, -300])
def test_a_timestamp_exactly_at_the_tolerance_either_way_is_accepted(offset):
    sent = str(NOW - offset)
    assert _verify(timestamp=sent, signature=sign(secret=SECRET, body=BODY, timestamp=sent)) == NOW - offset


@pytest.mark.parametrize(("offset", "words"), [(301, "301 seconds ago"), (-301, "301 seconds in the future")])
def test_a_timestamp_one_second_outside_the_tolerance_either_way_is_refused(offset, words):
    sent = str(NOW - offset)
    error = _refused(webhooks.STALE_TIMESTAMP, timestamp=sent, signature=sign(secret=SECRET, body=BODY, timestamp=sent))
    assert words in error.message and "300 seconds" in error.message


def test_a_replay_of_an_old_genuine_message_is_refused():
    sent = str(NOW - 24 * 3600)
    _refused(webhooks.STALE_TIMESTAMP, timestamp=sent, signature=sign(secret=SECRET, body=BODY, timestamp=sent))


def test_the_tolerance_can_be_narrowed():
    sent = str(NOW - 61)
    signature = sign(secret=SECRET, body=BODY, timestamp=sent)
    assert _verify(timestamp=sent, signature=signature) == NOW - 61
    _refused(webhooks.STALE_TIMESTAMP, timestamp=sent, signature=signature, tolerance_seconds=60)


def test_now_defaults_to_the_clock():
    sent = str(int(time.time()))
    signature = sign(secret=SECRET, body=BODY, timestamp=sent)
    assert verify_hmac_signature(secret=SECRET, body=BODY, timestamp=sent, signature=signature) == int(sent)
    long_ago = "1000000000"  # 2001
    signature = sign(secret=SECRET, body=BODY, timestamp=long_ago)
    with pytest.raises(DomainError) as exc:
        verify_hmac_signature(secret=SECRET, body=BODY, timestamp=long_ago, signature=signature)
    assert exc.value.code == webhooks.STALE_TIMESTAMP


def test_rotation_accepts_a_message_signed_with_either_secret_during_the_overlap():
    both = [SECRET, OLD_SECRET]
    assert _verify(secret=both, signature=sign(secret=OLD_SECRET, body=BODY, timestamp=TS)) == NOW
    assert _verify(secret=both, signature=sign(secret=SECRET, body=BODY, timestamp=TS)) == NOW
    # after the overlap the old secret is dropped, and its signatures with it
    _refused(webhooks.BAD_SIGNATURE, secret=[SECRET], signature=sign(secret=OLD_SECRET, body=BODY, timestamp=TS))


def test_a_sender_mid_rotation_may_send_one_signature_per_secret():
    header = f"{sign(secret=OLD_SECRET, body=BODY, timestamp=TS)}, {sign(secret=SECRET, body=BODY, timestamp=TS)}"
    assert _verify(signature=header) == NOW
    assert _verify(secret=[OLD_SECRET], signature=header) == NOW


def test_signatures_of_an_unknown_scheme_are_skipped_not_trusted():
    good = sign(secret=SECRET, body=BODY, timestamp=TS)
    v0 = good.replace("v1=", "v0=")
    assert _verify(signature=f"v0=deadbeef, {good}") == NOW
    _refused(webhooks.MALFORMED_SIGNATURE, signature=v0)


@pytest.mark.parametrize(
    "timestamp",
    ["", "abc", "1.76e9", "1760000000.5", "-1760000000", "+1760000000", " 1760000000", "١٧٦٠٠٠٠٠٠٠", "9" * 13, None],
)
def test_a_non_numeric_or_absurd_timestamp_is_refused(timestamp):
    error = _refused(webhooks.BAD_TIMESTAMP, timestamp=timestamp)
    assert "whole number of seconds" in error.message


@pytest.mark.parametrize(
    "signature",
    [
        "",
        None,
        "v1=",
        "v1=not-hex",
        "v1=" + "a" * 63,  # one short
        "v1=" + "a" * 65,  # one long
        "sha256=" + "a" * 64,  # another scheme only
        "v1=" + "g" * 64,
        ",,,",
        "v1=" + "a" * 64 + "," * 2000,  # too long a header
    ],
)
def test_a_malformed_signature_header_is_refused_as_such(signature):
    error = _refused(webhooks.MALFORMED_SIGNATURE, signature=signature)
    assert "signature header" in error.message


def test_a_well_formed_but_wrong_digest_is_a_mismatch_not_malformed():
    _refused(webhooks.BAD_SIGNATURE, signature="v1=" + "0" * 64)


def test_digests_are_compared_in_constant_time(monkeypatch):
    seen = []
    real = hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(webhooks.hmac, "compare_digest", spy)
    _verify(secret=[SECRET, OLD_SECRET])
    assert len(seen) == 2 and all(isinstance(a, bytes) and isinstance(b, bytes) for a, b in seen)


@pytest.mark.parametrize("secret", [b"", [], [SECRET, b""]])
def test_an_empty_secret_is_a_configuration_fault_not_a_pass(secret):
    with pytest.raises(ValueError, match="non-empty secret"):
        _verify(secret=secret)
