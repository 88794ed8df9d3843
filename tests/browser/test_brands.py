"""Real headless Chromium: a customer registers a brand, an analyst approves it (B4 live checklist, B7).

Refusals name their cause: B1 sole proprietor (801 with an EIN), EIN digit count.
"""

import re

import pytest
from playwright.sync_api import expect

from brands.choices import ManualCheck
from brands.models import Brand
from tests.accounts.factories import PASSWORD
from tests.browser.navigation import goto_ready, wait_ready

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    goto_ready(page, f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page.get_by_test_id("dashboard-title")).to_be_visible()
    wait_ready(page)


def sign_out(page, live_server):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/login/")


def open_register_form(page):
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Brands", exact=True).click()
    page.get_by_role("link", name="Register a brand").click()
    expect(page.get_by_role("heading", name="Register a brand", level=1)).to_be_visible()
    wait_ready(page)  # the live checklist is htmx: typing before it binds sends nothing


def test_B7_customer_registers_brand_and_analyst_approves_it(page, live_server, customer_a, analyst, sub_account_a):
    # The customer registers a brand; the live checklist flags the gmail.com address (713) before saving.
    sign_in(page, live_server, "customer-a")
    open_register_form(page)
    page.select_option("#id_sub_account", label="Acme Messaging / Acme Dental")
    page.fill("#id_legal_name", "Acme Dental Care LLC")
    page.fill("#id_display_name", "Acme Dental")
    page.select_option("#id_entity_type", "PRIVATE_PROFIT")
    page.fill("#id_tax_id", "12-3456789")
    page.select_option("#id_vertical", "HEALTHCARE")
    page.fill("#id_website", "https://acmedental.example.com")
    page.fill("#id_phone", "+12025550123")
    with page.expect_response(re.compile(r"/brands/findings/$")):
        page.locator("#id_email").press_sequentially("frontdesk@gmail.com", delay=5)
    findings = page.get_by_test_id("findings")
    expect(findings.locator("li[data-code='713']")).to_contain_text("personal-use domain gmail.com")
    assert Brand.objects.count() == 0, "the live preview must not save anything"

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("brand-status")).to_have_text("Draft")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Acme Dental")
    expect(page.get_by_test_id("findings").locator("li[data-code='713']")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("brand-status")).to_have_text("Submitted")
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    sign_out(page, live_server)

    # The analyst finds it in the brand list, confirms every manual check and approves.
    sign_in(page, live_server, "analyst")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Brands", exact=True).click()
    page.get_by_role("link", name="Acme Dental", exact=True).click()
    expect(page.get_by_test_id("brand-status")).to_have_text("Submitted")
    review = page.get_by_test_id("review-form")
    for _value, label in ManualCheck.choices:
        review.get_by_label(label).check()
    review.get_by_label("Approve", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("brand-status")).to_have_text("Approved")
    expect(page.get_by_test_id("review-form")).to_have_count(0)
    expect(page.get_by_test_id("timeline")).to_contain_text("Approve")
    expect(page.get_by_test_id("review").first).to_contain_text("Approve")
    brand = Brand.objects.get()
    assert brand.status == "approved"
    assert all(brand.reviews.get().checklist.values())
    sign_out(page, live_server)

    # The customer sees the decision.
    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/brands/{brand.pk}/")
    expect(page.get_by_test_id("brand-status")).to_have_text("Approved")
    expect(page.get_by_test_id("review").first).to_contain_text("Approve")
    expect(page.get_by_test_id("review").first).to_contain_text("analyst")


def test_B5_B1_customer_sees_specific_refusals(page, live_server, customer_a, sub_account_a):
    sign_in(page, live_server, "customer-a")
    open_register_form(page)
    page.select_option("#id_sub_account", label="Acme Messaging / Acme Dental")
    page.fill("#id_legal_name", "Jane Doe Plumbing")
    page.select_option("#id_vertical", "CONSTRUCTION")
    page.fill("#id_website", "https://janedoeplumbing.example.com")
    page.fill("#id_email", "jane@janedoeplumbing.example.com")
    page.fill("#id_phone", "+12025550123")

    # B1: a sole proprietor with an EIN is refused with 801, and nothing is saved.
    page.select_option("#id_entity_type", "SOLE_PROPRIETOR")
    page.fill("#id_tax_id", "12-3456789")
    page.get_by_role("button", name="Save draft").click()
    error = page.locator("#brand-form .field-error[data-field='entity_type']")
    expect(error).to_contain_text("(801)")
    expect(page.get_by_test_id("brand-status")).to_have_count(0)
    assert Brand.objects.count() == 0

    # An EIN of the wrong length is named with its digit count, live and on save.
    page.select_option("#id_entity_type", "PRIVATE_PROFIT")
    page.fill("#id_tax_id", "12-345")
    expect(page.get_by_test_id("preview-errors")).to_contain_text("has 5 digit(s)")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#brand-form .field-error[data-field='tax_id']")).to_contain_text(
        "An EIN is 9 digits, written NNNNNNNNN or NN-NNNNNNN; “12-345” has 5 digit(s)."
    )
    assert Brand.objects.count() == 0
