"""M5.4–M5.5: the keyword blocklist (announce, 14 days' notice, retire), its pages and API, the pre-screen warning
about upcoming keywords, and exemption requests (queue kind keyword_request; scope, expiry, final decisions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import WorkItem
from core.errors import DomainError
from optouts import services
from optouts.models import BlockedKeyword, KeywordExemption
from tests.campaigns.factories import campaign_data

from .factories import NOW, check, sending

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_force(manager):
    # Before both the real clock (pages, API) and the check's fixed clock.
    start = min(timezone.now(), NOW) - timedelta(days=40)
    return services.keyword_add(actor=manager, word="casino", now=start, effective_at=start + timedelta(days=20))


@pytest.fixture
def sender(customer_a, sub_account_a, analyst):
    return sending(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


def request(customer, sub_account, *, campaign=None, word="casino"):
    return services.exemption_request(
        actor=customer,
        sub_account=sub_account,
        word=word,
        justification="Our venue hosts a licensed casino night for charity.",
        examples="Casino night this Friday at Acme Hall!",
        campaign=campaign,
        now=NOW,
    )


def test_M5_4_keyword_is_refused_twice_and_retired_with_notice(manager):
    keyword = services.keyword_add(actor=manager, word="  Casino ", now=NOW)
    assert (keyword.word, keyword.key, keyword.effective_at) == ("Casino", "casino", NOW + timedelta(days=14))
    with pytest.raises(DomainError) as twice:
        services.keyword_add(actor=manager, word="CASINO", now=NOW)
    assert twice.value.conflict
    # Retiring one not yet in force withdraws it from its effective date: it never acts.
    withdrawn = services.keyword_retire(actor=manager, keyword=keyword, now=NOW + timedelta(days=1))
    assert withdrawn.retired_at == withdrawn.effective_at
    live = services.keyword_add(actor=manager, word="lottery", now=NOW - timedelta(days=20))
    retired = services.keyword_retire(actor=manager, keyword=live, now=NOW)
    assert retired.retired_at == NOW + timedelta(days=14)
    with pytest.raises(DomainError) as early:
        services.keyword_retire(
            actor=manager,
            keyword=services.keyword_add(actor=manager, word="bingo", now=NOW - timedelta(days=20)),
            retire_at=NOW + timedelta(days=2),
            now=NOW,
        )
    assert early.value.field == "retire_at"


def test_M5_4_only_managers_change_the_list(analyst, customer_a):
    for user in (analyst, customer_a):
        with pytest.raises(DomainError) as refused:
            services.keyword_add(actor=user, word="casino")
        assert refused.value.code == "forbidden"


def test_M5_4_retired_keyword_stops_acting_on_its_date(manager, sender, sub_account_a):
    _, number = sender
    keyword = services.keyword_add(actor=manager, word="lottery", now=NOW - timedelta(days=20))
    services.keyword_retire(actor=manager, keyword=keyword, now=NOW)
    assert check(sub_account_a, number, text="lottery", now=NOW + timedelta(days=13)).code == "M5.4"
    assert check(sub_account_a, number, text="lottery", now=NOW + timedelta(days=14)).allowed


def test_M5_4_api_customers_see_in_force_and_coming(api_for, manager, customer_a, in_force):
    services.keyword_add(actor=manager, word="payday")
    body = api_for(customer_a).get("/api/v1/keywords/").json()
    by_word = {row["word"]: row for row in body["results"]}
    assert by_word["casino"]["in_force"] is True
    assert by_word["payday"]["in_force"] is False and by_word["payday"]["effective_at"]
    api = api_for(manager)
    created = api.post("/api/v1/keywords/", {"word": "loan shark"}, format="json")
    assert created.status_code == 201
    soon = (timezone.now() + timedelta(days=3)).isoformat()
    bad = api.post("/api/v1/keywords/", {"word": "gamble", "effective_at": soon}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "M5.4" and "effective_at" in bad.json()
    later = (timezone.now() + timedelta(days=30)).isoformat()
    moved = api.patch(f"/api/v1/keywords/{created.json()['id']}/", {"effective_at": later}, format="json")
    assert moved.status_code == 200
    retired = api.patch(f"/api/v1/keywords/{created.json()['id']}/", {"retire": True}, format="json")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    assert api_for(customer_a).post("/api/v1/keywords/", {"word": "x"}, format="json").status_code == 403
    assert api_for(customer_a).delete(f"/api/v1/keywords/{created.json()['id']}/").status_code == 405


def test_M5_4_page_shows_coming_on_date(client_for, manager, customer_a, in_force):
    upcoming = services.keyword_add(actor=manager, word="payday")
    page = client_for(customer_a).get("/keywords/").content.decode()
    assert "casino" in page and f"coming on {upcoming.effective_at:%Y-%m-%d}" in page
    assert "Announce a keyword" not in page
    manager_page = client_for(manager).post("/keywords/", {"word": "bingo", "effective_at": "", "note": ""})
    assert manager_page.status_code == 302 and BlockedKeyword.objects.filter(key="bingo").exists()


def test_M5_4_prescreen_warns_about_upcoming_keywords(manager, customer_a, sub_account_a, analyst):
    from campaigns.services import campaign_prescreen

    services.keyword_add(actor=manager, word="jackpot")
    data = campaign_data(sample_messages=["Acme: win the JACKPOT tonight! Reply STOP to opt out."])
    findings = [f for f in campaign_prescreen(data=data) if f["check"] == "upcoming_keyword"]
    assert len(findings) == 1
    assert findings[0]["field"] == "sample_messages.0" and "“jackpot”" in findings[0]["message"]
    assert not findings[0]["prohibited"]


def test_M5_5_request_becomes_a_work_item_and_needs_a_listed_word(customer_a, sub_account_a, in_force):
    exemption = request(customer_a, sub_account_a)
    assert exemption.status == "pending"
    item = WorkItem.objects.get(kind="keyword_request", subject_id=str(exemption.pk))
    assert item.account_id == sub_account_a.account_id
    with pytest.raises(DomainError) as unlisted:
        request(customer_a, sub_account_a, word="pizza")
    assert "word" in unlisted.value.errors


def test_M5_5_sub_account_scope_and_expiry(customer_a, sub_account_a, analyst, in_force, sender):
    _, number = sender
    exemption = request(customer_a, sub_account_a)
    assert check(sub_account_a, number, text="Casino night").code == "M5.4"
    services.exemption_decide(
        actor=analyst,
        exemption=exemption,
        decision="approve",
        scope="sub_account",
        expires_at=NOW + timedelta(days=7),
        now=NOW,
    )
    assert check(sub_account_a, number, text="Casino night").allowed
    assert check(sub_account_a, number, text="Casino night", now=NOW + timedelta(days=7)).code == "M5.4"


def test_M5_5_campaign_scope_covers_only_that_campaign(customer_a, sub_account_a, analyst, in_force, sender):
    campaign, number = sender
    exemption = request(customer_a, sub_account_a, campaign=campaign)
    services.exemption_decide(actor=analyst, exemption=exemption, decision="approve", scope="campaign", now=NOW)
    assert check(sub_account_a, number, text="Casino night", campaign=campaign).allowed
    assert check(sub_account_a, number, text="Casino night").code == "M5.4"


def test_M5_5_refusal_needs_a_reason_and_decisions_are_final(customer_a, sub_account_a, analyst, in_force):
    exemption = request(customer_a, sub_account_a)
    with pytest.raises(DomainError) as no_reason:
        services.exemption_decide(actor=analyst, exemption=exemption, decision="refuse")
    assert "reason" in no_reason.value.errors
    with pytest.raises(DomainError) as no_campaign:
        services.exemption_decide(actor=analyst, exemption=exemption, decision="approve", scope="campaign")
    assert no_campaign.value.field == "scope"
    services.exemption_decide(actor=analyst, exemption=exemption, decision="refuse", reason="Gambling content.")
    with pytest.raises(DomainError) as again:
        services.exemption_decide(actor=analyst, exemption=exemption, decision="approve", scope="sub_account")
    assert again.value.conflict
    exemption.refresh_from_db()
    assert exemption.status == "refused"
    assert WorkItem.objects.get(kind="keyword_request", subject_id=str(exemption.pk)).closed_at is not None
    with pytest.raises(DomainError) as customer:
        services.exemption_decide(actor=customer_a, exemption=exemption, decision="refuse", reason="x")
    assert customer.value.code == "forbidden"


def test_M5_5_api_and_tenancy(api_for, customer_a, customer_b, sub_account_a, sub_account_b, analyst, in_force):
    api = api_for(customer_a)
    created = api.post(
        "/api/v1/keyword-exemptions/",
        {"word": "casino", "sub_account": sub_account_a.pk, "justification": "Charity casino night."},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api_for(customer_b).get(f"/api/v1/keyword-exemptions/{pk}/").status_code == 404
    assert (
        api_for(customer_b).post(f"/api/v1/keyword-exemptions/{pk}/decide/", {"decision": "refuse"}).status_code == 404
    )
    other = api.post(
        "/api/v1/keyword-exemptions/",
        {"word": "casino", "sub_account": sub_account_b.pk, "justification": "x"},
        format="json",
    )
    assert other.status_code in (400, 404) and "Account" not in other.content.decode()
    assert api.post(f"/api/v1/keyword-exemptions/{pk}/decide/", {"decision": "approve"}).status_code == 403
    decided = api_for(analyst).post(
        f"/api/v1/keyword-exemptions/{pk}/decide/", {"decision": "approve", "scope": "sub_account"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    again = api_for(analyst).post(f"/api/v1/keyword-exemptions/{pk}/decide/", {"decision": "refuse", "reason": "no"})
    assert again.status_code == 409
    assert [r["id"] for r in api_for(customer_b).get("/api/v1/keyword-exemptions/").json()["results"]] == []


def test_M5_5_pages_and_tenancy(client_for, customer_a, customer_b, sub_account_a, analyst, in_force):
    client = client_for(customer_a)
    response = client.post(
        "/keyword-requests/new/",
        {
            "sub_account": sub_account_a.pk,
            "campaign": "",
            "word": "casino",
            "justification": "Charity night.",
            "examples": "",
        },
    )
    assert response.status_code == 302
    exemption = KeywordExemption.objects.get()
    assert client.get(exemption.get_absolute_url()).status_code == 200
    assert b"Record decision" not in client.get(exemption.get_absolute_url()).content
    other = client_for(customer_b)
    assert other.get(exemption.get_absolute_url()).status_code == 404
    assert other.post(f"/keyword-requests/{exemption.pk}/decide/", {"decision": "refuse"}).status_code == 404
    staff = client_for(analyst)
    assert b"Record decision" in staff.get(exemption.get_absolute_url()).content
    decided = staff.post(
        f"/keyword-requests/{exemption.pk}/decide/",
        {"decision": "refuse", "reason": "Gambling.", "scope": "", "expires_at": "", "version": exemption.version},
    )
    assert decided.status_code == 302
    exemption.refresh_from_db()
    assert exemption.status == "refused"
    assert "Gambling." in client.get(exemption.get_absolute_url()).content.decode()


def test_M5_6_brand_domain_page_is_staff_only(client_for, analyst, customer_a, sub_account_a):
    from tests.brands.factories import make_brand

    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    assert client_for(customer_a).get("/brand-domains/").status_code == 403
    staff = client_for(analyst)
    response = staff.post("/brand-domains/", {"brand": brand.pk, "domain": "go.acme.com", "note": ""})
    assert response.status_code == 302
    assert b"go.acme.com" in staff.get("/brand-domains/").content
    bad = staff.post("/brand-domains/", {"brand": brand.pk, "domain": "not a domain", "note": ""})
    assert bad.status_code == 200 and b"is not a domain name" in bad.content


def test_M5_4_each_change_is_announced_after_commit(manager, django_capture_on_commit_callbacks):
    from optouts.signals import keyword_change_announced

    seen = []

    def listener(sender, keyword, change, **kwargs):
        seen.append((keyword.word, change))

    keyword_change_announced.connect(listener, dispatch_uid="test_keyword_announced")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            keyword = services.keyword_add(actor=manager, word="jackpot")
        assert seen == []  # nothing before the commit
        for callback in callbacks:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            services.keyword_retire(actor=manager, keyword=keyword)
    finally:
        keyword_change_announced.disconnect(dispatch_uid="test_keyword_announced")
    assert seen == [("jackpot", "added"), ("jackpot", "retired")]
