"""Real headless Chromium (N1): the analyst rejects a campaign; the customer sees the bell's count, reads the
inbox and follows the notification to the rejection's remediation on the campaign page."""

import pytest
from playwright.sync_api import expect

from rejections.models import RejectionCode
from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_pages import SHORTENER_SAMPLE, verified_brand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_n1_customer_follows_the_bell_to_the_remediation(page, live_server, customer_a, sub_account_a, analyst):
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted", sample_messages=[SHORTENER_SAMPLE])

    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    review = page.get_by_test_id("review-form")
    review.get_by_test_id("code-list").locator("input[value='6013']").check()
    review.get_by_label("Reject", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Rejected")
    sign_out(page, live_server)

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/")
    # Brand approval, identity and the rejection: the analyst's decisions are unread.
    expect(page.get_by_test_id("bell-count")).not_to_have_text("0")
    unread = int(page.get_by_test_id("bell-count").inner_text())
    page.get_by_test_id("bell").click()
    wait_ready(page)
    rejection = page.locator("[data-testid='notification'][data-type='campaign.rejected']")
    expect(rejection).to_contain_text("was rejected; see what to fix and resubmit")
    expect(rejection).not_to_contain_text("6013")
    rejection.get_by_test_id("open").click()
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.pk}/#decisions")
    wait_ready(page)
    code = RejectionCode.objects.get(code="6013")
    expect(page.get_by_test_id("decision-codes").locator("li[data-code='6013']")).to_contain_text(code.remediation)
    expect(page.get_by_test_id("bell-count")).to_have_text(str(unread - 1))
