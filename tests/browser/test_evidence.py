"""Real headless Chromium: the evidence list follows the uploads without a reload, and a PDF is read page by page.

The viewer's pages are PNGs rasterised on the server; paging and zooming happen in place (static script, no
inline code) and the address follows, so a reload shows the same page at the same zoom.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from appeals import services
from tests.appeals.factories import draft_appeal, multipage_pdf, registry_answered
from tests.appeals.samples import sample_bytes
from tests.brands.factories import make_brand
from tests.browser.navigation import goto_ready
from tests.browser.test_brands import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def appeal(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return draft_appeal(customer=customer_a, brand=registry_answered(brand, analyst=analyst), files=0)


def test_A8_uploaded_evidence_replaces_the_placeholder_without_a_reload(page, live_server, appeal, tmp_path):
    photo = tmp_path / "office.png"
    photo.write_bytes(sample_bytes(".png"))
    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/appeals/{appeal.pk}/")
    listing = page.get_by_test_id("evidence-list")
    expect(listing.get_by_test_id("no-evidence")).to_have_text("No evidence yet.")
    # A marker on the document: it survives only if the page is not reloaded.
    page.evaluate("document.body.dataset.sameDocument = 'yes'")

    page.get_by_test_id("file-input").set_input_files([str(photo)])

    expect(page.get_by_test_id("upload-progress").locator("li.done")).to_have_count(1)
    expect(listing.locator("li")).to_have_count(1)
    expect(listing).to_contain_text("office.png")
    expect(listing.get_by_test_id("no-evidence")).to_have_count(0)
    expect(listing.get_by_role("button", name="Remove")).to_have_count(1)
    assert page.evaluate("document.body.dataset.sameDocument") == "yes"


def test_A8_pdf_viewer_pages_and_zooms_in_place(page, live_server, appeal, customer_a):
    pdf = services.evidence_add(
        actor=customer_a, appeal=appeal, upload=SimpleUploadedFile("bank-statement.pdf", multipage_pdf(3))
    )
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/appeals/{appeal.pk}/")
    page.get_by_test_id("read-pdf").click()
    expect(page.get_by_test_id("pdf-page-label")).to_have_text("Page 1 of 3")
    goto_ready(page, page.url)  # the viewer's script has bound its handlers
    image = page.get_by_test_id("pdf-page")
    page_url = f"/appeals/{appeal.pk}/evidence/{pdf.pk}/pages/"
    expect(image).to_have_attribute("src", f"{page_url}1/")
    expect(page.get_by_test_id("pdf-prev")).to_have_attribute("aria-disabled", "true")
    page.evaluate("document.body.dataset.sameDocument = 'yes'")

    # paging: the next page's image is loaded in place, the address follows
    page.get_by_test_id("pdf-next").click()
    expect(page.get_by_test_id("pdf-page-label")).to_have_text("Page 2 of 3")
    expect(image).to_have_attribute("src", f"{page_url}2/")
    page.wait_for_function(
        "() => { const i = document.querySelector('img.pdf-page'); return i.complete && i.naturalWidth > 0; }"
    )
    expect(page).to_have_url(re.compile(r"\?page=2&zoom=100$"))
    page.get_by_test_id("pdf-next").click()
    expect(page.get_by_test_id("pdf-page-label")).to_have_text("Page 3 of 3")
    expect(page.get_by_test_id("pdf-next")).to_have_attribute("aria-disabled", "true")
    page.get_by_test_id("pdf-prev").click()
    expect(page.get_by_test_id("pdf-page-label")).to_have_text("Page 2 of 3")

    # zooming: a class per step (no inline style), the rendered page grows and shrinks
    width_at_100 = image.bounding_box()["width"]
    page.get_by_test_id("pdf-zoom-in").click()
    page.get_by_test_id("pdf-zoom-in").click()
    expect(image).to_have_class(re.compile(r"\bzoom-150\b"))
    expect(page.get_by_test_id("pdf-zoom-label")).to_have_text("150 %")
    assert image.bounding_box()["width"] == pytest.approx(width_at_100 * 1.5, rel=0.02)
    for _ in range(4):
        page.get_by_test_id("pdf-zoom-out").click()
    expect(image).to_have_class(re.compile(r"\bzoom-50\b"))
    expect(page.get_by_test_id("pdf-zoom-out")).to_have_attribute("aria-disabled", "true")
    assert image.bounding_box()["width"] == pytest.approx(width_at_100 * 0.5, rel=0.02)
    assert image.get_attribute("style") is None
    assert page.evaluate("document.body.dataset.sameDocument") == "yes"

    # the address kept the state: a reload shows page 2 at 50 %
    goto_ready(page, page.url)
    expect(page.get_by_test_id("pdf-page-label")).to_have_text("Page 2 of 3")
    expect(page.get_by_test_id("pdf-page")).to_have_class(re.compile(r"\bzoom-50\b"))
