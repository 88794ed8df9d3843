"""Issue 12 item 6 in a real browser: under the strict CSP nothing on the pages or the API docs is refused."""

import pytest
from playwright.sync_api import expect

from tests.browser.navigation import goto_ready
from tests.browser.test_brands import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _collect_violations(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_pages_and_api_docs_run_with_no_csp_violation(page, live_server, customer_a, manager):
    violations = _collect_violations(page)
    sign_in(page, live_server, "manager")
    for path in ("/", "/queues/", "/reports/", "/campaigns/"):
        goto_ready(page, f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/api/docs/")
    # Swagger UI rendered the schema: its init script came from ?script and ran.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Compliance Portal API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == []
