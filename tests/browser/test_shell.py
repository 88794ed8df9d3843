"""Real headless Chromium: every role signs in and sees its own dashboard and navigation."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.browser.navigation import goto_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("username", "title", "nav_link"),
    [
        ("analyst", "Analyst dashboard", "Accounts"),
        ("manager", "Manager dashboard", "Catalogue & policy"),
        ("customer-a", "Acme Messaging — customer dashboard", "Sub-accounts"),
    ],
)
def test_each_role_signs_in_and_sees_its_dashboard(
    page, live_server, analyst, manager, customer_a, username, title, nav_link
):
    goto_ready(page, f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/login/?next=/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("dashboard-title")).to_have_text(title)
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name=nav_link, exact=True)).to_be_visible()
    page.click("text=Sign out")
    expect(page).to_have_url(f"{live_server.url}/login/")


def test_wrong_password_shows_an_error_in_the_page(page, live_server, customer_a):
    goto_ready(page, f"{live_server.url}/login/")
    page.fill("#id_username", "customer-a")
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
