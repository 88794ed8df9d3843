"""Scale with the tenant, not the table: every list and detail page costs the same number of queries for 1
related row as for many (no per-row queries), for customers and for staff."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Account
from tests.accounts.factories import SubAccountFactory

from . import rows

MANY = 30


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def same_cost(client, build, url_of) -> tuple[int, int]:
    """Build one scenario with 1 related row and one with MANY; the page must cost the same."""
    one = build(1)
    few = queries(client, url_of(one))
    many = build(MANY)
    lots = queries(client, url_of(many))
    assert few == lots, f"{url_of(many)}: {few} queries with 1 row, {lots} with {MANY}"
    return few, lots


@pytest.fixture
def customer_client(client_for, customer_a):
    return client_for(customer_a)


@pytest.fixture
def staff_client(client_for, analyst):
    return client_for(analyst)


@pytest.fixture
def manager_client(client_for, manager):
    return client_for(manager)


def _fresh_sub(account_a, tag):
    return SubAccountFactory(account=account_a, name=f"{tag} {Account.objects.count()}{rows._seq}")


@pytest.mark.parametrize("who", ["customer", "staff"])
@pytest.mark.parametrize("url", ["/brands/", "/api/v1/brands/"])
def test_brand_lists_cost_no_query_per_row(who, url, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        for _ in range(n):
            rows.brand(_fresh_sub(account_a, "B"))

    # The list pages are cumulative: 1 row first, then 1 + MANY rows.
    same_cost(client, build, lambda _: url)


@pytest.mark.parametrize("who", ["customer", "staff"])
@pytest.mark.parametrize("url", ["/campaigns/", "/api/v1/campaigns/"])
def test_campaign_lists_cost_no_query_per_row(who, url, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        for _ in range(n):
            rows.campaign(rows.brand(_fresh_sub(account_a, "C")))

    same_cost(client, build, lambda _: url)


@pytest.mark.parametrize("who", ["customer", "staff"])
@pytest.mark.parametrize("url", ["/appeals/", "/api/v1/appeals/", "/api/v1/vets/"])
def test_appeal_and_vet_lists_cost_no_query_per_row(who, url, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        for _ in range(n):
            b = rows.brand(_fresh_sub(account_a, "A"), status="submitted")
            rows.appeal(b)
            rows.vet(b, status="REVIEW")

    same_cost(client, build, lambda _: url)


@pytest.mark.parametrize("who", ["customer", "staff"])
def test_brand_page_costs_the_same_for_1_and_many_vets(who, request, account_a):
    """The staff brand page listed 3 queries per vet (the instances lacking each token)."""
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        sub = _fresh_sub(account_a, "V")
        b = rows.brand(sub, tax_id=f"{80_000_000 + n:09d}")
        # Other instances of the same brand (same tax id) that lack the tokens: the V6 hint lists them per vet.
        for _ in range(2):
            rows.brand(_fresh_sub(account_a, "I"), tax_id=b.tax_id)
        for i in range(n):
            rows.vet(b, token=f"TOKEN-{n}-{i}")
        return b

    same_cost(client, build, lambda b: f"/brands/{b.pk}/")


@pytest.mark.parametrize("who", ["customer", "staff"])
def test_campaign_page_costs_the_same_for_1_and_many_sibling_campaigns(who, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        b = rows.brand(_fresh_sub(account_a, "S"))
        made = [rows.campaign(b) for _ in range(n)]
        return made[0]

    same_cost(client, build, lambda c: f"/campaigns/{c.pk}/")


@pytest.mark.parametrize("who", ["customer", "staff"])
def test_appeal_page_costs_the_same_for_1_and_many_evidence_files(who, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        a = rows.appeal(rows.brand(_fresh_sub(account_a, "E"), status="submitted"))
        for i in range(min(n, 10)):  # A8: at most 10 files per appeal
            rows.evidence(a, i)
        return a

    same_cost(client, build, lambda a: f"/appeals/{a.pk}/")


def test_sub_account_list_costs_no_query_per_row(customer_client, account_a):
    def build(n):
        rows.sub_accounts(account_a, n, prefix=f"L{n}")

    same_cost(customer_client, build, lambda _: "/sub-accounts/")


def test_staff_account_list_costs_no_query_per_row(staff_client, db):
    def build(n):
        for i in range(n):
            acc = Account.objects.create(name=f"Listed {n}-{i}")
            rows.sub_accounts(acc, 3)

    same_cost(staff_client, build, lambda _: "/staff/accounts/")


@pytest.mark.parametrize("who", ["customer", "staff", "manager"])
def test_dashboard_costs_the_same_whatever_the_data(who, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        for _ in range(n):
            b = rows.brand(_fresh_sub(account_a, "D"), status="submitted")
            rows.campaign(b)
            rows.vet(b, status="REVIEW")

    same_cost(client, build, lambda _: "/")


@pytest.mark.parametrize("who", ["customer", "staff"])
def test_vet_page_costs_the_same_for_1_and_many_sibling_vets(who, request, account_a):
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        b = rows.brand(_fresh_sub(account_a, "W"))
        made = [rows.vet(b, token=f"SIB-{n}-{i}") for i in range(n)]
        return made[0]

    same_cost(client, build, lambda v: f"/vets/{v.pk}/")


@pytest.mark.parametrize("who", ["customer", "staff"])
def test_sub_account_page_costs_the_same_for_1_and_many_brands(who, request, account_a):
    """S3 keeps one end brand per sub-account, but older data may hold more: the page must not pay per brand."""
    client = request.getfixturevalue(f"{who}_client")

    def build(n):
        sub = _fresh_sub(account_a, "P")
        for _ in range(n):
            rows.campaign(rows.brand(sub))
        return sub

    same_cost(client, build, lambda s: f"/sub-accounts/{s.pk}/")
