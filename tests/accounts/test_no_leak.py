"""Tenancy, DESIGN §1 and §9 "Never reveal another account": customer A's data carries unique marker strings; as
customer B every page and API route (walked from the URL resolver, with A's ids and with B's own ids) and every
input that looks A's data up system-wide (an EIN, a brand id, a subject) answers without any of A's markers.

B's own brand reuses A's EIN with another legal name, so the system-wide EIN check (B4/511) has something to
find: staff see it, B must not.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from appeals import services as appeal_services
from brands import services as brand_services
from campaigns.models import Campaign
from casework import services as casework_services
from tests.accounts.factories import AccountFactory, SubAccountFactory, UserFactory
from tests.appeals.factories import upload
from tests.brands.factories import brand_data, make_brand
from tests.campaigns.factories import campaign_data, make_campaign
from vetting import services as vet_services

pytestmark = pytest.mark.django_db

A_ACCOUNT = "Quillfeather Holdings"
A_SUB_ACCOUNT = "Quillfeather Clinic Sub"
A_LEGAL = "Quillfeather Orthodontics LLC"
A_DISPLAY = "Quillsmile Marker"
A_USER = "quill-customer"
A_CAMPAIGN = "ZEPHYRINE-CAMPAIGN-7741"
A_COMMENT = "MARKER-COMMENT-5521"
A_APPEAL = "MARKER-APPEAL-9931"
A_EVIDENCE = "marker-evidence-3317.pdf"
A_EIN = "45-6789123"
MARKERS = (A_ACCOUNT, A_SUB_ACCOUNT, A_LEGAL, A_DISPLAY, A_USER, A_CAMPAIGN, A_COMMENT, A_APPEAL, A_EVIDENCE)

_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@pytest.fixture
def world(analyst):
    """Customer A with a brand, a failed vet appealed (evidence), a rejected campaign with messages; customer B with
    a brand that reuses A's EIN under another legal name, and a campaign."""
    account_a = AccountFactory(name=A_ACCOUNT)
    sub_a = SubAccountFactory(account=account_a, name=A_SUB_ACCOUNT)
    customer_a = UserFactory(username=A_USER, account=account_a)
    brand_a = make_brand(
        customer=customer_a,
        sub_account=sub_a,
        status="approved",
        analyst=analyst,
        legal_name=A_LEGAL,
        display_name=A_DISPLAY,
        tax_id=A_EIN,
    )
    brand_a = brand_services.brand_record_identity(
        actor=analyst, brand=brand_a, identity_status="VERIFIED", reason="Registry verified"
    )
    vet_a = vet_services.vet_request(actor=customer_a, brand=brand_a, vet_class="STANDARD", vendor="AEGIS")
    vet_a = vet_services.vet_record_result(actor=analyst, vet=vet_a, status="FAILED", score=12, token="QA-TOKEN-1")
    appeal_a = appeal_services.appeal_open(
        actor=customer_a, vet=vet_a, categories=["VERIFY_TAX_ID"], explanation=f"{A_APPEAL} the score is wrong"
    )
    appeal_services.evidence_add(actor=customer_a, appeal=appeal_a, upload=upload(A_EVIDENCE))
    campaign_a = make_campaign(
        customer=customer_a,
        brand=brand_a,
        status="rejected",
        analyst=analyst,
        description=f"{A_CAMPAIGN}: Acme Dental sends appointment reminders to patients who opted in online.",
    )
    casework_services.comment_add(actor=customer_a, subject=campaign_a, body=f"{A_COMMENT} please call us")
    casework_services.comment_add(actor=analyst, subject=brand_a, body=f"{A_COMMENT} internal", internal=True)

    account_b = AccountFactory(name="Beacon Telecom")
    sub_b = SubAccountFactory(account=account_b, name="Beacon Retail")
    customer_b = UserFactory(username="customer-b", account=account_b)
    brand_b = make_brand(
        customer=customer_b, sub_account=sub_b, status="approved", analyst=analyst, legal_name="Beacon Pets Inc"
    )
    brand_b = brand_services.brand_record_identity(
        actor=analyst, brand=brand_b, identity_status="VERIFIED", reason="Registry verified"
    )
    campaign_b = make_campaign(customer=customer_b, brand=brand_b)
    # B's draft reuses A's EIN: the system-wide check finds A's brand (a staff-only finding).
    draft_b = brand_services.brand_register(
        actor=customer_b,
        sub_account=SubAccountFactory(account=account_b, name="Beacon Kennels"),  # another end brand (S3)
        data=brand_data(legal_name="Beacon Kennels LLC", tax_id=A_EIN),
    )
    assert A_LEGAL in str(brand_services.brand_findings_for(user=analyst, findings=draft_b.findings))
    return {
        "a": {
            "brand": brand_a.pk,
            "vet": vet_a.pk,
            "appeal": appeal_a.pk,
            "evidence": appeal_a.evidence.get().pk,
            "campaign": campaign_a.pk,
            "sub-account": sub_a.pk,
        },
        "b": {
            "brand": draft_b.pk,
            "vet": vet_a.pk,  # B has no vet: A's stands in, and must answer 404
            "appeal": appeal_a.pk,
            "evidence": appeal_a.evidence.get().pk,
            "campaign": campaign_b.pk,
            "sub-account": sub_b.pk,
        },
        "customer_b": customer_b,
        "brand_b": brand_b,
        "draft_b": draft_b,
        "brand_a": brand_a,
        "campaign_a": campaign_a,
        "vet_a": vet_a,
    }


def assert_clean(response, what: str, typed: str = "") -> None:
    """No marker of A's in the response; ``typed`` (what B typed, echoed back in a search box) is not a leak."""
    assert response.status_code < 500, f"{what}: {response.status_code}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if typed:
        text = text.replace(html.escape(typed), "").replace(typed, "")
    leaked = [marker for marker in MARKERS if marker.lower() in text.lower()]
    assert not leaked, f"{what} shows customer A's {leaked}"


# --- every route, from the resolver ----------------------------------------------------------------------------


def _routes() -> Iterator[str]:
    def walk(patterns, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern.lstrip("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + regex)
            elif isinstance(pattern, URLPattern):
                yield prefix + regex

    for route in walk(get_resolver().url_patterns, ""):
        if not route.startswith(("admin", "login", "logout", "static", "api/schema", "api/docs")):
            yield route


#: A named group → the kind of object it names: by its name, else by the path segment before it.
_BY_NAME = {"brand_pk": "brand", "vet_pk": "vet", "appeal_pk": "appeal", "evidence_pk": "evidence"}
_BY_SEGMENT = {
    "brands": "brand",
    "vets": "vet",
    "appeals": "appeal",
    "evidence": "evidence",
    "campaigns": "campaign",
    "sub-accounts": "sub-account",
}
_FIXED = {"page": "1", "view": "all", "subject_type": "brand", "code": "511"}


def _url(route: str, ids: dict) -> str:
    """``route`` with each id group filled with ``ids``' object of that kind; work items and reports (staff-only
    routes) get the brand's id."""
    out, pos = [], 0
    for match in _GROUP.finditer(route):
        out.append(route[pos : match.start()])
        name = match["name"]
        segment = re.findall(r"([\w\\-]+)/$", "".join(out))
        kind = _BY_NAME.get(name) or _BY_SEGMENT.get(segment[0].replace("\\", "") if segment else "")
        out.append(_FIXED.get(name) or str(ids.get(kind, ids["brand"])))
        pos = match.end()
    out.append(route[pos:])
    url = "".join(out)
    for token in ("\\Z", "$"):
        url = url.removesuffix(token)
    return "/" + url.replace("\\-", "-").replace("\\.", ".").replace("/?", "/")


def test_tenancy_no_page_or_api_route_shows_customer_a_data_to_customer_b(client, api_for, world):
    customer_b = world["customer_b"]
    client.force_login(customer_b)
    api = api_for(customer_b)
    walked = 0
    for route in _routes():
        for owner in ("a", "b"):
            url = _url(route, world[owner])
            caller = api if url.startswith("/api/") else client
            assert_clean(caller.get(url), f"GET {url}")
            if owner == "a":
                # B acting on A's objects: refused without a word about them, and nothing changes.
                assert_clean(caller.post(url, {}), f"POST {url}")
            walked += 1
    assert walked > 100
    world["campaign_a"].refresh_from_db()
    assert world["campaign_a"].status == "rejected"


def test_tenancy_lists_and_searches_never_show_customer_a_data(client, api_for, world):
    customer_b = world["customer_b"]
    client.force_login(customer_b)
    api = api_for(customer_b)
    a = world["a"]
    searches = [A_LEGAL, A_DISPLAY, A_EIN, A_EIN.replace("-", ""), "Quill", f"C-{a['campaign']}"]
    for q in searches:
        for url in ("/brands/", "/campaigns/", "/api/v1/brands/", "/api/v1/campaigns/"):
            response = (api if url.startswith("/api/") else client).get(url, {"q": q})
            assert_clean(response, f"{url}?q={q}", typed=q)
    filters = {
        "/api/v1/brands/": {"sub_account": a["sub-account"]},
        "/api/v1/campaigns/": {"brand": a["brand"]},
        "/api/v1/appeals/": {"brand": a["brand"], "vet": a["vet"]},
        "/api/v1/vets/": {"brand": a["brand"]},
        "/api/v1/appeal-eligibility/": {"brand": a["brand"], "vet": a["vet"]},
        "/api/v1/audit-events/": {"subject": f"brand:{a['brand']}"},
        "/api/v1/comments/": {"subject": f"campaign:{a['campaign']}"},
    }
    for url, params in filters.items():
        for name, value in params.items():
            assert_clean(api.get(url, {name: value}), f"{url}?{name}={value}")
    for url in ("/", "/brands/", "/campaigns/", "/appeals/", "/sub-accounts/", "/brands/new/", "/campaigns/new/"):
        assert_clean(client.get(url), url)
    assert_clean(client.get("/appeals/new/", {"brand": a["brand"]}), "appeal-new ?brand=A")
    assert_clean(client.get("/appeals/new/", {"vet": a["vet"]}), "appeal-new ?vet=A")
    assert_clean(client.get("/campaigns/new/", {"brand": a["brand"]}), "campaign-new ?brand=A")


def test_B4_511_inputs_that_take_an_ein_never_reveal_customer_a(client, api_for, world):
    customer_b = world["customer_b"]
    client.force_login(customer_b)
    api = api_for(customer_b)
    draft_b, a = world["draft_b"], world["a"]
    # the live form, new and for B's own draft
    typed = brand_data(legal_name="Anything Else Inc", tax_id=A_EIN)
    assert_clean(client.post("/brands/findings/", typed), "live findings form")
    assert_clean(client.post("/brands/findings/", {**typed, "brand": draft_b.pk}), "live findings form (draft)")
    assert_clean(client.post("/brands/findings/", {**typed, "brand": a["brand"]}), "live findings form (A's id)")
    # registering and patching with A's EIN
    sub_b = draft_b.sub_account_id
    created = api.post("/api/v1/brands/", {**typed, "sub_account": sub_b}, format="json")
    assert created.status_code == 201
    assert_clean(created, "POST /api/v1/brands/")
    page = client.post("/brands/new/", {**typed, "legal_name": "Beacon Birds", "sub_account": sub_b}, follow=True)
    assert_clean(page, "register page")
    other = brand_services.brand_register(
        actor=customer_b,
        sub_account=SubAccountFactory(account=draft_b.sub_account.account, name="Beacon Fish"),  # its own (S3)
        data=brand_data(legal_name="Beacon Fish", tax_id="11-2223334"),
    )
    assert_clean(api.patch(f"/api/v1/brands/{other.pk}/", {"tax_id": A_EIN}, format="json"), "PATCH tax_id")
    assert_clean(client.post(f"/brands/{other.pk}/edit/", {**typed, "version": other.version + 1}), "edit page post")
    # B's own brand with A's EIN: its page, edit page, API detail and list, timeline
    for url in (f"/brands/{draft_b.pk}/", f"/brands/{draft_b.pk}/edit/"):
        assert_clean(client.get(url), url)
    assert_clean(api.get(f"/api/v1/brands/{draft_b.pk}/"), "API brand detail")
    assert_clean(api.get("/api/v1/brands/"), "API brand list")
    trail = api.get("/api/v1/audit-events/", {"subject": f"brand:{draft_b.pk}"})
    assert_clean(trail, "B's brand timeline")
    assert "511" not in trail.content.decode()
    # pre-screening a campaign against A's brand id
    assert_clean(client.post("/campaigns/prescreen/", {**campaign_data(), "brand": a["brand"]}), "prescreen page")
    assert_clean(
        api.post("/api/v1/campaigns/prescreen/", {**campaign_data(), "brand": a["brand"]}, format="json"),
        "prescreen API",
    )
    assert Campaign.objects.filter(brand_id=a["brand"]).count() == 1
