"""Sign-in, throttling, token auth and /me for every role."""

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_wrong_login_shows_a_form_error_not_a_500(client, customer_a):
    response = client.post(reverse("login"), {"username": "customer-a", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_login_is_throttled_after_five_failures(client, customer_a):
    for _ in range(5):
        client.post(reverse("login"), {"username": "customer-a", "password": "wrong"})
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "customer-a", "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


def test_right_login_reaches_the_dashboard(client, analyst):
    response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert b"Analyst dashboard" in response.content


@pytest.mark.parametrize("username", ["analyst", "manager", "customer-a"])
def test_token_then_me_for_each_role(client, username, analyst, manager, customer_a):
    from rest_framework.test import APIClient

    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert token.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    me = api.get("/api/v1/me/").json()
    expected_role = {"analyst": "analyst", "manager": "manager", "customer-a": "customer"}[username]
    assert me == {
        "username": username,
        "role": expected_role,
        "account": customer_a.account_id if username == "customer-a" else None,
    }


def test_token_with_wrong_password_is_400(customer_a):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/v1/auth/token/", {"username": "customer-a", "password": "x"}, format="json")
    assert response.status_code == 400


def test_customer_and_staff_flags_cannot_be_combined(account_a, django_user_model):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user("both", password="x", account=account_a, is_staff=True)


def test_role_groups_carry_permissions(analyst, manager):
    assert analyst.role == "analyst" and not analyst.is_manager
    assert manager.role == "manager" and manager.has_perm("accounts.manage_queues")
    assert not analyst.has_perm("accounts.manage_queues")
