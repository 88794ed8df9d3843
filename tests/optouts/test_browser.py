"""Real headless Chromium (M5.5): a customer asks to allow a blocked word; an analyst finds the request in the
keyword_request queue, approves it for the sub-account; the customer reads the decision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from optouts import services
from optouts.models import KeywordExemption
from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_M5_5_whitelist_request_from_customer_to_analyst_and_back(
    page, live_server, customer_a, sub_account_a, analyst, manager
):
    start = timezone.now() - timedelta(days=30)
    services.keyword_add(actor=manager, word="casino", now=start, effective_at=start + timedelta(days=14))

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/keywords/")
    expect(page.get_by_test_id("keywords-in-force")).to_contain_text("casino")
    page.get_by_role("link", name="Ask to allow").click()
    wait_ready(page)
    form = page.get_by_test_id("exemption-form")
    expect(form.locator("#id_word")).to_have_value("casino")
    form.locator("#id_sub_account").select_option(str(sub_account_a.pk))
    form.locator("#id_justification").fill("Our charity gala runs a licensed casino night.")
    form.locator("#id_examples").fill("Acme: casino night on Friday! Reply STOP to opt out.")
    form.get_by_role("button", name="Send request").click()
    expect(page.get_by_test_id("exemption-status")).to_have_text("Waiting for a decision")
    exemption = KeywordExemption.objects.get()
    sign_out(page, live_server)

    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/queues/keyword_request/")
    row = page.get_by_test_id("queue").locator("tr[data-item]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("casino")
    row.get_by_role("link", name=f"Keyword request #{exemption.pk}", exact=False).first.click()
    expect(page).to_have_url(f"{live_server.url}/keyword-requests/{exemption.pk}/")
    wait_ready(page)
    decide = page.get_by_test_id("exemption-decide")
    decide.locator("#id_decision").select_option("approve")
    decide.locator("#id_scope").select_option("sub_account")
    decide.locator("#id_reason").fill("Licensed charity event; allowed for this sub-account.")
    decide.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("exemption-status")).to_have_text("Approved")
    sign_out(page, live_server)

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/keyword-requests/")
    page.get_by_role("link", name=f"K-{exemption.pk}").click()
    expect(page.get_by_test_id("exemption-decision")).to_contain_text("Allowed for the whole sub-account")
    expect(page.get_by_test_id("exemption-decision")).to_contain_text("Licensed charity event")
    expect(page.get_by_test_id("exemption-decide")).to_have_count(0)
    exemption.refresh_from_db()
    assert exemption.status == "approved" and exemption.scope == "sub_account"
