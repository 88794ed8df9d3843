"""Real headless Chromium: the campaign form's live pre-screen (C4) and the analyst's review (C5).

The customer sees findings with their remediation while typing, without a reload; the analyst finds a code by
searching the catalogue, rejects with it, and the customer sees its reason and remediation; "Tick all" approves.
"""

import re

import pytest
from playwright.sync_api import expect

from campaigns.choices import ManualCheck
from campaigns.models import Campaign
from rejections.models import RejectionCode
from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_pages import SHORTENER_SAMPLE, verified_brand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIXED_SAMPLE = "Acme Dental: your cleaning is on Tue 5/14 at 2:30 PM. Reply C to confirm."


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


def test_C4_live_prescreen_shows_findings_with_remediation_while_typing(page, live_server, customer_a, brand):
    sign_in(page, live_server, "customer-a")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns", exact=True).click()
    page.get_by_role("link", name="Register a campaign").click()
    expect(page.get_by_role("heading", name="Register a campaign", level=1)).to_be_visible()
    wait_ready(page)  # the live pre-screen is htmx: typing before it binds sends nothing
    page.evaluate("window.sameDocument = true")  # gone if the page reloads

    page.select_option("#id_brand", label="Acme Dental")
    page.select_option("#id_use_case", "ACCOUNT_NOTIFICATION")
    page.fill("#id_description", "Acme Dental sends appointment reminders to patients who opted in online.")
    with page.expect_response(re.compile(r"/campaigns/prescreen/$")):
        page.fill("#id_sample_message_1", SHORTENER_SAMPLE)
    findings = page.locator("#findings")
    for code in ("6013", "6012"):
        remediation = RejectionCode.objects.get(code=code).remediation
        item = findings.locator(f"li[data-code='{code}']")
        expect(item).to_contain_text(remediation)
    expect(findings.locator("li[data-code='6013']")).to_contain_text("bit.ly")
    expect(findings.locator("li[data-code='6012']")).to_contain_text("does not name the brand")
    assert page.evaluate("window.sameDocument") is True, "the findings came without a reload"
    assert Campaign.objects.count() == 0, "the live pre-screen saves nothing"

    # Fixing the sample makes those findings go away, still on the same page.
    page.fill("#id_sample_message_1", FIXED_SAMPLE)
    expect(findings.locator("li[data-code='6013']")).to_have_count(0)
    expect(findings.locator("li[data-code='6012']")).to_have_count(0)
    assert page.evaluate("window.sameDocument") is True

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Draft")
    campaign = Campaign.objects.get()
    assert campaign.brand == brand and campaign.sample_messages == [FIXED_SAMPLE]
    assert not {"6012", "6013"} & {f["code"] for f in campaign.findings}


def test_C5_analyst_finds_a_code_by_search_rejects_and_customer_sees_remediation(
    page, live_server, customer_a, analyst, brand
):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted", sample_messages=[SHORTENER_SAMPLE])
    sign_in(page, live_server, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns", exact=True).click()
    page.get_by_role("link", name=campaign.reference, exact=True).click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Submitted")
    wait_ready(page)  # the code filter is the code picker's script

    review = page.get_by_test_id("review-form")
    codes = review.get_by_test_id("code-list")
    expect(codes.locator("label:visible")).to_have_count(RejectionCode.objects.count())
    review.locator("#code-filter").fill("shortener")
    expect(codes.locator("label:visible")).to_have_count(1)
    expect(codes.locator("label:visible")).to_contain_text("6013")
    codes.locator("input[value='6013']").check()
    expect(review.locator("[data-selected-list]")).to_have_text("6013")
    review.get_by_label("Reject", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Rejected")

    decision = campaign.reviews.get()
    assert decision.code_list == ["6013"] and not any(decision.checklist.values())
    sign_out(page, live_server)

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    code = RejectionCode.objects.get(code="6013")
    item = page.get_by_test_id("decision-codes").locator("li[data-code='6013']")
    expect(item).to_contain_text(code.reason)
    expect(item).to_contain_text(code.remediation)
    expect(page.get_by_role("button", name="Resubmit")).to_be_visible()


def test_C5_analyst_ticks_all_and_approves(page, live_server, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    review = page.get_by_test_id("review-form")
    review.get_by_role("button", name="Tick all").click()
    for _value, label in ManualCheck.choices:
        expect(review.get_by_label(label)).to_be_checked()
    expect(review.locator("input[name='codes']:checked")).to_have_count(0)
    review.get_by_label("Approve", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Approved")
    expect(page.get_by_test_id("review-form")).to_have_count(0)
    campaign.refresh_from_db()
    assert campaign.status == "approved" and all(campaign.reviews.get().checklist.values())
