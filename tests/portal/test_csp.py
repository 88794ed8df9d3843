"""Issue 12 item 6: every HTML page carries a strict Content-Security-Policy and a Permissions-Policy, and no
rendered page has an inline script, an inline style or an on*= handler (which the policy would refuse).

The pages are found by crawling: each role starts at its dashboard and the main lists and follows every
same-site link, over the demo data plus a finished report (so the reports pages have rows)."""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

START = ["/", "/brands/", "/campaigns/", "/appeals/", "/queues/", "/reports/", "/sub-accounts/", "/api/docs/"]
SKIP_PREFIXES = ("/logout/", "/static/", "/api/v1/", "/api/schema/")
MAX_PAGES = 250
REQUIRED_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


class InlineFinder(HTMLParser):
    """Collects what a strict CSP refuses, and the page's links."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # A data block (``json_script``: type application/json) is not run, and a CSP does not govern it.
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style= on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in <{tag} {name}>")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def check_page(path: str, response) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_DIRECTIVES:
        if directive not in policy:
            problems.append(f"{path}: CSP lacks {directive!r} (got {policy!r})")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"{path}: CSP allows unsafe-inline/eval")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{path}: no Permissions-Policy")
    finder = InlineFinder()
    finder.feed(response.content.decode())
    problems += [f"{path}: {problem}" for problem in finder.problems]
    return problems


def crawl(client: Client) -> tuple[list[str], list[str]]:
    seen, problems, queue = set(), [], deque(START)
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        problems += check_page(path, response)
        finder = InlineFinder()
        finder.feed(response.content.decode())
        for href in finder.links:
            url = urlsplit(urljoin(path, href))
            if url.netloc or url.scheme not in ("", "http", "https") or url.path.startswith(SKIP_PREFIXES):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return sorted(seen), problems


@pytest.fixture
def demo(settings):
    settings.DEMO_PASSWORD = "demo-pass-for-test"
    call_command("seed_demo")
    users = {user.username: user for user in get_user_model().objects.all()}
    manager = Client()
    manager.force_login(users["manager"])
    for kind_format in ("csv", "pdf"):
        response = manager.post(
            "/api/v1/reports/",
            {"kind": "period_audit", "format": kind_format, "params": {"start": "2020-01-01", "end": "2020-12-31"}},
            content_type="application/json",
        )
        assert response.status_code == 202, response.content
    return users


@pytest.mark.parametrize("username", ["customer-a", "analyst", "manager"])
def test_every_page_has_the_csp_and_no_inline_script_or_style(demo, username):
    client = Client()
    client.force_login(demo[username])
    pages, problems = crawl(client)
    assert not problems, "\n".join(problems)
    # The walk reached the main pages of the role, not only the start list.
    assert len(pages) >= 15, pages
    if username == "manager":
        assert any(page.startswith("/reports/") for page in pages)
    if username != "customer-a":
        assert any(page.startswith("/queues/") and page != "/queues/" for page in pages)
    assert any(page.startswith("/brands/") and page[len("/brands/") :].split("/")[0].isdigit() for page in pages)


def test_signed_out_and_error_pages_have_the_csp(demo, client):
    problems = []
    for path in ("/login/", "/no-such-page/"):
        problems += check_page(path, client.get(path))
    customer = Client()
    customer.force_login(demo["customer-a"])
    forbidden = customer.get("/queues/")
    assert forbidden.status_code in (403, 404)
    problems += check_page("/queues/ as customer", forbidden)
    assert not problems, "\n".join(problems)


def test_htmx_keeps_its_indicator_styles_out_of_the_page(demo):
    client = Client()
    client.force_login(demo["customer-a"])
    page = client.get("/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false""" in page
    assert "css/htmx-indicators.css" in page


def test_api_docs_script_is_served_from_a_url(demo):
    client = Client()
    client.force_login(demo["customer-a"])
    page = client.get("/api/docs/")
    assert b'src="/api/docs/?script="' in page.content
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_downloads_keep_their_own_sandbox_policy():
    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.middleware import PermissionsPolicyMiddleware

    def download(request):
        response = HttpResponse(b"x", content_type="application/pdf")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    from csp.middleware import CSPMiddleware

    response = CSPMiddleware(PermissionsPolicyMiddleware(download))(RequestFactory().get("/x"))
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "camera=()" in response["Permissions-Policy"]
