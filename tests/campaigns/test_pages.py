"""Campaign pages: tenancy (404), staff-only actions (403), the customer's and the analyst's flows (C1–C8, V7, V8).

The pages are thin views over ``campaigns.services``; these tests drive them the way a browser posts them.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from audit.models import AuditEvent
from brands.services import brand_record_identity
from campaigns import services
from campaigns.choices import ManualCheck
from campaigns.models import Campaign
from core.wording import without_rule_ids
from rejections.models import RejectionCode
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED, campaign_data, make_campaign
from vetting import services as vet_services

pytestmark = pytest.mark.django_db

DETAIL_LINK = re.compile(r'href="(/campaigns/\d+/)"')
SHORTENER_SAMPLE = "Hi! Your reminder is ready, see https://bit.ly/3xYz for details."
CHECKLIST_ALL = {f"check_{item}": "on" for item in ManualCheck.values}


def form_post(**overrides) -> dict:
    """``campaign_data()`` as the campaign form posts it: samples in five boxes, ticked boxes as "on"."""
    data = {"subscriber_optin": True, "subscriber_optout": True, "subscriber_help": True, **campaign_data()}
    data.update(overrides)
    samples = data.pop("sample_messages")
    post = {}
    for name, value in data.items():
        if value is True:
            post[name] = "on"
        elif value is not False:
            post[name] = value
    for i in range(5):
        post[f"sample_message_{i + 1}"] = samples[i] if i < len(samples) else ""
    return post


def verified_brand(*, customer, sub_account, analyst, **overrides):
    """An approved brand with identity VERIFIED: the C7 prerequisites for submitting and approving."""
    brand = make_brand(customer=customer, sub_account=sub_account, status="approved", analyst=analyst, **overrides)
    brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="EIN matches the IRS letter")
    brand.refresh_from_db()
    return brand


def complete_vet(*, customer, analyst, brand, score=80):
    """A standard vet that completes ACTIVE: campaigns registered before it are flagged (V7)."""
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    return vet_services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=score)


def code_texts(code: str) -> tuple[str, str]:
    row = RejectionCode.objects.get(code=code)
    return escape(row.reason), escape(row.remediation)


@pytest.fixture
def signed_in():
    """``signed_in(user)`` → a client of its own (``client_for`` shares one client between users)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def brand_b(customer_b, sub_account_b, analyst):
    return verified_brand(
        customer=customer_b,
        sub_account=sub_account_b,
        analyst=analyst,
        legal_name="Beacon Retail Stores Inc",
        display_name="Beacon Retail",
        website="https://beacon.example.com",
        email="ops@beacon.example.com",
        tax_id="98-7654321",
    )


# ----------------------------------------------------------------------------------------------------------
# Tenancy and roles
# ----------------------------------------------------------------------------------------------------------


def test_tenancy_every_campaign_page_and_action_is_404_for_another_account(
    client_for, customer_a, customer_b, analyst, brand
):
    draft = make_campaign(customer=customer_a, brand=brand)
    approved = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    approved.refresh_from_db()
    assert approved.needs_resubmission
    other = client_for(customer_b)

    for url in (reverse("campaign-detail", args=[draft.pk]), reverse("campaign-edit", args=[draft.pk])):
        assert other.get(url).status_code == 404, url
    posts = [
        (reverse("campaign-edit", args=[draft.pk]), form_post(description="Taken over")),
        (reverse("campaign-submit", args=[draft.pk]), {"version": draft.version}),
        (reverse("campaign-prescreen"), {**form_post(), "campaign": draft.pk}),
        (reverse("campaigns-resubmit-for-vet"), {"campaigns": [approved.pk]}),
    ]
    for url, data in posts:
        assert other.post(url, data).status_code == 404, url

    draft.refresh_from_db()
    approved.refresh_from_db()
    assert (draft.status, draft.version, draft.description) == ("draft", 1, campaign_data()["description"])
    assert approved.needs_resubmission, "another account cannot resubmit it"


def test_tenancy_staff_only_actions_are_403_for_customers_even_on_their_own_campaigns(
    client_for, customer_a, customer_b, analyst, brand, sub_account_a
):
    submitted = make_campaign(customer=customer_a, brand=brand, status="submitted")
    approved = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    for user in (customer_a, customer_b):
        client = client_for(user)
        for name, campaign, data in [
            ("campaign-start-review", submitted, {}),
            ("campaign-review", submitted, {"decision": "approve", "version": submitted.version, **CHECKLIST_ALL}),
            ("campaign-suspend", approved, {"reason": "Spam"}),
            ("campaign-reinstate", approved, {"reason": "Fine"}),
        ]:
            assert client.post(reverse(name, args=[campaign.pk]), data).status_code == 403, (user, name)
        for name in ("sub-account-suspend", "sub-account-reinstate"):
            response = client.post(reverse(name, args=[sub_account_a.pk]), {"reason": "Spam"})
            assert response.status_code == 403, (user, name)
    # The same 403 for an id that does not exist: the role check leaks nothing about other accounts.
    assert client_for(customer_b).post(reverse("campaign-review", args=[987654])).status_code == 403
    submitted.refresh_from_db()
    approved.refresh_from_db()
    sub_account_a.refresh_from_db()
    assert (submitted.status, approved.status, sub_account_a.suspended_at) == ("submitted", "approved", None)


def test_staff_cannot_register_edit_or_submit_for_customers(client_for, customer_a, analyst, brand):
    draft = make_campaign(customer=customer_a, brand=brand)
    staff = client_for(analyst)
    assert staff.get(reverse("campaign-create")).status_code == 403
    assert staff.post(reverse("campaign-create"), {**form_post(), "brand": brand.pk}).status_code == 403
    assert staff.get(reverse("campaign-edit", args=[draft.pk])).status_code == 403
    assert staff.post(reverse("campaign-submit", args=[draft.pk])).status_code == 403
    assert staff.post(reverse("campaign-prescreen"), form_post()).status_code == 403
    assert Campaign.objects.get().status == "draft"


def test_tenancy_anonymous_is_sent_to_sign_in(client, customer_a, brand, sub_account_a):
    campaign = make_campaign(customer=customer_a, brand=brand)
    login = reverse(settings.LOGIN_URL)
    gets = [
        reverse("campaign-list"),
        reverse("campaign-create"),
        reverse("campaign-detail", args=[campaign.pk]),
        reverse("campaign-edit", args=[campaign.pk]),
    ]
    posts = [
        reverse("campaign-create"),
        reverse("campaign-prescreen"),
        reverse("campaigns-resubmit-for-vet"),
        *(
            reverse(name, args=[campaign.pk])
            for name in (
                "campaign-edit",
                "campaign-submit",
                "campaign-start-review",
                "campaign-review",
                "campaign-suspend",
                "campaign-reinstate",
            )
        ),
        reverse("sub-account-suspend", args=[sub_account_a.pk]),
        reverse("sub-account-reinstate", args=[sub_account_a.pk]),
    ]
    for method, urls in (("get", gets), ("post", posts)):
        for url in urls:
            response = getattr(client, method)(url)
            assert response.status_code == 302 and response.url.startswith(f"{login}?next="), (method, url)
    assert Campaign.objects.get().status == "draft"


def test_tenancy_list_shows_only_own_campaigns(client_for, customer_a, customer_b, analyst, brand, brand_b):
    mine = make_campaign(customer=customer_a, brand=brand)
    theirs = make_campaign(
        customer=customer_b, brand=brand_b, description="Beacon Retail sends order updates to opted-in shoppers."
    )
    page = client_for(customer_a).get(reverse("campaign-list")).content.decode()
    assert reverse("campaign-detail", args=[mine.pk]) in page
    assert reverse("campaign-detail", args=[theirs.pk]) not in page and "Beacon" not in page
    # A search by the other account's campaign id finds nothing either.
    assert reverse("campaign-detail", args=[theirs.pk]) not in (
        client_for(customer_a).get(reverse("campaign-list"), {"q": theirs.reference}).content.decode()
    )
    staff = client_for(analyst).get(reverse("campaign-list")).content.decode()
    assert reverse("campaign-detail", args=[mine.pk]) in staff and reverse("campaign-detail", args=[theirs.pk]) in staff


def test_tenancy_create_form_does_not_offer_another_accounts_brand(client_for, customer_a, brand, brand_b):
    client = client_for(customer_a)
    page = client.get(reverse("campaign-create"), {"brand": brand_b.pk}).content.decode()
    assert "Beacon" not in page and f'value="{brand_b.pk}"' not in page
    assert f'<option value="{brand.pk}">Acme Dental</option>' in page
    # Posting it anyway is refused as an unknown choice, and nothing is saved.
    response = client.post(reverse("campaign-create"), {**form_post(), "brand": brand_b.pk})
    assert response.status_code == 200
    assert 'data-field="brand">Select a valid choice.' in response.content.decode()
    assert not Campaign.objects.exists()
    # Own brand preselected from ?brand=.
    page = client.get(reverse("campaign-create"), {"brand": brand.pk}).content.decode()
    assert f'<option value="{brand.pk}" selected>Acme Dental</option>' in page


def test_tenancy_prescreen_ignores_another_accounts_brand(client_for, customer_a, brand, brand_b):
    client = client_for(customer_a)
    typed = form_post(sample_messages=["Your order shipped today."])
    # With its own brand, the samples are checked for the brand name (6012) …
    own = client.post(reverse("campaign-prescreen"), typed | {"brand": brand.pk}).content.decode()
    assert 'data-code="6012"' in own and "Acme Dental" in own
    # … another account's brand is treated as no brand at all: nothing of it shows.
    other = client.post(reverse("campaign-prescreen"), typed | {"brand": brand_b.pk}).content.decode()
    assert "Choose the brand to check brand names" in other
    assert 'data-code="6012"' not in other and "Beacon" not in other


# ----------------------------------------------------------------------------------------------------------
# The customer's flow: register, see findings, edit, submit
# ----------------------------------------------------------------------------------------------------------


def test_C3_C4_customer_registers_a_draft_and_sees_its_findings(client_for, customer_a, brand):
    client = client_for(customer_a)
    post = form_post(sample_messages=[SHORTENER_SAMPLE], embedded_phone=False, number_pool=True)
    post["sample_message_3"] = "Acme Dental: see you Tuesday at 3 PM. Reply STOP to opt out."
    response = client.post(reverse("campaign-create"), {**post, "brand": brand.pk})

    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == reverse("campaign-detail", args=[campaign.pk])
    assert campaign.status == "draft" and campaign.created_by == customer_a and campaign.brand == brand
    # Samples from the five boxes, blanks dropped; checkboxes as ticked.
    assert campaign.sample_messages == [SHORTENER_SAMPLE, post["sample_message_3"]]
    assert (campaign.number_pool, campaign.embedded_phone, campaign.embedded_link) == (True, False, False)
    assert (campaign.subscriber_optin, campaign.subscriber_optout, campaign.subscriber_help) == (True, True, True)
    assert campaign.optout_keywords == "STOP,END,CANCEL"

    page = client.get(response.url).content.decode()
    assert "saved as a draft" in page and 'data-testid="campaign-status">Draft<' in page
    for code in ("6013", "6012", "501"):
        _, remediation = code_texts(code)
        assert f'<li data-code="{code}"' in page and remediation in page, code
    assert "bit.ly" in page and "Submit for review" in page
    assert '<dt>Attributes</dt><dd><span class="badge">number pool</span> </dd>' in page


def test_C2_campaign_page_says_when_no_attribute_is_ticked(client_for, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, embedded_phone=False)
    page = client_for(customer_a).get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "<dt>Attributes</dt><dd>—</dd>" in page


def test_C3_edit_page_prefills_the_boxes_and_saving_runs_the_prescreen_again(client_for, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, sample_messages=[SHORTENER_SAMPLE])
    assert {f["code"] for f in campaign.findings} >= {"6013", "6012"}
    client = client_for(customer_a)
    page = client.get(reverse("campaign-edit", args=[campaign.pk])).content.decode()
    assert escape(SHORTENER_SAMPLE) in page and f'name="version" value="{campaign.version}"' in page
    assert 'name="brand"' not in page, "a campaign keeps its brand"

    fixed = "Acme Dental: your cleaning is on Tue 5/14 at 2:30 PM. Reply C to confirm."
    post = form_post(sample_messages=[fixed]) | {"version": campaign.version}
    response = client.post(reverse("campaign-edit", args=[campaign.pk]), post)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.sample_messages == [fixed] and campaign.findings == [] and campaign.version == 2
    assert 'data-testid="no-findings"' in client.get(response.url).content.decode()

    # Saving a form loaded before that change is refused as stale, and changes nothing.
    stale = client.post(reverse("campaign-edit", args=[campaign.pk]), form_post(description="Old tab") | {"version": 1})
    assert stale.status_code == 200 and "changed since you loaded it" in stale.content.decode()
    campaign.refresh_from_db()
    assert campaign.version == 2 and campaign.description == campaign_data()["description"]


def test_C3_bad_input_shows_each_fields_specific_message_and_saves_nothing(client_for, customer_a, brand):
    client = client_for(customer_a)
    events = AuditEvent.objects.count()
    post = form_post(
        description="x" * 4100,
        privacy_policy_url="not a url",
        help_keywords="HELP, PLEASE HELP!",
    )
    del post["subscriber_optout"]
    response = client.post(reverse("campaign-create"), {**post, "brand": brand.pk})
    page = response.content.decode()
    assert response.status_code == 200
    for field, message in [
        ("description", "At most 4,096 characters; this has 4,100 (4 too many)."),
        ("privacy_policy_url", "“not a url” is not a valid http(s) URL."),
        ("help_keywords", "Keywords are single words of letters and digits (≤ 30), comma-separated: HELP!."),
        ("subscriber_optout", "Every campaign must support optout (CTIA); it cannot be off."),
    ]:
        assert f'data-field="{field}">{escape(message)}</p>' in page, field
    assert not Campaign.objects.exists() and AuditEvent.objects.count() == events

    # A sample over 1,024 characters is reported in the sample boxes.
    response = client.post(
        reverse("campaign-create"), {**form_post(sample_messages=["Acme Dental " + "y" * 1020]), "brand": brand.pk}
    )
    assert 'data-field="sample_message_1">Sample message 1: At most 1,024 characters; this has 1,032' in (
        response.content.decode()
    )
    # No sample at all: the first box is required.
    response = client.post(reverse("campaign-create"), {**form_post(sample_messages=[]), "brand": brand.pk})
    assert 'data-field="sample_message_1">This field is required.</p>' in response.content.decode()
    assert not Campaign.objects.exists()


def test_C3_bad_edit_saves_nothing(client_for, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand)
    response = client_for(customer_a).post(
        reverse("campaign-edit", args=[campaign.pk]),
        form_post(website="http://", description="New text") | {"version": campaign.version},
    )
    assert response.status_code == 200
    assert 'data-field="website">“http://” is not a valid http(s) URL.</p>' in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.version == 1 and campaign.description == campaign_data()["description"]


def test_C1_prohibited_content_is_saved_as_a_draft_but_submission_is_refused_on_the_page(client_for, customer_a, brand):
    campaign = make_campaign(
        customer=customer_a, brand=brand, description="Acme Dental runs an online casino with sports betting odds."
    )
    prohibited = [f for f in campaign.findings if f.get("prohibited")]
    assert prohibited
    client = client_for(customer_a)
    response = client.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version}, follow=True)
    page = response.content.decode()
    # customers read the refusal without the rule id (item 15): the finding codes stay
    assert "Prohibited content cannot be registered" in page and "(C1)" not in page
    assert f'<li data-code="{prohibited[0]["code"]}" data-field="{prohibited[0]["field"]}" class="prohibited">' in page
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_C7_submit_page_names_unmet_prerequisites(client_for, customer_a, sub_account_a):
    unverified = make_brand(customer=customer_a, sub_account=sub_account_a)
    campaign = make_campaign(customer=customer_a, brand=unverified)
    client = client_for(customer_a)
    page = client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="prerequisites"' in page and "is draft, not approved" in page
    response = client.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version}, follow=True)
    assert "cannot be submitted" in response.content.decode() and "(C7)" not in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "draft"


# ----------------------------------------------------------------------------------------------------------
# Submission, review, rejection, resubmission
# ----------------------------------------------------------------------------------------------------------


def test_C5_C6_submit_review_reject_then_customer_sees_remediation_and_changes(signed_in, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, sample_messages=[SHORTENER_SAMPLE])
    customer = signed_in(customer_a)

    # Given a submitted campaign …
    response = customer.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version})
    campaign.refresh_from_db()
    assert response.status_code == 302 and campaign.status == "submitted" and campaign.registered_at

    # … the analyst sees the pre-screen's suggestions and the review form.
    staff = signed_in(analyst)
    page = staff.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="review-form"' in page and 'data-suggest="6013"' in page and 'data-suggest="6012"' in page
    assert page.count('name="codes"') == RejectionCode.objects.count()
    assert page.count('name="check_') == len(ManualCheck.values)
    staff.post(reverse("campaign-start-review", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == "in_review"

    # Approving with two checklist items unticked is refused, naming them; nothing is decided.
    ticks = dict(list(CHECKLIST_ALL.items())[2:])
    response = staff.post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "approve", "version": campaign.version, **ticks},
        follow=True,
    )
    page = response.content.decode()
    assert "2 checklist item(s) are not confirmed" in page and escape(ManualCheck.USE_CASE_ALLOWED.label) in page
    campaign.refresh_from_db()
    assert campaign.status == "in_review" and not campaign.reviews.exists()

    # Rejecting with two codes, some checks ticked.
    staff.post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "reject", "codes": ["6013", "6012"], "reason": "Fix the samples.", "version": campaign.version}
        | ticks,
    )
    campaign.refresh_from_db()
    review = campaign.reviews.get()
    assert campaign.status == "rejected" and campaign.rejection_count == 1
    assert sorted(review.code_list) == ["6012", "6013"]
    assert review.checklist == {item: f"check_{item}" in ticks for item in ManualCheck.values}

    # The customer sees each code's reason and remediation, and that nothing changed yet (C6).
    page = customer.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    decision = page[page.index('data-testid="decision"') :]
    for code in ("6013", "6012"):
        reason_text, remediation = code_texts(code)
        assert f'<li data-code="{code}"><span class="code">{code}</span>' in decision
        assert reason_text in decision and remediation in decision
    assert "Fix the samples." in page and 'data-testid="no-changes"' in page and "Resubmit" in page
    refused = customer.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version}, follow=True)
    assert "has not changed since its last rejection" in refused.content.decode()
    assert "(C6)" not in refused.content.decode()  # a rule id is staff vocabulary

    # After an edit the page shows what changed since the rejection.
    fixed = "Acme Dental: your cleaning is on Tue 5/14 at 2:30 PM. Reply C to confirm."
    customer.post(
        reverse("campaign-edit", args=[campaign.pk]),
        form_post(sample_messages=[fixed]) | {"version": campaign.version},
    )
    page = customer.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    changes = page[page.index('data-testid="changes"') :]
    assert "Changed since this rejection (1)" in changes
    assert "<dt>Sample messages</dt>" in changes and "bit.ly" in changes and "Tue 5/14" in changes
    assert 'data-testid="no-changes"' not in page

    # The resubmission goes through.
    campaign.refresh_from_db()
    customer.post(reverse("campaign-submit", args=[campaign.pk]), {"version": campaign.version})
    campaign.refresh_from_db()
    assert campaign.status == "submitted" and campaign.findings == []


def test_C5_review_without_a_decision_or_with_an_unknown_code_is_refused(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    staff = client_for(analyst)
    url = reverse("campaign-review", args=[campaign.pk])
    page = staff.post(url, {"codes": ["6012"], "version": campaign.version}, follow=True).content.decode()
    assert "Choose a decision." in page
    page = staff.post(
        url, {"decision": "reject", "codes": ["NOPE"], "version": campaign.version}, follow=True
    ).content.decode()
    assert "Choose a decision and known codes." in page
    page = staff.post(url, {"decision": "reject", "version": campaign.version}, follow=True).content.decode()
    assert "A rejection needs at least one rejection code from the catalogue. (C5)" in page
    campaign.refresh_from_db()
    assert campaign.status == "submitted" and not campaign.reviews.exists()


def test_C5_analyst_approves_with_every_check_ticked(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    response = client_for(analyst).post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "approve", "version": campaign.version, **CHECKLIST_ALL},
        follow=True,
    )
    campaign.refresh_from_db()
    assert campaign.status == "approved" and campaign.reviews.get().checklist == ALL_TICKED
    page = response.content.decode()
    assert f"{campaign.reference} approved." in page and 'data-testid="review-form"' not in page
    assert "Suspend campaign" in page


def test_C6_after_five_rejections_only_a_manager_gets_the_review_form(signed_in, customer_a, analyst, manager, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    for i in range(5):
        services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012"])
        services.campaign_update(actor=customer_a, campaign=campaign, data={"description": f"Acme Dental v{i}"})
        services.campaign_submit(actor=customer_a, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.escalated and campaign.status == "submitted"
    url = reverse("campaign-detail", args=[campaign.pk])
    page = signed_in(analyst).get(url).content.decode()
    assert "escalated, a manager decides (C6)" in page and 'data-testid="review-form"' not in page
    refused = signed_in(analyst).post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "approve", "version": campaign.version, **CHECKLIST_ALL},
        follow=True,
    )
    assert "a manager decides. (C6)" in refused.content.decode()
    assert 'data-testid="review-form"' in signed_in(manager).get(url).content.decode()
    signed_in(manager).post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "approve", "version": campaign.version, **CHECKLIST_ALL},
    )
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C5_a_stale_review_form_is_refused(client_for, customer_a, analyst, manager, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    loaded = campaign.version
    services.campaign_start_review(actor=manager, campaign=campaign)
    page = (
        client_for(analyst)
        .post(
            reverse("campaign-review", args=[campaign.pk]),
            {"decision": "reject", "codes": ["6012"], "version": loaded},
            follow=True,
        )
        .content.decode()
    )
    assert "changed since you loaded it" in page
    campaign.refresh_from_db()
    assert campaign.status == "in_review" and not campaign.reviews.exists()


def test_C5_number_pool_review_form_has_the_810_check(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted", number_pool=True)
    staff = client_for(analyst)
    page = staff.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'name="check_number_pool_review"' in page
    url = reverse("campaign-review", args=[campaign.pk])
    page = staff.post(
        url, {"decision": "approve", "version": campaign.version, **CHECKLIST_ALL}, follow=True
    ).content.decode()
    assert "(810)" in page
    campaign.refresh_from_db()
    assert campaign.status == "submitted"
    staff.post(
        url, {"decision": "approve", "version": campaign.version, **CHECKLIST_ALL, "check_number_pool_review": "on"}
    )
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C5_a_code_without_remediation_closes_the_campaign_on_the_page(client_for, customer_a, analyst, brand):
    closing = RejectionCode.objects.filter(remediable=False).order_by("sort_key").first()
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    client_for(analyst).post(
        reverse("campaign-review", args=[campaign.pk]),
        {"decision": "reject", "codes": [closing.code], "version": campaign.version},
    )
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    page = client_for(customer_a).get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="closed"' in page and "no remediation" in page
    assert "Resubmit" not in page and reverse("campaign-edit", args=[campaign.pk]) not in page
    edit = client_for(customer_a).get(reverse("campaign-edit", args=[campaign.pk]), follow=True)
    assert "cannot be edited while closed" in edit.content.decode()


# ----------------------------------------------------------------------------------------------------------
# Pre-screen endpoint (htmx)
# ----------------------------------------------------------------------------------------------------------


def test_C4_prescreen_endpoint_returns_findings_with_code_and_remediation_and_saves_nothing(
    client_for, customer_a, brand
):
    events = AuditEvent.objects.count()
    client = client_for(customer_a)
    response = client.post(
        reverse("campaign-prescreen"),
        form_post(sample_messages=[SHORTENER_SAMPLE]) | {"brand": brand.pk},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<div id="findings"')
    for code in ("6013", "6012"):
        _, remediation = code_texts(code)
        assert f'<li data-code="{code}" data-field="sample_messages.0">' in page and remediation in page
    assert "Choose the brand" not in page
    assert not Campaign.objects.exists() and AuditEvent.objects.count() == events

    # Fixed text: no findings. A half-typed bad URL is reported under its label; an empty field is not.
    fixed = form_post(privacy_policy_url="ftp:/x", description="") | {"brand": brand.pk}
    page = client.post(reverse("campaign-prescreen"), fixed).content.decode()
    assert 'data-code="6013"' not in page and 'data-code="6012"' not in page
    assert "<strong>Privacy policy URL</strong>: “ftp:/x” is not a valid http(s) URL." in page
    assert "<strong>Description</strong>" not in page
    page = client.post(reverse("campaign-prescreen"), form_post() | {"brand": brand.pk}).content.decode()
    assert 'data-testid="no-findings"' in page
    assert not Campaign.objects.exists() and AuditEvent.objects.count() == events


def test_C4_prescreen_of_a_saved_campaign_checks_the_typed_text_and_saves_nothing(client_for, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand)
    data = form_post(sample_messages=[SHORTENER_SAMPLE]) | {"campaign": campaign.pk}
    page = client_for(customer_a).post(reverse("campaign-prescreen"), data).content.decode()
    assert 'data-code="6013"' in page and 'data-code="6012"' in page
    campaign.refresh_from_db()
    assert campaign.findings == [] and campaign.version == 1 and campaign.sample_messages != [SHORTENER_SAMPLE]


# ----------------------------------------------------------------------------------------------------------
# V7 / V8
# ----------------------------------------------------------------------------------------------------------


def test_V8_low_volume_campaign_page_shows_the_note(client_for, customer_a, brand):
    low = make_campaign(
        customer=customer_a, brand=brand, use_case="LOW_VOLUME", sub_use_cases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"]
    )
    other = make_campaign(customer=customer_a, brand=brand)
    client = client_for(customer_a)
    page = client.get(reverse("campaign-detail", args=[low.pk])).content.decode()
    # the customer reads it without the rule id (item 15)
    assert f'data-testid="v8-note">{escape(without_rule_ids(services.V8_NOTE))}</p>' in page and "(V8)" not in page
    assert 'data-testid="v8-note"' not in client.get(reverse("campaign-detail", args=[other.pk])).content.decode()


def test_V7_banner_and_resubmit_button_clear_the_flag(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    assert campaign.tier is None
    vet = complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    client = client_for(customer_a)
    url = reverse("campaign-detail", args=[campaign.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="v7-banner"' in page and "Resubmit for the new vet" in page

    response = client.post(reverse("campaigns-resubmit-for-vet"), {"campaigns": [campaign.pk], "next": url})
    assert response.status_code == 302 and response.url == url
    campaign.refresh_from_db()
    assert not campaign.needs_resubmission and campaign.vet == vet and campaign.tier is not None
    assert campaign.status == "approved"
    page = client.get(url).content.decode()
    assert 'data-testid="v7-banner"' not in page and "registered again with the vet in force" in page


def test_V7_bulk_resubmit_from_the_list_and_the_brand_panel(client_for, customer_a, analyst, brand):
    first = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    second = make_campaign(customer=customer_a, brand=brand, status="submitted")
    low = make_campaign(
        customer=customer_a,
        brand=brand,
        status="submitted",
        use_case="LOW_VOLUME",
        sub_use_cases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"],
    )
    draft = make_campaign(customer=customer_a, brand=brand)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    client = client_for(customer_a)

    page = client.get(reverse("campaign-list"), {"needs_resubmission": "1"}).content.decode()
    for c in (first, second):
        assert f'name="campaigns" value="{c.pk}"' in page
    assert reverse("campaign-detail", args=[low.pk]) not in page, "V8: LOW_VOLUME is never flagged"
    assert reverse("campaign-detail", args=[draft.pk]) not in page

    # Selecting a campaign that is not flagged refuses the whole batch, naming it.
    refused = client.post(
        reverse("campaigns-resubmit-for-vet"), {"campaigns": [first.pk, draft.pk]}, follow=True
    ).content.decode()
    assert f"Not waiting for a resubmission: {draft.reference}." in refused and "(V7)" not in refused
    first.refresh_from_db()
    assert first.needs_resubmission

    brand_page = client.get(reverse("brand-detail", args=[brand.pk])).content.decode()
    banner = brand_page[brand_page.index('data-testid="v7-banner"') :]
    assert "Resubmit all 2" in banner
    response = client.post(
        reverse("campaigns-resubmit-for-vet"),
        {"campaigns": [first.pk, second.pk], "next": reverse("brand-detail", args=[brand.pk]) + "#campaigns"},
        follow=True,
    )
    assert "2 campaign(s) registered again" in response.content.decode()
    assert not Campaign.objects.filter(needs_resubmission=True).exists()


def test_V7_resubmit_redirects_only_within_the_site(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    for next_url in ("https://evil.example.com/", "//evil.example.com/"):
        response = client_for(customer_a).post(
            reverse("campaigns-resubmit-for-vet"), {"campaigns": [campaign.pk], "next": next_url}
        )
        assert response.status_code == 302 and "evil" not in response.url, next_url


def test_odd_ids_in_search_and_forms_are_answered_not_crashed(client_for, customer_a, analyst, brand):
    """Unicode digits ("²" passes str.isdigit but not int()) and ids beyond a bigint are only input errors."""
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    client = client_for(customer_a)
    for q in ("C-²", "²", "C-99999999999999999999999"):
        response = client.get(reverse("campaign-list"), {"q": q})
        assert response.status_code == 200 and "No campaigns match" in response.content.decode(), q
    found = client.get(reverse("campaign-list"), {"q": f"c-{campaign.pk}"}).content.decode()
    assert DETAIL_LINK.findall(found) == [reverse("campaign-detail", args=[campaign.pk])]
    assert client.post(reverse("campaign-prescreen"), form_post() | {"brand": "²"}).status_code == 200
    for ids in (["²"], ["99999999999999999999999"], [str(campaign.pk), "99999999999999999999999"]):
        response = client.post(reverse("campaigns-resubmit-for-vet"), {"campaigns": ids})
        assert response.status_code in (302, 404), ids
    campaign.refresh_from_db()
    assert campaign.needs_resubmission


# ----------------------------------------------------------------------------------------------------------
# C8 suspension
# ----------------------------------------------------------------------------------------------------------


def test_C8_staff_suspends_and_reinstates_a_campaign_from_its_page(client_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    staff = client_for(analyst)
    page = staff.post(reverse("campaign-suspend", args=[campaign.pk]), {"reason": " "}, follow=True).content.decode()
    assert "A suspension needs a reason." in page
    campaign.refresh_from_db()
    assert campaign.status == "approved"
    staff.post(reverse("campaign-suspend", args=[campaign.pk]), {"reason": "Spam complaints"})
    campaign.refresh_from_db()
    assert campaign.status == "suspended"
    customer_page = client_for(customer_a).get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "Spam complaints" in customer_page and "Reinstate campaign" not in customer_page
    staff = client_for(analyst)
    staff.post(reverse("campaign-reinstate", args=[campaign.pk]), {"reason": "Remediated"})
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C8_suspending_a_sub_account_from_its_page_suspends_its_approved_campaigns(
    client_for, customer_a, analyst, brand, sub_account_a
):
    approved = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    draft = make_campaign(customer=customer_a, brand=brand)
    staff = client_for(analyst)
    sub_page = reverse("sub-account-detail", args=[sub_account_a.pk])
    assert "Suspend sub-account" in staff.get(sub_page).content.decode()

    refused = staff.post(reverse("sub-account-suspend", args=[sub_account_a.pk]), {"reason": ""}, follow=True)
    assert "A suspension needs a reason." in refused.content.decode()
    sub_account_a.refresh_from_db()
    assert sub_account_a.suspended_at is None

    response = staff.post(reverse("sub-account-suspend", args=[sub_account_a.pk]), {"reason": "Traffic abuse"})
    assert response.status_code == 302 and response.url == sub_page
    approved.refresh_from_db()
    draft.refresh_from_db()
    assert (approved.status, approved.suspended_with_sub_account, draft.status) == ("suspended", True, "draft")
    page = staff.get(sub_page).content.decode()
    assert 'data-testid="sub-account-suspended"' in page and "Traffic abuse" in page
    assert "Reinstate sub-account" in page

    # The campaign alone cannot be reinstated while its sub-account is suspended.
    detail = staff.get(reverse("campaign-detail", args=[approved.pk])).content.decode()
    assert "(suspended with its sub-account)" in detail
    refused = staff.post(reverse("campaign-reinstate", args=[approved.pk]), {"reason": "ok"}, follow=True)
    assert "reinstate the sub-account to reinstate its campaigns. (C8)" in refused.content.decode()

    staff.post(reverse("sub-account-reinstate", args=[sub_account_a.pk]), {"reason": "Cleared"})
    approved.refresh_from_db()
    assert approved.status == "approved" and not approved.suspended_with_sub_account


def test_C8_customer_sees_no_suspension_forms(client_for, customer_a, analyst, brand, sub_account_a):
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    client = client_for(customer_a)
    assert "Suspend campaign" not in client.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    sub_page = client.get(reverse("sub-account-detail", args=[sub_account_a.pk])).content.decode()
    assert "Suspend sub-account" not in sub_page


# ----------------------------------------------------------------------------------------------------------
# Query counts
# ----------------------------------------------------------------------------------------------------------


# Measured on the pages as written (SQLite and PostgreSQL alike): session, user, then the page's own reads, and
# the inbox bell's unread count in the header (N1, one query on every page).
LIST_QUERIES = {"customer": 6, "analyst": 7}
# the work-item panel (staff) and the comments panel (everyone) add one query each; the bell and the brand's
# sender ids (S1) one each
BRAND_PAGE_QUERIES = {"customer": 17, "analyst": 20}


def _count(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _campaigns(n, *, customer, brand, analyst):
    """``n`` campaigns in a mix of states (some with a tier, some flagged), created through the services."""
    made = []
    for i in range(n):
        status = ("draft", "submitted", "approved")[i % 3]
        made.append(make_campaign(customer=customer, brand=brand, status=status, analyst=analyst))
    return made


@pytest.mark.parametrize("who", ["customer", "analyst"])
def test_campaign_list_query_count_does_not_grow_with_rows(
    client_for, customer_a, analyst, brand, who, django_assert_max_num_queries
):
    user = customer_a if who == "customer" else analyst
    client = client_for(user)
    _campaigns(3, customer=customer_a, brand=brand, analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    few = _count(client, reverse("campaign-list"))
    _campaigns(22, customer=customer_a, brand=brand, analyst=analyst)
    many = _count(client, reverse("campaign-list"))
    assert few == many, (few, many)
    with django_assert_max_num_queries(LIST_QUERIES[who]):
        response = client.get(reverse("campaign-list"))
    assert len(DETAIL_LINK.findall(response.content.decode())) == 25


def test_campaign_detail_query_count_is_bounded_for_staff_with_the_review_form(
    client_for, customer_a, analyst, brand, django_assert_max_num_queries
):
    # A resubmission after two rejections: decisions, changes, suggestions and the whole catalogue on one page.
    campaign = make_campaign(
        customer=customer_a, brand=brand, status="submitted", sample_messages=[SHORTENER_SAMPLE], number_pool=True
    )
    for i in range(2):
        services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012", "6013"])
        services.campaign_update(actor=customer_a, campaign=campaign, data={"description": f"Acme Dental v{i}"})
        services.campaign_submit(actor=customer_a, campaign=campaign)
    client = client_for(analyst)
    url = reverse("campaign-detail", args=[campaign.pk])
    # + the work-item and comments panels (one query each), + the carriers table (N3, one query), + the bell
    # (N1) and the campaign's sender ids (S1), one query each
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert 'data-testid="review-form"' in page and page.count('name="codes"') == RejectionCode.objects.count()
    assert page.count('data-testid="decision"') == 2 and "Changed since this rejection (1)" in page
    assert 'name="check_number_pool_review"' in page


def test_campaign_detail_query_count_is_bounded_for_a_customer_after_several_rejections(
    client_for, customer_a, analyst, brand, django_assert_max_num_queries
):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    for i in range(4):
        services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012", "6013", "501"])
        services.campaign_update(actor=customer_a, campaign=campaign, data={"description": f"Acme Dental v{i}"})
        services.campaign_submit(actor=customer_a, campaign=campaign)
    services.campaign_review(actor=analyst, campaign=campaign, decision="reject", codes=["6012"])
    services.campaign_update(actor=customer_a, campaign=campaign, data={"description": "Acme Dental v5"})
    campaign.refresh_from_db()
    assert campaign.rejection_count == 5 and campaign.reviews.count() == 5
    client = client_for(customer_a)
    url = reverse("campaign-detail", args=[campaign.pk])
    # + the comments panel, + the carriers table (N3, one query), + the bell (N1) and the sender ids (S1)
    with django_assert_max_num_queries(11):
        response = client.get(url)
    page = response.content.decode()
    assert page.count('data-testid="decision"') == 5 and "Changed since this rejection (1)" in page
    assert "added automatically" in page and "(C6)" not in page


def test_brand_page_with_a_campaigns_panel_query_count_is_bounded(
    client_for, customer_a, analyst, brand, django_assert_max_num_queries
):
    _campaigns(3, customer=customer_a, brand=brand, analyst=analyst)
    complete_vet(customer=customer_a, analyst=analyst, brand=brand)
    url = reverse("brand-detail", args=[brand.pk])
    counts = {}
    for who, user in (("customer", customer_a), ("analyst", analyst)):
        counts[who, 3] = _count(client_for(user), url)
    _campaigns(9, customer=customer_a, brand=brand, analyst=analyst)
    for who, user in (("customer", customer_a), ("analyst", analyst)):
        client = client_for(user)
        counts[who, 12] = _count(client, url)
        with django_assert_max_num_queries(BRAND_PAGE_QUERIES[who]):
            page = client.get(url).content.decode()
        assert page.count('data-testid="brand-campaigns"') == 1 and len(DETAIL_LINK.findall(page)) == 12
    assert counts["customer", 3] == counts["customer", 12] and counts["analyst", 3] == counts["analyst", 12], counts


def test_C6_edit_page_after_a_rejection_shows_codes_remediation_and_note_next_to_the_fields(
    signed_in, customer_a, analyst, brand
):
    # given a campaign whose second sample and opt-in message each draw a pre-screen finding
    data = campaign_data()
    data["sample_messages"] = [data["sample_messages"][0], "Your cleaning is on Tue 5/14 at 2:30 PM."]
    data["optin_message"] = "You are subscribed to appointment reminders. Reply HELP for help, STOP to cancel."
    campaign = services.campaign_create(actor=customer_a, brand=brand, data=data)
    services.campaign_submit(actor=customer_a, campaign=campaign)
    placed = {f["code"]: f["field"] for f in Campaign.objects.get().findings}
    assert placed.get("6012") == "sample_messages.1" and placed.get("6005") == "optin_message", placed
    # when the analyst rejects it citing both codes plus one no input is tied to, with a note
    services.campaign_review(
        actor=analyst,
        campaign=campaign,
        decision="reject",
        codes=["6012", "6005", "3001A"],
        reason="Name Acme Dental in every message and add the rates disclosure.",
    )
    page = signed_in(customer_a).get(reverse("campaign-edit", args=[campaign.pk])).content.decode()
    # then the edit page starts with the decision: every code with its reason and remediation, and the note
    top = page[page.index('data-testid="decision-to-fix"') : page.index("</section>", page.index("decision-to-fix"))]
    for code in ("6012", "6005", "3001A"):
        reason, remediation = code_texts(code)
        assert f'data-code="{code}"' in top and reason in top and remediation in top
    assert "Name Acme Dental in every message and add the rates disclosure." in top
    assert "Marked below at: Sample message 2" in top and "Marked below at: Opt-in confirmation message" in top
    # and each code again next to the input it points at (the form's own box, not the API's key)
    assert 'data-testid="fix-sample_message_2"' in page and 'data-testid="fix-optin_message"' in page
    sample_box = page.index('name="sample_message_2"')
    assert page.index('data-testid="fix-sample_message_2"') > sample_box
    assert page.index('data-testid="fix-sample_message_2"') < page.index('name="sample_message_3"')
    note = page[page.index('data-testid="fix-sample_message_2"') :]
    assert "sample_messages.1" not in top and "sample_messages.1" not in note[: note.index("</ul>")]
    assert "Include the brand/DBA name in sample message(s)." in note[: note.index("</ul>")]
    # an edit page of a draft shows no decision
    draft = make_campaign(customer=customer_a, brand=brand)
    assert (
        "decision-to-fix" not in signed_in(customer_a).get(reverse("campaign-edit", args=[draft.pk])).content.decode()
    )
