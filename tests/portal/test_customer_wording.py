"""Customers read plain words (issue 12, item 15): what a customer reads on a page or in an API error never shows a
rule id ("(A2)", "(C6)"), an API field key ("sample_messages.0", "tax_id") or a method name ("Mark_verified").

Registry codes (801, 6013) stay: support searches for them. Staff may see rule ids. The refusals below are the main
ones a customer meets: B1 sole proprietor, B4 findings, B5 frozen brand, C1 prohibited content, C4 findings, C6
unchanged resubmission, C7 prerequisites, V6 political token reuse, V7 resubmission, A2 appeal not possible, A8
upload refusal, and the timeline after the registry's identity result.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from appeals.models import Appeal
from brands.services import brand_record_identity
from campaigns import services as campaign_services
from core.wording import FIELD_LABELS, field_label
from tests.accounts.factories import UserFactory
from tests.appeals.factories import draft_appeal, registry_answered, upload
from tests.appeals.samples import exe_bytes
from tests.brands.factories import brand_data, make_brand
from tests.campaigns.factories import ALL_TICKED, make_campaign
from tests.campaigns.test_pages import SHORTENER_SAMPLE, complete_vet, form_post, verified_brand
from vetting import services as vet_services

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\((?:[ABCVMNSQ]\d+(?:\.\d+)?)\)|\b[ABCVMNSQ]\d{1,2}(?:\.\d+)?:")
DOTTED_KEY = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.\d+\b")
SNAKE_KEY = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
METHOD = re.compile(r"\b[Mm]ark_|\bmark_(?:verified|unverified|vetted)\b|\bstart_review\b|\brequest_changes\b")


def leaks(text: str) -> list[str]:
    found = RULE_ID.findall(text) + DOTTED_KEY.findall(text) + METHOD.findall(text)
    found += [key for key in SNAKE_KEY.findall(text) if key in FIELD_LABELS or "_" in key]
    return found


class VisibleText(HTMLParser):
    """What a person reads on a page: text nodes (not scripts or styles), titles, placeholders, alt texts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(response) -> str:
    assert response.status_code in (200, 400, 409), response.status_code
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def human_strings(body) -> list[str]:
    """The sentences of an API body: every string value with a space in it (ids, codes, enum values and the
    ``field`` keys findings name are machine-readable and stay)."""
    if isinstance(body, dict):
        return [s for key, value in body.items() if key not in ("field", "code", "codes") for s in human_strings(value)]
    if isinstance(body, list):
        return [s for value in body for s in human_strings(value)]
    return [body] if isinstance(body, str) and " " in body.strip() else []


def assert_plain_page(response, *must_contain: str) -> str:
    text = page_text(response)
    assert not leaks(text), (leaks(text), text[:3000])
    for words in must_contain:
        assert words in text, (words, text[:3000])
    return text


def assert_plain_api(response, status: int, *must_contain: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    texts = human_strings(body)
    assert texts, body
    bad = [t for t in texts if leaks(t)]
    assert not bad, bad
    for words in must_contain:
        assert any(words in t for t in texts), (words, texts)
    return body


@pytest.fixture
def customer(client, customer_a):
    client.force_login(customer_a)
    return client


@pytest.fixture
def api(customer_a):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=customer_a)[0].key}")
    return client


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


def test_field_keys_read_as_the_forms_label_them():
    assert field_label("sample_messages.0") == "Sample message 1"
    assert field_label("sample_messages.4") == "Sample message 5"
    assert field_label("tax_id") == "Tax id (EIN)"
    assert field_label("message_flow") == "Call to action / message flow"
    assert field_label("some_new_field") == "Some new field"


# ----------------------------------------------------------------------------------------------------------
# Brands
# ----------------------------------------------------------------------------------------------------------


def test_B1_B4_brand_form_refusals_and_findings_read_plainly(customer, api, sub_account_a):
    # B1: a sole proprietor is refused with the registry's code, on the page, the live form and the API
    sole = {**brand_data(entity_type="SOLE_PROPRIETOR"), "sub_account": sub_account_a.pk}
    assert_plain_page(customer.post(reverse("brand-register"), sole), "(801)")
    assert_plain_page(customer.post(reverse("brand-findings-preview"), sole), "Entity type", "(801)")
    assert_plain_api(api.post("/api/v1/brands/", {**sole}, format="json"), 400)
    # B4: a personal-use email and a malformed EIN in the live form: field labels, not keys
    live = customer.post(reverse("brand-findings-preview"), brand_data(email="me@gmail.com", tax_id="12-34"))
    assert_plain_page(live, "Tax id (EIN)")
    live = customer.post(reverse("brand-findings-preview"), brand_data(email="me@gmail.com"))
    assert_plain_page(live, "Business contact email", "713")
    assert_plain_api(
        api.post("/api/v1/brands/", {**brand_data(tax_id="12-34"), "sub_account": sub_account_a.pk}, format="json"),
        400,
        "An EIN is 9 digits",
    )


def test_B5_frozen_brand_and_identity_timeline_read_plainly(customer, api, customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    registry_answered(brand, analyst=analyst)  # the registry's UNVERIFIED result: "mark_unverified" on the timeline
    page = assert_plain_page(customer.get(reverse("brand-detail", args=[brand.pk])), "Identity not verified")
    assert "Mark" not in page
    verified = make_brand(
        customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst, legal_name="Verified LLC"
    )
    brand_record_identity(actor=analyst, brand=verified, identity_status="VERIFIED", reason="EIN matches")
    assert_plain_page(customer.get(reverse("brand-detail", args=[verified.pk])), "Identity verified")
    # frozen by a submitted appeal: the edit is refused in words
    appeal = draft_appeal(customer=customer_a, brand=brand)
    from appeals import services as appeal_services

    appeal_services.appeal_submit(actor=customer_a, appeal=appeal)
    refused = customer.post(reverse("brand-edit", args=[brand.pk]), brand_data(legal_name="New Name LLC"), follow=True)
    assert_plain_page(refused, "frozen")
    assert_plain_page(customer.get(reverse("brand-detail", args=[brand.pk])))
    patch = api.patch(f"/api/v1/brands/{brand.pk}/", {"display_name": "New"}, format="json")
    assert patch.status_code in (400, 409)
    assert_plain_api(patch, patch.status_code, "frozen")


# ----------------------------------------------------------------------------------------------------------
# Campaigns
# ----------------------------------------------------------------------------------------------------------


def test_C4_prescreen_findings_name_the_sample_not_its_key(customer, api, brand):
    post = form_post(brand=brand.pk, sample_messages=[SHORTENER_SAMPLE])
    text = assert_plain_page(customer.post(reverse("campaign-prescreen"), post), "Sample message 1", "6013")
    assert "sample_messages" not in text
    body = {**json.loads(json.dumps(_api_campaign(brand))), "sample_messages": [SHORTENER_SAMPLE]}
    response = api.post("/api/v1/campaigns/prescreen/", body, format="json")
    findings = assert_plain_api(response, 200)
    assert any(f["field"] == "sample_messages.0" for f in findings["findings"])  # the JSON key stays a key


def test_C1_C7_refused_submissions_read_plainly(customer, api, customer_a, sub_account_a, brand):
    prohibited = make_campaign(
        customer=customer_a, brand=brand, description="Acme Dental runs an online casino with sports betting odds."
    )
    refused = customer.post(reverse("campaign-submit", args=[prohibited.pk]), {"version": 1}, follow=True)
    assert_plain_page(refused, "Prohibited content cannot be registered")
    assert_plain_api(api.post(f"/api/v1/campaigns/{prohibited.pk}/submit/", {}, format="json"), 400)
    unverified = make_brand(customer=customer_a, sub_account=sub_account_a, legal_name="Draft Brand LLC")
    waiting = make_campaign(customer=customer_a, brand=unverified)
    text = assert_plain_page(customer.get(reverse("campaign-detail", args=[waiting.pk])), "Submission will be refused")
    assert "identity is unverified" in text and "VETTED_VERIFIED" not in text
    refused = customer.post(reverse("campaign-submit", args=[waiting.pk]), {"version": 1}, follow=True)
    assert_plain_page(refused, "cannot be submitted")
    assert_plain_api(api.post(f"/api/v1/campaigns/{waiting.pk}/submit/", {}, format="json"), 409, "cannot be")


def test_C6_C5_rejected_campaign_and_unchanged_resubmission_read_plainly(customer, api, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    # five rejections escalate (808 added automatically) …
    for n in range(5):
        campaign.refresh_from_db()
        campaign_services.campaign_review(
            actor=analyst,
            campaign=campaign,
            decision="reject",
            codes=["6012"],
            reason="Name the brand (C6).",
            checklist=ALL_TICKED,
        )
        campaign.refresh_from_db()
        if n < 4:
            campaign_services.campaign_update(
                actor=customer_a, campaign=campaign, data={"description": f"Acme Dental reminders, take {n}."}
            )
            campaign.refresh_from_db()
            campaign_services.campaign_submit(actor=customer_a, campaign=campaign)
    page = assert_plain_page(customer.get(reverse("campaign-detail", args=[campaign.pk])), "added automatically")
    assert "a resubmission must change something" in page
    refused = customer.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version}, follow=True)
    assert_plain_page(refused, "has not changed since its last rejection")
    assert_plain_api(api.post(f"/api/v1/campaigns/{campaign.pk}/submit/", {}, format="json"), 409, "has not changed")
    # the changes since the rejection name fields by their labels
    customer.post(
        reverse("campaign-edit", args=[campaign.pk]),
        form_post(description="Acme Dental sends reminders.") | {"version": campaign.version},
    )
    assert_plain_page(customer.get(reverse("campaign-detail", args=[campaign.pk])), "Description")


def test_V7_flagged_campaigns_read_plainly(customer, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    assert_plain_page(customer.get(reverse("campaign-detail", args=[campaign.pk])), "completed after this campaign")
    assert_plain_page(customer.get(reverse("campaign-list")), "Needs resubmission")
    assert_plain_page(customer.get(reverse("brand-detail", args=[brand.pk])))


# ----------------------------------------------------------------------------------------------------------
# Vets and appeals
# ----------------------------------------------------------------------------------------------------------


def test_V6_political_token_refusal_reads_plainly(customer, api, customer_a, sub_account_a, analyst):
    def nonprofit(name):
        brand = make_brand(
            customer=customer_a,
            sub_account=sub_account_a,
            status="approved",
            analyst=analyst,
            legal_name=name,
            entity_type="NON_PROFIT",
            tax_exempt_status="NONE",
        )
        return brand

    first, second = nonprofit("First Cause Inc"), nonprofit("Second Cause Inc")
    vet_services.vet_import(actor=customer_a, brand=first, vet_class="POLITICAL", vendor="CV", token="CV-ONCE-1")
    data = {"vet_class": "POLITICAL", "vendor": "CV", "token": "CV-ONCE-1"}
    refused = customer.post(reverse("vet-create", args=[second.pk]), data, follow=True)
    assert_plain_page(refused, "single-use")
    assert_plain_api(api.post(f"/api/v1/brands/{second.pk}/vets/", data, format="json"), 400, "single-use")


def test_A2_A8_appeal_refusals_read_plainly(customer, api, customer_a, sub_account_a, analyst):
    just_submitted = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    assert_plain_page(customer.get(reverse("brand-detail", args=[just_submitted.pk])), "not possible now")
    refused = customer.get(f"{reverse('appeal-new')}?brand={just_submitted.pk}", follow=True)
    assert_plain_page(refused)
    response = api.post(
        f"/api/v1/brands/{just_submitted.pk}/appeals/",
        {"categories": ["VERIFY_TAX_ID"], "explanation": "Our EIN letter."},
        format="json",
    )
    assert response.status_code in (400, 409)
    assert_plain_api(response, response.status_code)
    # A8: a disguised executable is refused by name, in words
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    registry_answered(brand, analyst=analyst)
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    fake = upload("statement.pdf", exe_bytes())
    page = customer.post(reverse("appeal-evidence-upload", args=[appeal.pk]), {"file": fake}, follow=True)
    assert page.status_code in (200, 400)
    assert not leaks(page.content.decode() if "json" in page["Content-Type"] else page_text(page))
    fake = upload("statement.pdf", exe_bytes())
    response = api.post(f"/api/v1/appeals/{appeal.pk}/evidence/", {"file": fake}, format="multipart")
    assert_plain_api(response, 400, "statement.pdf")
    assert_plain_page(customer.get(reverse("appeal-detail", args=[appeal.pk])))
    assert Appeal.objects.filter(brand=just_submitted).count() == 0


def test_staff_may_still_read_rule_ids(client, analyst, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    staff = UserFactory(username="lead", role="manager")
    client.force_login(staff)
    for _ in range(5):
        campaign.refresh_from_db()
        campaign_services.campaign_review(
            actor=analyst, campaign=campaign, decision="reject", codes=["6012"], reason="x", checklist=ALL_TICKED
        )
        campaign.refresh_from_db()
        campaign_services.campaign_update(
            actor=customer_a, campaign=campaign, data={"description": f"Acme Dental reminders {campaign.version}."}
        )
        campaign.refresh_from_db()
        campaign_services.campaign_submit(actor=customer_a, campaign=campaign)
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "added automatically (C6)" in page


def _api_campaign(brand) -> dict:
    from tests.campaigns.factories import campaign_data

    return {**campaign_data(), "brand": brand.pk}
