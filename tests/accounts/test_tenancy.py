"""Tenancy: customers see only their own account's objects; others answer 404. Staff see all."""

import pytest
from django.urls import reverse

from accounts.models import SubAccount

pytestmark = pytest.mark.django_db


def test_visible_to_scopes_customers_to_their_account(customer_a, sub_account_a, sub_account_b, analyst):
    assert list(SubAccount.objects.visible_to(customer_a)) == [sub_account_a]
    assert set(SubAccount.objects.visible_to(analyst)) == {sub_account_a, sub_account_b}


def test_visible_to_hides_everything_from_anonymous_and_roleless(sub_account_a, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    roleless = django_user_model.objects.create_user("nobody", password="x")
    assert not SubAccount.objects.visible_to(AnonymousUser()).exists()
    assert not SubAccount.objects.visible_to(roleless).exists()
    assert not SubAccount.objects.visible_to(None).exists()


def test_customer_page_for_other_accounts_sub_account_is_404(client_for, customer_a, sub_account_a, sub_account_b):
    client = client_for(customer_a)
    assert client.get(reverse("sub-account-detail", args=[sub_account_a.pk])).status_code == 200
    response = client.get(reverse("sub-account-detail", args=[sub_account_b.pk]))
    assert response.status_code == 404
    assert b"Not found" in response.content  # the site's own 404 page


def test_customer_api_for_other_accounts_sub_account_is_404(api_for, customer_a, sub_account_a, sub_account_b):
    api = api_for(customer_a)
    assert api.get(f"/api/v1/sub-accounts/{sub_account_a.pk}/").status_code == 200
    assert api.get(f"/api/v1/sub-accounts/{sub_account_b.pk}/").status_code == 404
    listed = api.get("/api/v1/sub-accounts/").json()
    assert [row["id"] for row in listed["results"]] == [sub_account_a.pk]
    assert "next" in listed


def test_staff_sees_every_sub_account_in_api(api_for, analyst, sub_account_a, sub_account_b):
    listed = api_for(analyst).get("/api/v1/sub-accounts/").json()
    assert {row["id"] for row in listed["results"]} == {sub_account_a.pk, sub_account_b.pk}


def test_customer_cannot_open_staff_pages(client_for, customer_a):
    response = client_for(customer_a).get(reverse("account-list"))
    assert response.status_code == 403


def test_anonymous_is_sent_to_login_and_api_answers_401(client, sub_account_a):
    response = client.get(reverse("sub-account-detail", args=[sub_account_a.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(f"/api/v1/sub-accounts/{sub_account_a.pk}/").status_code == 401


def test_customer_creates_sub_account_under_own_account_only(api_for, customer_a, account_b):
    response = api_for(customer_a).post("/api/v1/sub-accounts/", {"name": "Acme Bakery", "account": account_b.pk})
    assert response.status_code == 201
    body = response.json()
    assert body["account"] == customer_a.account_id  # the account field is ignored for customers
    assert body["friendly_name"] == "Acme Messaging / Acme Bakery"


def test_duplicate_sub_account_name_is_a_field_error(api_for, customer_a, sub_account_a):
    response = api_for(customer_a).post("/api/v1/sub-accounts/", {"name": sub_account_a.name})
    assert response.status_code == 400
    assert "already has a sub-account named" in response.json()["name"][0]
    assert SubAccount.objects.filter(name=sub_account_a.name).count() == 1


def test_customer_creates_sub_account_in_the_browser(client_for, customer_a):
    client = client_for(customer_a)
    response = client.post(reverse("sub-account-create"), {"name": "Acme Bikes"}, follow=True)
    assert response.status_code == 200
    assert b"Acme Messaging / Acme Bikes" in response.content


def test_staff_cannot_create_sub_account_page(client_for, analyst):
    assert client_for(analyst).get(reverse("sub-account-create")).status_code == 403
