"""Issue 12 item 8: lockouts and API throttles key on the client behind the trusted proxies, not the proxy."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from core.client_ip import client_ip
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _behind_proxy(client_address: str, *, spoofed: str = "") -> dict:
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def _sign_in(client, username: str, password: str, meta: dict):
    return client.post("/login/", {"username": username, "password": password}, **meta)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_two_clients_behind_the_proxy_do_not_lock_each_other_out(client, customer_a, settings):
    attacker = _behind_proxy("203.0.113.10")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "customer-a", "wrong password", attacker)
    assert _sign_in(client, "customer-a", PASSWORD, attacker).status_code == 429
    # A client-chosen entry left of the proxy's does not get the attacker a fresh address either.
    assert (
        _sign_in(client, "customer-a", PASSWORD, _behind_proxy("203.0.113.10", spoofed="198.51.100.7")).status_code
        == 429
    )

    owner = _behind_proxy("203.0.113.20")
    response = _sign_in(client, "customer-a", PASSWORD, owner)
    assert response.status_code == 302 and response.url == "/"


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, customer_a, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # A client talking to us directly cannot dodge the lockout by inventing addresses.
        _sign_in(
            client, "customer-a", "wrong", {"REMOTE_ADDR": "203.0.113.30", "HTTP_X_FORWARDED_FOR": f"1.1.1.{attempt}"}
        )
    locked = _sign_in(
        client, "customer-a", PASSWORD, {"REMOTE_ADDR": "203.0.113.30", "HTTP_X_FORWARDED_FOR": "9.9.9.9"}
    )
    assert locked.status_code == 429


@pytest.mark.parametrize("count", [0, 1, 2])
@pytest.mark.parametrize(
    "forwarded", [None, "203.0.113.5", "198.51.100.7, 203.0.113.5", "1.1.1.1, 198.51.100.7, 203.0.113.5", "2001:db8::1"]
)
def test_axes_and_drf_read_the_same_client_address(count, forwarded):
    meta = {"REMOTE_ADDR": PROXY}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    with override_settings(TRUSTED_PROXY_COUNT=count, REST_FRAMEWORK={"NUM_PROXIES": count}):
        assert client_ip(request) == BaseThrottle().get_ident(request)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_garbage_in_the_proxy_entry_falls_back_to_the_proxy_address():
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="'; DROP TABLE")
    assert client_ip(request) == PROXY


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_token_endpoint_answers_429_after_its_limit_per_client(client, customer_a, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "3/min", "anon": "1000/min", "user": "1000/min"}
    )
    guesser = _behind_proxy("203.0.113.10")
    for _ in range(3):
        response = client.post("/api/v1/auth/token/", {"username": "customer-a", "password": "guess"}, **guesser)
        assert response.status_code == 400
    throttled = client.post("/api/v1/auth/token/", {"username": "customer-a", "password": PASSWORD}, **guesser)
    assert throttled.status_code == 429 and "Retry-After" in throttled

    other = client.post(
        "/api/v1/auth/token/", {"username": "customer-a", "password": PASSWORD}, **_behind_proxy("203.0.113.20")
    )
    assert other.status_code == 200 and other.json()["token"]


def test_api_answers_429_after_the_user_rate(api_for, customer_a, customer_b, monkeypatch):
    monkeypatch.setattr(
        SimpleRateThrottle, "THROTTLE_RATES", {"token": "1000/min", "anon": "1000/min", "user": "3/min"}
    )
    api = api_for(customer_a)
    for _ in range(3):
        assert api.get("/api/v1/me/").status_code == 200
    throttled = api.get("/api/v1/me/")
    assert throttled.status_code == 429 and "Retry-After" in throttled
    # Per user: another customer from the same address is not affected.
    assert api_for(customer_b).get("/api/v1/me/").status_code == 200


def test_rates_come_from_the_environment():
    import os
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='compliance_portal.settings.base'; django.setup();"
        "from django.conf import settings as s; r=s.REST_FRAMEWORK;"
        "rates=r['DEFAULT_THROTTLE_RATES'];"
        "print(s.TRUSTED_PROXY_COUNT, r['NUM_PROXIES'], rates['token'], rates['user'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "CI"}}
    env |= {"TRUSTED_PROXY_COUNT": "1", "API_THROTTLE_TOKEN": "5/min", "API_THROTTLE_USER": "100/min"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "1", "5/min", "100/min"]
