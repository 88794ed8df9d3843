"""The account key tenant-scoped rows carry: derived from the parent, proven by the database, used by
``visible_to`` without a join, and backfilled by the migrations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from accounts.models import SubAccount
from appeals.models import Appeal, Evidence
from brands.models import Brand
from campaigns.models import Campaign
from vetting.models import Vet

from . import rows


def test_key_is_copied_from_the_parent_on_insert(sub_account_a):
    brand = rows.brand(sub_account_a)
    campaign, vet, appeal = rows.campaign(brand), rows.vet(brand), rows.appeal(brand)
    evidence = rows.evidence(appeal, 1)
    account = sub_account_a.account_id
    assert {brand.account_id, campaign.account_id, vet.account_id, appeal.account_id, evidence.account_id} == {account}
    # The audit trail and work items read the key directly.
    assert campaign.audit_account_id == account


@pytest.mark.parametrize("model", [Brand, Campaign, Vet, Appeal, Evidence])
def test_visible_to_filters_on_the_direct_key_without_a_join(model, customer_a):
    sql = str(model.objects.visible_to(customer_a).query)
    assert "JOIN" not in sql.upper(), sql
    assert f'"{model._meta.db_table}"."account_id" = {customer_a.account_id}' in sql


def test_customer_lists_use_the_account_index(postgres_only, customer_a, sub_account_a):
    for _ in range(3):
        rows.campaign(rows.brand(sub_account_a))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table: ask whether the index can serve the list at all
        queryset = Campaign.objects.visible_to(customer_a).order_by("-created_at", "-id")[:50]
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")
    # On a handful of rows the planner may pick either account-keyed index; both serve the tenant's rows only.
    assert "campaign_account_created" in plan or "campaign_account_id" in plan, plan


@pytest.mark.parametrize(
    ("label", "make", "table"),
    [
        ("brand", lambda b, a: Brand.objects.filter(pk=b.pk).update(account=a), "brands_brand"),
        (
            "campaign",
            lambda b, a: Campaign.objects.filter(pk=rows.campaign(b).pk).update(account=a),
            "campaigns_campaign",
        ),
        ("vet", lambda b, a: Vet.objects.filter(pk=rows.vet(b).pk).update(account=a), "vetting_vet"),
        ("appeal", lambda b, a: Appeal.objects.filter(pk=rows.appeal(b).pk).update(account=a), "appeals_appeal"),
    ],
)
def test_database_refuses_a_key_that_disagrees_with_the_parent(
    postgres_only, label, make, table, sub_account_a, account_b
):
    brand = rows.brand(sub_account_a)
    with pytest.raises(IntegrityError, match="does not match"), transaction.atomic():
        make(brand, account_b)


def test_database_refuses_an_insert_with_a_foreign_key_of_another_account(postgres_only, sub_account_a, account_b):
    brand = rows.brand(sub_account_a)
    with pytest.raises(IntegrityError, match="does not match"), transaction.atomic():
        Campaign.objects.create(brand=brand, account=account_b, use_case="MIXED", description="x")


def test_a_sub_account_never_moves_to_another_account(postgres_only, sub_account_a, account_b):
    rows.brand(sub_account_a)
    with pytest.raises(IntegrityError, match="never moves"), transaction.atomic():
        SubAccount.objects.filter(pk=sub_account_a.pk).update(account=account_b)


@pytest.mark.django_db(transaction=True)
def test_migrations_backfill_the_key_in_batches(monkeypatch):
    from accounts import keying
    from tests.accounts.factories import AccountFactory, SubAccountFactory

    monkeypatch.setattr(keying, "BATCH", 2)  # several batches over a handful of rows
    sub = SubAccountFactory(account=AccountFactory(name="Backfilled"))
    brands = [rows.brand(sub) for _ in range(5)]
    campaigns = [rows.campaign(b) for b in brands]
    appeal = rows.appeal(brands[0])
    rows.evidence(appeal, 1)
    # Back to before the key (the columns go), then forward: the migrations must fill every row again.
    for app, before in (("campaigns", "0001"), ("appeals", "0001"), ("vetting", "0002"), ("brands", "0001")):
        call_command("migrate", app, before, verbosity=0)
    call_command("migrate", verbosity=0)
    assert set(Brand.objects.filter(pk__in=[b.pk for b in brands]).values_list("account_id", flat=True)) == {
        sub.account_id
    }
    assert set(Campaign.objects.filter(pk__in=[c.pk for c in campaigns]).values_list("account_id", flat=True)) == {
        sub.account_id
    }
    assert Evidence.objects.get(appeal=appeal).account_id == sub.account_id
