"""S4: direct brands only — a reseller account needs a manager's approval; until then 710 and no submission."""

import pytest
from django.urls import reverse

from accounts import services as account_services
from audit.models import AuditEvent
from brands import services as brand_services
from core.errors import DomainError, StateConflict
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import make_brand


def _codes(brand):
    brand.refresh_from_db()
    return [f["code"] for f in brand.findings]


@pytest.mark.django_db
def test_s4_reseller_brands_carry_710_and_cannot_be_submitted_until_approved(
    customer_a, sub_account_a, account_a, analyst, manager
):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    assert "710" not in _codes(brand)
    account_services.account_mark_reseller(actor=analyst, account=account_a, reason="Onboards agencies' clients")
    assert "710" in _codes(brand)
    # A brand registered meanwhile carries it from the start.
    other = SubAccountFactory(account=account_a, name="Acme Agency Client")
    later = make_brand(customer=customer_a, sub_account=other, tax_id="31-3131313")
    assert "710" in _codes(later)
    with pytest.raises(StateConflict) as refused:
        brand_services.brand_submit(actor=customer_a, brand=brand)
    assert refused.value.code == "710" and "serving other ISVs" in refused.value.message

    account_services.account_approve_reseller(actor=manager, account=account_a, reason="Agency contract reviewed")
    assert "710" not in _codes(brand) and "710" not in _codes(later)
    assert brand_services.brand_submit(actor=customer_a, brand=brand).status == "submitted"
    account_a.refresh_from_db()
    assert account_a.reseller_approved_by == manager and account_a.reseller_reason == "Agency contract reviewed"
    events = AuditEvent.objects.filter(subject_type="account", subject_id=str(account_a.pk))
    assert list(events.order_by("id").values_list("action", "reason")) == [
        ("reseller_marked", "Onboards agencies' clients"),
        ("reseller_approved", "Agency contract reviewed"),
    ]


@pytest.mark.django_db
def test_s4_only_a_manager_approves_with_a_reason(account_a, analyst, manager, customer_a):
    with pytest.raises(DomainError) as refused:
        account_services.account_mark_reseller(actor=customer_a, account=account_a, reason="x")
    assert refused.value.code == "forbidden"
    account_services.account_mark_reseller(actor=analyst, account=account_a, reason="Agency")
    with pytest.raises(DomainError) as refused:
        account_services.account_approve_reseller(actor=analyst, account=account_a, reason="ok")
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as refused:
        account_services.account_approve_reseller(actor=manager, account=account_a, reason="  ")
    assert refused.value.field == "reason"
    account_services.account_approve_reseller(actor=manager, account=account_a, reason="Reviewed")
    with pytest.raises(StateConflict):
        account_services.account_approve_reseller(actor=manager, account=account_a, reason="Again")


@pytest.mark.django_db
def test_s4_account_list_actions(client_for, account_a, analyst, manager):
    page = client_for(analyst).get(reverse("account-list"))
    assert b"Mark as reseller" in page.content and b"Approve reseller" not in page.content
    client_for(analyst).post(reverse("account-reseller-mark", args=[account_a.pk]), {"reason": "Agency"})
    account_a.refresh_from_db()
    assert account_a.reseller_pending
    page = client_for(manager).get(reverse("account-list"))
    assert b"Approve reseller" in page.content
    client_for(manager).post(reverse("account-reseller-approve", args=[account_a.pk]), {"reason": "Contract seen"})
    account_a.refresh_from_db()
    assert account_a.reseller_approved


@pytest.mark.django_db
def test_s4_customer_reads_710_in_plain_words(client_for, customer_a, sub_account_a, account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    account_services.account_mark_reseller(actor=analyst, account=account_a, reason="Agency")
    page = client_for(customer_a).get(reverse("brand-detail", args=[brand.pk])).content.decode()
    assert "registered as serving other ISVs" in page
    assert (
        client_for(customer_a).post(reverse("account-reseller-mark", args=[account_a.pk]), {"reason": "x"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_s4_api_mark_and_approve(api_for, account_a, customer_a, analyst, manager):
    base = f"/api/v1/accounts/{account_a.pk}/reseller/"
    assert api_for(customer_a).post(base, {"reason": "x"}, format="json").status_code == 403
    assert api_for(analyst).post(base, {"reason": ""}, format="json").status_code == 400
    marked = api_for(analyst).post(base, {"reason": "Agency clients"}, format="json")
    assert marked.status_code == 200 and marked.json()["reseller_pending"] is True
    assert api_for(analyst).post(f"{base}approve/", {"reason": "ok"}, format="json").status_code == 403
    approved = api_for(manager).post(f"{base}approve/", {"reason": "Contracts reviewed"}, format="json")
    assert approved.status_code == 200 and approved.json()["reseller_pending"] is False
    assert approved.json()["reseller_reason"] == "Contracts reviewed"
    again = api_for(manager).post(f"{base}approve/", {"reason": "again"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "S4"
    assert api_for(manager).post("/api/v1/accounts/999999/reseller/approve/", {"reason": "x"}).status_code == 404
