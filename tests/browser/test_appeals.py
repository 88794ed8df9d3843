"""Real headless Chromium: a customer files an identity appeal with evidence through the drag-and-drop page.

Each file gets its own progress bar; a disguised executable is refused with its name, the budget line
follows every upload, and submitting freezes the brand until an analyst decides.
"""

import pytest
from playwright.sync_api import expect

from appeals.models import Appeal
from tests.appeals.factories import registry_answered
from tests.appeals.samples import exe_bytes, sample_bytes
from tests.brands.factories import make_brand
from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_A8_customer_uploads_evidence_sees_progress_and_a_refusal(
    page, live_server, customer_a, sub_account_a, analyst, tmp_path
):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    registry_answered(brand, analyst=analyst)  # A2: an identity appeal contests a recorded registry result
    letter = tmp_path / "EIN letter.pdf"
    letter.write_bytes(sample_bytes(".pdf"))
    photo = tmp_path / "office.png"
    photo.write_bytes(sample_bytes(".png"))
    fake = tmp_path / "statement.pdf"
    fake.write_bytes(exe_bytes())

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/brands/{brand.pk}/")
    page.get_by_test_id("appeal-identity").click()
    page.get_by_label("Verify Tax ID").check()
    page.fill("#id_explanation", "The IRS letter shows the EIN we registered.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("budget")).to_have_text("0 of 10 files · 0.0 of 30 MB")
    wait_ready(page)  # files picked before the deferred uploader binds its change handler are never sent

    page.get_by_test_id("file-input").set_input_files([str(letter), str(photo), str(fake)])
    progress = page.get_by_test_id("upload-progress")
    expect(progress.locator("li.done")).to_have_count(2)
    expect(progress.locator("li.done progress")).to_have_count(2)
    refused = progress.locator("li.error")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("statement.pdf")
    expect(refused).to_contain_text("not a PDF")
    expect(page.get_by_test_id("budget")).to_contain_text("2 of 10 files")

    page.reload()
    expect(page.get_by_test_id("evidence-list").locator("li")).to_have_count(2)
    page.get_by_role("button", name="Submit appeal and freeze the brand").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("Submitted")
    goto_ready(page, f"{live_server.url}/brands/{brand.pk}/")
    expect(page.get_by_text("No changes until the appeal completes")).to_be_visible()
    sign_out(page, live_server)

    appeal = Appeal.objects.get()
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/appeals/")
    page.get_by_role("link", name=f"#{appeal.pk}").click()
    expect(page.locator("img.evidence-preview")).to_have_count(2)
    wait_ready(page)
    page.get_by_label("Approve").check()
    page.fill("#id_reason", "The IRS letter matches the registration.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("appeal-status")).to_have_text("Approved")
    brand.refresh_from_db()
    assert brand.identity_status == "VERIFIED" and not brand.is_frozen
