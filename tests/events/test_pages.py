"""The customer's status-callback URLs page: made once shown once, revoked, tenancy, roles."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from events.credentials import unseal
from events.models import HookEndpoint
from tests.events.factories import TWILIO_TOKEN, make_hook

pytestmark = pytest.mark.django_db
PAGE = "/traffic/callbacks/"


def test_M2_1_customer_makes_a_url_shown_once_with_a_sealed_token(client_for, customer_a, sub_account_a):
    client = client_for(customer_a)
    response = client.post(
        PAGE, {"provider": "twilio", "sub_account": sub_account_a.pk, "label": "Prod", "credential": TWILIO_TOKEN}
    )
    assert response.status_code == 200
    hook = HookEndpoint.objects.get()
    body = response.content.decode()
    url = response.context["created_url"]
    assert url.startswith("http://testserver/hooks/status/twilio/") and url in body
    assert hook.secret_hint in url and hook.secret_sha256 not in body
    assert TWILIO_TOKEN not in body and TWILIO_TOKEN not in hook.credential_sealed
    assert unseal(hook.credential_sealed) == TWILIO_TOKEN
    assert hook.sub_account == sub_account_a and hook.account_id == customer_a.account_id
    again = client.get(PAGE).content.decode()
    assert url not in again and TWILIO_TOKEN not in again and f"…{hook.secret_hint}/" in again
    assert AuditEvent.objects.filter(subject_type="hook_endpoint", action="hook_created").count() == 1


def test_M2_1_bad_input_is_a_form_error(client_for, customer_a, sub_account_b):
    client = client_for(customer_a)
    response = client.post(PAGE, {"provider": "telnyx", "credential": "not-a-key"})
    assert "Telnyx public key" in response.content.decode()
    assert client.post(PAGE, {"provider": "twilio", "sub_account": sub_account_b.pk}).status_code == 200
    assert not HookEndpoint.objects.exists()


def test_M2_1_revoke_and_tenancy(client_for, customer_a, customer_b):
    hook, _ = make_hook(customer_a, "plivo")
    assert client_for(customer_b).post(f"{PAGE}{hook.pk}/revoke/").status_code == 404
    hook.refresh_from_db()
    assert not hook.is_revoked
    assert hook.secret_hint not in client_for(customer_b).get(PAGE).content.decode()
    response = client_for(customer_a).post(f"{PAGE}{hook.pk}/revoke/")
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.is_revoked


def test_M2_1_staff_read_only_and_anonymous_redirected(client, client_for, analyst, customer_a):
    hook, _ = make_hook(customer_a, "twilio")
    assert client.get(PAGE).status_code == 302
    staff = client_for(analyst)
    page = staff.get(PAGE)
    assert page.status_code == 200 and hook.secret_hint in page.content.decode()
    assert "hook-form" not in page.content.decode()
    assert staff.post(PAGE, {"provider": "twilio"}).status_code == 403
    assert staff.post(f"{PAGE}{hook.pk}/revoke/").status_code == 403
