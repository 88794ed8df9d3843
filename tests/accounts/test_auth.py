"""Sign-in, throttling, token auth and /me for every role."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

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


def deactivate(user) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])


@pytest.mark.parametrize("username", ["analyst", "customer-a"])
def test_deactivated_users_token_stops_working(username, analyst, customer_a, api_for):
    # given a user whose token works
    user = {"analyst": analyst, "customer-a": customer_a}[username]
    api = api_for(user)
    assert api.get("/api/v1/me/").status_code == 200
    # when the user is deactivated, the same token is refused on the next request …
    deactivate(user)
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert "inactive" in response.json()["detail"]
    assert api.get("/api/v1/brands/").status_code == 401
    # … and no new token is handed out for the right password
    fresh = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert fresh.status_code == 400 and "token" not in fresh.json()


@pytest.mark.parametrize("username", ["analyst", "customer-a"])
def test_deactivated_users_session_is_signed_out(client, username, analyst, customer_a):
    # given a user signed in through the login page
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 200
    # when the user is deactivated, the next page sends them to the login page
    deactivate({"analyst": analyst, "customer-a": customer_a}[username])
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get("/brands/").status_code == 302
    # the session cookie no longer opens the API either
    assert client.get("/api/v1/me/").status_code == 401
    # and signing in again is refused
    again = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert again.status_code == 200 and b"Please enter a correct username and password" in again.content
    assert client.get(reverse("dashboard")).status_code == 302
