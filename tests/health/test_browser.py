"""In a real browser: a bad day reaches the customer as a reminder and the analyst as a case; the analyst suspends
the sub-account from its page, and the at-send check refuses with M4 (M2.4, M4.2, M4.3). The chart page draws
with uPlot under the strict CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out
from tests.health.factories import bad_day, good_day
from traffic.check import check_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bad_day_reminder_case_suspension_and_check_refuses_M4(page, live_server, customer_a, analyst, sub_account_a):
    csp: list[str] = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    good_day(sub_account_a, 2)
    bad_day(sub_account_a, 1)

    # The customer: the "at risk" reminder with the figures and what to do.
    sign_in(page, live_server, "customer-a")
    reminder = page.get_by_test_id("at-risk-reminder")
    expect(reminder).to_contain_text("80 of 1,000 messages sent failed: an error rate of 8 %")
    expect(reminder).to_contain_text("Check your recipient lists")
    sign_out(page, live_server)

    # The analyst: the riskiest sub-account first on the overview, its chart drawn, its open case.
    sign_in(page, live_server, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Traffic health").click()
    overview = page.get_by_test_id("health-overview")
    expect(overview.locator("tbody tr").first).to_contain_text("Acme Dental")
    overview.get_by_role("link", name="Acme Messaging / Acme Dental").click()
    expect(page.locator("[data-health-chart='error_rate'][data-drawn='1'] canvas")).to_have_count(1)
    expect(page.locator("[data-health-chart='opt_out_rate'][data-drawn='1'] canvas")).to_have_count(1)
    page.get_by_role("link", name="Acme Messaging / Acme Dental").click()
    wait_ready(page)
    page.get_by_test_id("health-open-case").click()
    expect(page.get_by_test_id("case-days")).to_contain_text("1000")
    expect(page.get_by_test_id("case-status")).to_have_text("Open")

    # Back on the sub-account page: the ladder proposes a warning; the analyst suspends the sub-account instead.
    page.go_back()
    wait_ready(page)
    expect(page.get_by_test_id("health-proposal")).to_contain_text("Warning")
    form = page.get_by_test_id("apply-step")
    form.get_by_label("Step", exact=True).select_option(label="Suspend the sub-account (every campaign and sender id)")
    form.get_by_label("Reason", exact=True).fill("8 % errors yesterday and no answer to our mail.")
    form.get_by_role("button", name="Apply step").click()
    expect(page.get_by_test_id("sub-account-suspended")).to_be_visible()
    expect(page.get_by_test_id("health-actions")).to_contain_text("We suspended this sub-account")

    result = check_send(
        account_id=sub_account_a.account_id,
        sub_account_id=sub_account_a.pk,
        sender="+12025550143",
        to="+12025550188",
        channel="sms",
        text="Hello",
    )
    assert (result.allowed, result.code) == (False, "M4")
    goto_ready(page, f"{live_server.url}/traffic/health/")
    assert csp == []
