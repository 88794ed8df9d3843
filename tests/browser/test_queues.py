"""Real headless Chromium: the work queues (Q1–Q4).

An analyst claims a campaign from its queue (or with "n") and approves it (it leaves the queue); a manager
bulk-assigns items to an analyst; a rejection with a customer-visible message reaches the customer but the
internal note does not; on a review page "c" claims the item and "a", "x", "/" chain without a click.
"""

import pytest
from playwright.sync_api import expect

from casework.models import Comment, WorkItem
from rejections.models import RejectionCode
from tests.browser.navigation import goto_ready, wait_ready
from tests.browser.test_brands import sign_in, sign_out
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_pages import verified_brand

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


def submitted_campaign(customer, brand):
    campaign = make_campaign(customer=customer, brand=brand, status="submitted")
    return campaign, WorkItem.objects.open().get(kind="campaign", subject_id=campaign.pk)


def queue_row(page, item):
    return page.get_by_test_id("queue").locator(f"tr[data-item='{item.pk}']")


def test_Q2_analyst_claims_from_the_queue_approves_and_the_item_leaves_it(
    page, live_server, customer_a, analyst, brand
):
    campaign, item = submitted_campaign(customer_a, brand)
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/queues/campaign/")
    row = queue_row(page, item)
    expect(row).to_contain_text(campaign.reference)
    expect(row).to_contain_text("—")  # no assignee yet
    row.get_by_role("button", name="Claim").click()

    # The claim lands on the campaign page, which shows who has it.
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.pk}/")
    panel = page.get_by_test_id("work-item")
    expect(panel.get_by_test_id("assignee")).to_contain_text("Claimed by analyst")
    expect(panel.get_by_test_id("release")).to_be_visible()
    expect(panel.get_by_test_id("claim")).to_have_count(0)
    wait_ready(page)  # "Tick all" is the code picker's script
    item.refresh_from_db()
    assert item.assignee == analyst and item.claimed_at is not None

    review = page.get_by_test_id("review-form")
    review.locator("[data-tick-all]").click()
    review.get_by_label("Approve", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Approved")
    expect(page.get_by_test_id("work-item")).to_contain_text("Not in the queue now (approved")

    goto_ready(page, f"{live_server.url}/queues/campaign/")
    expect(page.get_by_test_id("queue").locator("tr[data-item]")).to_have_count(0)
    expect(page.get_by_test_id("queue")).to_contain_text("Nothing waiting here.")
    item.refresh_from_db()
    assert item.closed_at is not None and item.resolution == "approved"


def test_Q2_next_key_on_the_queue_claims_the_oldest_due_and_opens_it(page, live_server, customer_a, analyst, brand):
    campaign, item = submitted_campaign(customer_a, brand)
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/queues/campaign/")
    expect(queue_row(page, item)).to_be_visible()
    page.keyboard.press("n")
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.pk}/")
    expect(page.get_by_test_id("work-item").get_by_test_id("assignee")).to_contain_text("Claimed by analyst")
    item.refresh_from_db()
    assert item.assignee == analyst


def test_Q3_manager_bulk_assigns_two_items_and_they_show_in_the_analysts_my_work(
    page, live_server, customer_a, analyst, manager, brand
):
    first, first_item = submitted_campaign(customer_a, brand)
    second, second_item = submitted_campaign(customer_a, brand)
    _other, other_item = submitted_campaign(customer_a, brand)
    sign_in(page, live_server, "manager")
    goto_ready(page, f"{live_server.url}/queues/")
    expect(page.get_by_test_id("queue").locator("tr[data-item]")).to_have_count(3)
    for item in (first_item, second_item):
        queue_row(page, item).locator("input[name=items]").check()
    bulk = page.get_by_test_id("bulk-assign")
    bulk.locator("select#bulk-assignee").select_option(label="analyst")
    bulk.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("2 item(s) assigned to analyst")).to_be_visible()
    for item in (first_item, second_item):
        expect(queue_row(page, item).locator("td").nth(7)).to_have_text("analyst")
    expect(queue_row(page, other_item).locator("td").nth(7)).to_have_text("—")
    assigned = WorkItem.objects.open().filter(assignee=analyst).values_list("pk", flat=True)
    assert set(assigned) == {first_item.pk, second_item.pk}
    sign_out(page, live_server)

    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/queues/")
    page.get_by_role("navigation", name="Queues").get_by_role("link", name="My work").click()
    expect(page).to_have_url(f"{live_server.url}/queues/mine/")
    rows = page.get_by_test_id("queue").locator("tr[data-item]")
    expect(rows).to_have_count(2)
    expect(queue_row(page, first_item)).to_contain_text(first.reference)
    expect(queue_row(page, second_item)).to_contain_text(second.reference)
    expect(queue_row(page, other_item)).to_have_count(0)


def test_Q4_customer_sees_the_rejection_and_the_message_but_not_the_internal_note(
    page, live_server, customer_a, analyst, brand
):
    campaign, _item = submitted_campaign(customer_a, brand)
    message = "Please name Acme Dental in every sample message, then resubmit."
    note = "Internal: second look at the opt-in page before approving next time."
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    review = page.get_by_test_id("review-form")
    review.locator("#code-filter").fill("6012")
    review.get_by_test_id("code-list").locator("input[value='6012']").check()
    review.get_by_label("Reject", exact=True).check()
    review.get_by_role("button", name="Record decision").click()
    expect(page.get_by_test_id("campaign-status")).to_have_text("Rejected")

    comments = page.get_by_test_id("comments")
    comments.locator("#comment-body").fill(message)
    internal = comments.locator("input[name=internal]")
    expect(internal).to_be_checked()  # internal by default: a message to the customer is a deliberate choice
    internal.uncheck()
    comments.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    comments = page.get_by_test_id("comments")
    comments.locator("#comment-body").fill(note)
    expect(comments.locator("input[name=internal]")).to_be_checked()
    comments.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Internal note added.")).to_be_visible()
    comments = page.get_by_test_id("comments")
    expect(comments.get_by_test_id("message")).to_contain_text(message)
    expect(comments.get_by_test_id("internal-note")).to_contain_text(note)
    assert list(Comment.objects.order_by("pk").values_list("internal", flat=True)) == [False, True]
    sign_out(page, live_server)

    sign_in(page, live_server, "customer-a")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    expect(page.get_by_test_id("campaign-status")).to_have_text("Rejected")
    code = RejectionCode.objects.get(code="6012")
    decided = page.get_by_test_id("decision-codes").first.locator("li[data-code='6012']")
    expect(decided).to_contain_text(code.reason)
    expect(decided).to_contain_text(code.remediation)
    comments = page.get_by_test_id("comments")
    expect(comments.get_by_test_id("message")).to_have_count(1)
    expect(comments.get_by_test_id("message")).to_contain_text(message)
    expect(comments.get_by_test_id("internal-note")).to_have_count(0)
    expect(comments.locator("input[name=internal]")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(note)
    expect(page.get_by_test_id("work-item")).to_have_count(0)


def test_Q3_c_key_claims_the_unassigned_item_on_a_review_page(page, live_server, customer_a, analyst, brand):
    campaign, item = submitted_campaign(customer_a, brand)
    sign_in(page, live_server, "analyst")
    goto_ready(page, f"{live_server.url}/campaigns/{campaign.pk}/")
    panel = page.get_by_test_id("work-item")
    expect(panel.get_by_test_id("claim")).to_be_visible()
    expect(panel.get_by_test_id("assignee")).to_contain_text("Unassigned")
    page.keyboard.press("c")
    expect(page.get_by_test_id("work-item").get_by_test_id("assignee")).to_contain_text("Claimed by analyst")
    expect(page).to_have_url(f"{live_server.url}/campaigns/{campaign.pk}/")
    wait_ready(page)  # the claim reloaded the page: the next keys need the shortcuts bound again
    item.refresh_from_db()
    assert item.assignee == analyst

    # The decision keys chain: the radio "a" focuses does not swallow "x" or "/" (it is not a text field) …
    review = page.get_by_test_id("review-form")
    page.keyboard.press("a")
    expect(review.get_by_label("Approve", exact=True)).to_be_checked()
    page.keyboard.press("x")
    expect(review.get_by_label("Reject", exact=True)).to_be_checked()
    page.keyboard.press("/")
    expect(review.locator("#code-filter")).to_be_focused()
    # … while in the search field the same keys type.
    page.keyboard.type("xa")
    expect(review.locator("#code-filter")).to_have_value("xa")
    expect(review.get_by_label("Reject", exact=True)).to_be_checked()
