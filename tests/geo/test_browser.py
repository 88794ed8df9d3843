"""Real headless Chromium on the geo permissions page: find a country with the search, override it on a
sub-account (the row comes back with the "Overridden" tag, through htmx), remove the override (inherited again)."""

import pytest
from playwright.sync_api import expect

from geo.selectors import effective_permission
from tests.browser.navigation import goto_ready
from tests.browser.test_brands import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_m1_4_override_a_country_then_remove_the_override(page, live_server, customer_a, sub_account_a):
    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/geo-permissions/?sub_account={sub_account_a.pk}")

    page.get_by_test_id("geo-search").fill("united states")
    us = page.get_by_test_id("row-US")
    expect(us).to_be_visible()
    expect(page.get_by_test_id("row-CA")).to_be_hidden()
    expect(us).to_have_class("geo-inherited geo-on")
    expect(page.get_by_test_id("overridden-US")).to_have_count(0)

    page.get_by_test_id("threshold-US").fill("100")
    page.get_by_test_id("response-US").select_option("ALERT_ONLY")
    page.get_by_test_id("save-US").click()
    expect(page.get_by_test_id("overridden-US")).to_be_visible()
    expect(page.get_by_test_id("row-CA")).to_be_hidden()  # the filter still applies after the swap
    perm = effective_permission(account_id=customer_a.account_id, sub_account_id=sub_account_a.pk, country="US")
    assert (perm.mph_threshold, perm.breach_response, perm.overridden) == (100, "ALERT_ONLY", True)

    # 25 block hours: the browser itself refuses the form (max 24); the server's refusal is tested in test_pages.
    hours = page.get_by_test_id("hours-US")
    hours.fill("25")
    page.get_by_test_id("save-US").click()
    assert hours.evaluate("el => el.validity.rangeOverflow") is True
    hours.fill("24")
    with page.expect_response(lambda response: response.url.endswith("/geo-permissions/US/")):
        page.get_by_test_id("save-US").click()
    expect(page.get_by_test_id("hours-US")).to_have_value("24")
    expect(page.get_by_test_id("overridden-US")).to_be_visible()

    page.get_by_test_id("remove-override-US").click()
    expect(page.get_by_test_id("overridden-US")).to_have_count(0)
    expect(page.get_by_test_id("threshold-US")).to_have_value("")
    perm = effective_permission(account_id=customer_a.account_id, sub_account_id=sub_account_a.pk, country="US")
    assert perm.overridden is False and perm.mph_threshold is None

    page.get_by_test_id("geo-search").fill("")
    expect(page.get_by_test_id("row-CA")).to_be_visible()
