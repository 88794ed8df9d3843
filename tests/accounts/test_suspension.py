"""M4.2 (the account step of the enforcement ladder) and C8 (sub-accounts): suspension lives in accounts.

Accounts changes its own row, audits it and says so (``accounts.signals``); campaigns suspends the campaigns under
the account or sub-account and reinstates exactly those that step suspended.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from accounts import policies, services
from accounts.signals import account_suspended
from audit.models import AuditEvent
from campaigns import services as campaign_services
from campaigns.models import Campaign
from core.errors import DomainError
from tests.accounts.factories import SubAccountFactory
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_services import ready_brand


def raises(code, call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        call(*args, **kwargs)
    assert exc.value.code == code, exc.value
    return exc.value


def reload(*objs):
    for obj in objs:
        obj.refresh_from_db()


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return ready_brand(customer_a, sub_account_a, analyst)


@pytest.fixture
def spa_brand(customer_a, sub_account_a, analyst):
    spa = SubAccountFactory(account=sub_account_a.account, name="Acme Spa")
    return ready_brand(customer_a, spa, analyst, legal_name="Acme Spa LLC", tax_id="98-7654321")


@pytest.fixture
def b_brand(customer_b, sub_account_b, analyst):
    return ready_brand(customer_b, sub_account_b, analyst, legal_name="Beacon Shop LLC", tax_id="55-1234567")


def approved(customer, brand, analyst):
    return make_campaign(customer=customer, brand=brand, status="approved", analyst=analyst)


# --- service: what the step suspends and what reinstating brings back ---------------------------------------------


def test_M4_2_account_suspension_suspends_every_sub_accounts_approved_campaigns_and_reinstates_exactly_those(
    customer_a, customer_b, account_a, analyst, manager, brand, spa_brand, b_brand
):
    # given approved campaigns in two sub-accounts of account A, one suspended alone, a draft, and account B's
    dental, spa = approved(customer_a, brand, analyst), approved(customer_a, spa_brand, analyst)
    alone = approved(customer_a, brand, analyst)
    campaign_services.campaign_suspend(actor=analyst, campaign=alone, reason="Own violation")
    draft = make_campaign(customer=customer_a, brand=brand)
    other = approved(customer_b, b_brand, analyst)
    # when a manager suspends account A
    suspension = services.account_suspend(actor=manager, account=account_a, reason="Repeated spam complaints")
    # then every approved campaign of its sub-accounts is suspended with it, and nothing else
    assert suspension.subject == account_a and [c.pk for c in suspension.along] == [dental.pk, spa.pk]
    assert suspension.along_text() == " with 2 campaigns"
    reload(account_a, dental, spa, alone, draft, other)
    assert account_a.is_suspended and account_a.suspended_reason == "Repeated spam complaints"
    assert [(c.status, c.suspended_with_account) for c in (dental, spa)] == [("suspended", True)] * 2
    assert (alone.status, alone.suspended_with_account) == ("suspended", False)
    assert (draft.status, other.status) == ("draft", "approved")
    # and the step is audited on the account (customer-visible, in the account's trail), each campaign on its own
    event = AuditEvent.objects.get(subject_type="account", subject_id=str(account_a.pk))
    assert (event.action, event.from_state, event.to_state, event.account_id) == (
        "suspend",
        "active",
        "suspended",
        account_a.pk,
    )
    assert (event.actor, event.reason) == (manager, "Repeated spam complaints")
    assert "Repeated spam complaints" in AuditEvent.objects.for_subject(dental).filter(action="suspend").get().reason
    # and while it is suspended: not again, no campaign reinstated alone, nothing new registered (C7)
    raises("M4.2", services.account_suspend, actor=manager, account=account_a, reason="Again")
    error = raises("M4.2", campaign_services.campaign_reinstate, actor=analyst, campaign=dental, reason="Fine")
    assert "reinstate the account" in error.message
    error = raises("C7", campaign_services.campaign_submit, actor=customer_a, campaign=draft)
    assert f"Its account {account_a} is suspended (Repeated spam complaints)." in error.message
    # when it is reinstated, exactly the campaigns it suspended come back
    reinstated = services.account_reinstate(actor=manager, account=account_a, reason="Complaints resolved")
    assert [c.pk for c in reinstated.along] == [dental.pk, spa.pk]
    reload(account_a, dental, spa, alone)
    assert not account_a.is_suspended and account_a.suspended_reason == ""
    assert [(c.status, c.suspended_with_account) for c in (dental, spa)] == [("approved", False)] * 2
    assert alone.status == "suspended"
    assert AuditEvent.objects.filter(subject_type="account", action="reinstate", reason="Complaints resolved").exists()
    raises("M4.2", services.account_reinstate, actor=manager, account=account_a, reason="Again")


def test_M4_2_a_campaign_held_by_both_steps_comes_back_only_when_both_are_lifted(
    customer_a, account_a, sub_account_a, analyst, manager, brand, spa_brand
):
    dental, spa = approved(customer_a, brand, analyst), approved(customer_a, spa_brand, analyst)
    # sub-account first, then the account: lifting the account leaves the sub-account's campaigns suspended
    assert [
        c.pk for c in services.sub_account_suspend(actor=analyst, sub_account=sub_account_a, reason="C8").along
    ] == [dental.pk]
    assert [c.pk for c in services.account_suspend(actor=manager, account=account_a, reason="M4").along] == [spa.pk]
    reload(dental)
    assert (dental.suspended_with_sub_account, dental.suspended_with_account) == (True, True)
    assert [c.pk for c in services.account_reinstate(actor=manager, account=account_a, reason="ok").along] == [spa.pk]
    reload(dental, spa)
    assert (dental.status, spa.status) == ("suspended", "approved")
    assert [
        c.pk for c in services.sub_account_reinstate(actor=analyst, sub_account=sub_account_a, reason="ok").along
    ] == [dental.pk]
    reload(dental)
    assert (dental.status, dental.suspended_with_sub_account, dental.suspended_with_account) == (
        "approved",
        False,
        False,
    )
    # the account first, then the sub-account: lifting the sub-account leaves the account's hold
    services.account_suspend(actor=manager, account=account_a, reason="M4")
    assert services.sub_account_suspend(actor=analyst, sub_account=sub_account_a, reason="C8").along == []
    assert services.sub_account_reinstate(actor=analyst, sub_account=sub_account_a, reason="ok").along == []
    reload(dental)
    assert (dental.status, dental.suspended_with_sub_account, dental.suspended_with_account) == (
        "suspended",
        False,
        True,
    )
    assert {c.pk for c in services.account_reinstate(actor=manager, account=account_a, reason="ok").along} == {
        dental.pk,
        spa.pk,
    }


def test_M4_2_a_failing_listener_undoes_the_whole_step(customer_a, account_a, analyst, manager, brand):
    campaign = approved(customer_a, brand, analyst)

    def broken(**kwargs):
        raise RuntimeError("listener failed")

    account_suspended.connect(broken, dispatch_uid="test_broken_listener")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.account_suspend(actor=manager, account=account_a, reason="Spam")
    finally:
        account_suspended.disconnect(dispatch_uid="test_broken_listener")
    reload(account_a, campaign)
    assert not account_a.is_suspended and campaign.status == "approved"
    assert not AuditEvent.objects.filter(subject_type="account").exists()


# --- policy: a manager's step --------------------------------------------------------------------------------------


def test_M4_2_only_a_manager_suspends_or_reinstates_an_account(customer_a, account_a, analyst, manager):
    for user in (customer_a, analyst):
        assert not policies.account_can_suspend(user) and not policies.account_can_reinstate(user)
        raises("forbidden", services.account_suspend, actor=user, account=account_a, reason="x")
    assert policies.account_can_suspend(manager) and policies.account_can_reinstate(manager)
    assert policies.sub_account_can_suspend(analyst) and not policies.sub_account_can_suspend(customer_a)
    services.account_suspend(actor=manager, account=account_a, reason="Spam")
    for user in (customer_a, analyst):
        raises("forbidden", services.account_reinstate, actor=user, account=account_a, reason="x")
    reload(account_a)
    assert account_a.is_suspended


def test_M4_2_account_suspension_needs_a_reason(manager, account_a):
    raises("required", services.account_suspend, actor=manager, account=account_a, reason="  ")
    reload(account_a)
    assert not account_a.is_suspended


# --- API: POST /accounts/{id}/suspend/ and /reinstate/ (manager) -------------------------------------------------


def test_M4_2_account_suspension_api(api_for, customer_a, customer_b, account_a, analyst, manager, brand):
    campaign = approved(customer_a, brand, analyst)
    base = f"/api/v1/accounts/{account_a.pk}"
    # a customer (its own account or another's) and an analyst are refused by role, before any lookup
    for user in (customer_a, customer_b, analyst):
        for action in ("suspend", "reinstate"):
            assert api_for(user).post(f"{base}/{action}/", {"reason": "x"}, format="json").status_code == 403
    assert api_for(customer_b).post("/api/v1/accounts/999999/suspend/", {"reason": "x"}).status_code == 403
    api = api_for(manager)
    assert api.post("/api/v1/accounts/999999/suspend/", {"reason": "x"}, format="json").status_code == 404
    no_reason = api.post(f"{base}/suspend/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["reason"]
    reload(account_a)
    assert not account_a.is_suspended

    suspended = api.post(f"{base}/suspend/", {"reason": "Repeated violations"}, format="json")
    assert suspended.status_code == 200, suspended.json()
    assert suspended.json() == {
        "account": account_a.pk,
        "suspended": True,
        "suspended_reason": "Repeated violations",
        "campaigns": [campaign.pk],
    }
    assert api_for(customer_a).get(f"/api/v1/campaigns/{campaign.pk}/").json()["status"] == "suspended"
    again = api.post(f"{base}/suspend/", {"reason": "Again"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "M4.2"
    reinstated = api.post(f"{base}/reinstate/", {"reason": "Cleared"}, format="json")
    assert reinstated.status_code == 200
    assert reinstated.json() == {
        "account": account_a.pk,
        "suspended": False,
        "suspended_reason": "",
        "campaigns": [campaign.pk],
    }
    assert Campaign.objects.get(pk=campaign.pk).status == "approved"


# --- pages: the manager's account list, the customer's dashboard --------------------------------------------------


def test_M4_2_a_manager_suspends_and_reinstates_an_account_from_the_account_list(
    client_for, customer_a, customer_b, account_a, analyst, manager, brand
):
    campaign = approved(customer_a, brand, analyst)
    suspend, reinstate = (reverse(name, args=[account_a.pk]) for name in ("account-suspend", "account-reinstate"))
    staff = client_for(manager)
    listing = staff.get(reverse("account-list")).content.decode()
    assert "Suspend account" in listing and suspend in listing
    assert "Suspend account" not in client_for(analyst).get(reverse("account-list")).content.decode()
    # an analyst and customers are refused, whichever account
    for user in (analyst, customer_a, customer_b):
        assert client_for(user).post(suspend, {"reason": "x"}).status_code == 403
    staff = client_for(manager)  # one test client, signed in as whoever asked last
    refused = staff.post(suspend, {"reason": ""}, follow=True)
    assert "A suspension needs a reason." in refused.content.decode()

    response = staff.post(suspend, {"reason": "Repeated spam complaints"})
    assert response.status_code == 302 and response.url.startswith(reverse("account-list") + "?q=")
    page = staff.get(response.url).content.decode()
    assert f"{account_a} suspended with 1 campaign." in page
    assert 'data-testid="account-suspended"' in page and "Repeated spam complaints" in page and reinstate in page
    campaign.refresh_from_db()
    assert (campaign.status, campaign.suspended_with_account) == ("suspended", True)

    # the customer reads it on their dashboard in plain words; another account's customer sees nothing
    dashboard = client_for(customer_a).get(reverse("dashboard")).content.decode()
    assert "Your account is suspended" in dashboard and "Repeated spam complaints" in dashboard
    assert "M4" not in dashboard and "suspended_reason" not in dashboard
    assert "Your account is suspended" not in client_for(customer_b).get(reverse("dashboard")).content.decode()

    assert client_for(analyst).post(reinstate, {"reason": "x"}).status_code == 403
    client_for(manager).post(reinstate, {"reason": "Resolved"})
    campaign.refresh_from_db()
    assert campaign.status == "approved"
    assert "Your account is suspended" not in client_for(customer_a).get(reverse("dashboard")).content.decode()
