"""Campaigns through the REST API (C1–C8, V7): contract, 400/409 mapping, tenancy on every endpoint, query bound."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from audit.models import AuditEvent
from brands.services import brand_record_identity
from campaigns.models import Campaign, CampaignReview
from rejections.models import RejectionCode
from tests.accounts.factories import UserFactory
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED, campaign_data, make_campaign
from vetting import services as vet_services

pytestmark = pytest.mark.django_db

LIST = "/api/v1/campaigns/"
PRESCREEN = "/api/v1/campaigns/prescreen/"
RESUBMIT = "/api/v1/campaigns/resubmit-for-vet/"
#: API.md, campaign row: the field names clients rely on.
CONTRACT_FIELDS = {
    "brand",
    "use_case",
    "description",
    "message_flow",
    "sample_messages",
    "optin_message",
    "optin_keywords",
    "help_message",
    "help_keywords",
    "optout_message",
    "optout_keywords",
    "embedded_link",
    "embedded_phone",
    "number_pool",
    "age_gated",
    "direct_lending",
    "affiliate_marketing",
    "privacy_policy_url",
    "terms_url",
    "website",
    "status",
    "needs_resubmission",
    "rejection_count",
    "findings",
    "rejections",
}
#: What the customer writes (the input half of the contract).
INPUT_FIELDS = CONTRACT_FIELDS - {"status", "needs_resubmission", "rejection_count", "findings", "rejections"}
FINDING_FIELDS = {"code", "field", "message", "remediation"}
GAMBLING = "Acme Dental runs an online casino with sports betting for its patients."


def url(campaign, action: str = "") -> str:
    return f"{LIST}{campaign.pk}/" + (f"{action}/" if action else "")


def verified_brand(*, customer, sub_account, analyst, **overrides):
    """C7: approved AND identity VERIFIED, so its campaigns can be submitted and approved."""
    brand = make_brand(customer=customer, sub_account=sub_account, status="approved", analyst=analyst, **overrides)
    return brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry verified")


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def draft(customer_a, brand):
    return make_campaign(customer=customer_a, brand=brand)


@pytest.fixture
def submitted(customer_a, brand):
    return make_campaign(customer=customer_a, brand=brand, status="submitted")


@pytest.fixture
def approved(customer_a, analyst, brand):
    return make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)


def flag_for_vet(*, customer, analyst, brand) -> None:
    """V7: a standard vet completing ACTIVE after registration flags the brand's registered campaigns."""
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet_services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=85)


# --- contract -----------------------------------------------------------------------------------------------------


def test_campaign_has_every_field_api_md_names_and_rejections_carry_code_texts(api_for, customer_a, analyst, brand):
    # given a campaign rejected once with 6012
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    # when the customer reads it
    body = api_for(customer_a).get(url(campaign)).json()
    # then every field of API.md is there, spelled as API.md spells it
    assert set(body) >= CONTRACT_FIELDS, CONTRACT_FIELDS - set(body)
    assert body["brand"] == brand.pk and body["status"] == "rejected" and body["rejection_count"] == 1
    assert isinstance(body["sample_messages"], list) and body["needs_resubmission"] is False
    catalogue = RejectionCode.objects.get(code="6012")
    [rejection] = body["rejections"]
    assert rejection["decision"] == "reject" and rejection["reason"] == "Name it"
    assert rejection["codes"] == [
        {
            "code": "6012",
            "reason": catalogue.reason,
            "remediation": catalogue.remediation,
            "family": catalogue.family,
            "remediable": True,
        }
    ]


def test_list_items_have_the_same_fields_and_page_shape(api_for, customer_a, draft):
    body = api_for(customer_a).get(LIST).json()
    assert {"results", "next"} <= set(body) and body["next"] is None
    [item] = body["results"]
    assert item["id"] == draft.pk and set(item) >= CONTRACT_FIELDS


# --- create (C3, C4) ----------------------------------------------------------------------------------------------


def test_C4_create_returns_201_with_findings_and_their_remediations(api_for, customer_a, brand):
    api = api_for(customer_a)
    clean = api.post(LIST, {**campaign_data(), "brand": brand.pk}, format="json")
    assert clean.status_code == 201, clean.json()
    body = clean.json()
    assert body["status"] == "draft" and body["findings"] == [] and body["rejections"] == []
    assert body["optout_keywords"] == "STOP,END,CANCEL"  # normalised by the service
    shortened = api.post(
        LIST,
        {**campaign_data(sample_messages=["Acme Dental: book at https://bit.ly/acme"]), "brand": brand.pk},
        format="json",
    )
    assert shortened.status_code == 201, shortened.json()
    findings = shortened.json()["findings"]
    by_code = {f["code"]: f for f in findings}
    assert {"6013", "501"} <= set(by_code)
    assert all(set(f) >= FINDING_FIELDS for f in findings)
    assert by_code["6013"]["field"] == "sample_messages.0" and "bit.ly" in by_code["6013"]["message"]
    assert by_code["6013"]["remediation"] == RejectionCode.objects.get(code="6013").remediation
    assert Campaign.objects.get(pk=shortened.json()["id"]).findings == findings


def test_create_bad_input_is_400_naming_each_field_and_limit_and_saves_nothing(api_for, customer_a, brand):
    events = AuditEvent.objects.count()
    response = api_for(customer_a).post(
        LIST,
        {
            **campaign_data(
                use_case="PAYDAY_LOANS",
                description="x" * 4100,
                sample_messages=[f"Acme Dental: message {i}" for i in range(6)],
                website="not a url",
                optout_keywords="STOP, opt out!",
            ),
            "brand": brand.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["sample_messages"] == ["At most 5 sample messages; this has 6 (1 too many)."]
    assert body["description"] == ["At most 4,096 characters; this has 4,100 (4 too many)."]
    assert "PAYDAY_LOANS" in body["use_case"][0] and "ACCOUNT_NOTIFICATION" in body["use_case"][0]
    assert "not a url" in body["website"][0]
    assert "OUT!" in body["optout_keywords"][0]
    assert not Campaign.objects.exists()
    assert AuditEvent.objects.count() == events


def test_create_shape_errors_and_limits_per_sample(api_for, customer_a, brand):
    api = api_for(customer_a)
    no_brand = api.post(LIST, campaign_data(), format="json")
    assert no_brand.status_code == 400 and no_brand.json()["brand"] == ["This field is required."]
    not_a_list = api.post(LIST, {**campaign_data(sample_messages="Acme Dental: hi"), "brand": brand.pk}, format="json")
    assert not_a_list.status_code == 400 and "list" in not_a_list.json()["sample_messages"][0]
    long_sample = api.post(
        LIST,
        {**campaign_data(sample_messages=["Acme Dental: ok", "A" * 1030]), "brand": brand.pk},
        format="json",
    )
    assert long_sample.status_code == 400
    assert long_sample.json()["sample_messages"] == [
        "Sample message 2: At most 1,024 characters; this has 1,030 (6 too many)."
    ]
    none = api.post(LIST, {**campaign_data(sample_messages=[]), "brand": brand.pk}, format="json")
    assert none.status_code == 400 and "at least one" in none.json()["sample_messages"][0]
    missing = api.post(LIST, {"brand": brand.pk}, format="json")
    assert missing.status_code == 400
    assert {"use_case", "description", "sample_messages"} <= set(missing.json())
    assert not Campaign.objects.exists()


def test_create_and_patch_are_customer_actions_staff_get_403(api_for, analyst, manager, brand, draft):
    for user in (analyst, manager):
        api = api_for(user)
        assert api.post(LIST, {**campaign_data(), "brand": brand.pk}, format="json").status_code == 403
        assert api.patch(url(draft), {"description": "Staff rewrite"}, format="json").status_code == 403
    assert Campaign.objects.count() == 1
    assert Campaign.objects.get(pk=draft.pk).description == draft.description


# --- PATCH --------------------------------------------------------------------------------------------------------


def test_patch_reruns_prescreen_bumps_version_and_refuses_stale_and_bad_input(api_for, customer_a, draft):
    api = api_for(customer_a)
    patched = api.patch(
        url(draft),
        {"sample_messages": ["Hello from us: book at https://bit.ly/x"], "embedded_link": True, "version": 1},
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    body = patched.json()
    assert body["version"] == 2 and body["embedded_link"] is True
    assert {"6012", "6013"} <= {f["code"] for f in body["findings"]}
    stale = api.patch(url(draft), {"description": "Acme Dental reminders", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale" and "version 1" in stale.json()["detail"]
    bad = api.patch(url(draft), {"terms_url": "x" * 300}, format="json")
    assert bad.status_code == 400 and bad.json()["terms_url"][0].startswith("At most 255 characters")
    moved = api.patch(url(draft), {"brand": draft.brand_id}, format="json")
    assert moved.status_code == 400 and "brand" in moved.json()
    assert Campaign.objects.get(pk=draft.pk).version == 2


def test_patch_of_a_submitted_campaign_is_409(api_for, customer_a, submitted):
    response = api_for(customer_a).patch(url(submitted), {"description": "Too late"}, format="json")
    assert response.status_code == 409
    assert set(response.json()) == {"detail", "code"} and response.json()["code"] == "C2"


# --- prescreen (C4) -----------------------------------------------------------------------------------------------


def test_C4_prescreen_returns_findings_and_saves_nothing(api_for, customer_a, brand):
    campaigns, events = Campaign.objects.count(), AuditEvent.objects.count()
    response = api_for(customer_a).post(
        PRESCREEN,
        {**campaign_data(sample_messages=["Hi! Book at https://bit.ly/x"]), "brand": brand.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert list(body) == ["findings"]
    codes = [f["code"] for f in body["findings"]]
    assert {"6012", "6013", "501"} <= set(codes)
    for finding in body["findings"]:
        assert set(finding) >= FINDING_FIELDS
        assert finding["message"] and finding["remediation"]
    # 6012 needs the brand's name: it came from the brand given
    assert "Acme Dental" in next(f for f in body["findings"] if f["code"] == "6012")["message"]
    assert Campaign.objects.count() == campaigns and AuditEvent.objects.count() == events


def test_C4_prescreen_works_for_staff_with_or_without_a_brand(api_for, analyst, manager, brand):
    events = AuditEvent.objects.count()
    for user in (analyst, manager):
        api = api_for(user)
        without = api.post(PRESCREEN, campaign_data(description=GAMBLING), format="json")
        assert without.status_code == 200, without.json()
        [finding] = [f for f in without.json()["findings"] if f["code"] == "7003"]
        assert finding["field"] == "description" and finding["prohibited"] is True
        with_brand = api.post(PRESCREEN, {**campaign_data(), "brand": brand.pk}, format="json")
        assert with_brand.status_code == 200 and with_brand.json() == {"findings": []}
    assert not Campaign.objects.exists() and AuditEvent.objects.count() == events


def test_C4_prescreen_bad_input_is_400_with_field_errors(api_for, customer_a):
    response = api_for(customer_a).post(
        PRESCREEN, campaign_data(sample_messages=[f"s{i}" for i in range(7)]), format="json"
    )
    assert response.status_code == 400
    assert response.json()["sample_messages"] == ["At most 5 sample messages; this has 7 (2 too many)."]
    assert not Campaign.objects.exists()


# --- submit, review, suspend, reinstate (C5–C8) -------------------------------------------------------------------


def test_C5_full_flow_submit_start_review_approve_suspend_reinstate(api_for, customer_a, analyst, draft):
    customer, staff = api_for(customer_a), api_for(analyst)
    submitted = customer.post(url(draft, "submit"), {"version": draft.version}, format="json")
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    again = customer.post(url(draft, "submit"), {}, format="json")
    assert again.status_code == 409 and set(again.json()) == {"detail", "code"} and again.json()["code"] == "C5"

    started = staff.post(url(draft, "start-review"))
    assert started.status_code == 200 and started.json()["status"] == "in_review"
    restarted = staff.post(url(draft, "start-review"))
    assert restarted.status_code == 409 and restarted.json()["code"] == "C5"

    unticked = staff.post(url(draft, "review"), {"decision": "approve"}, format="json")
    assert unticked.status_code == 400 and unticked.json()["code"] == "C5" and unticked.json()["checklist"]
    approved = staff.post(url(draft, "review"), {"decision": "approve", "checklist": ALL_TICKED}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["decision"] == "approve" and approved.json()["codes"] == []
    assert customer.get(url(draft)).json()["status"] == "approved"
    twice = staff.post(url(draft, "review"), {"decision": "approve", "checklist": ALL_TICKED}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "C5"

    no_reason = staff.post(url(draft, "suspend"), {"reason": "  "}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "required" and no_reason.json()["reason"]
    suspended = staff.post(url(draft, "suspend"), {"reason": "Spam complaints from T-Mobile"}, format="json")
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    resuspended = staff.post(url(draft, "suspend"), {"reason": "Again"}, format="json")
    assert resuspended.status_code == 409 and resuspended.json()["code"] == "C8"
    reinstated = staff.post(url(draft, "reinstate"), {"reason": "Complaints resolved"}, format="json")
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "approved"
    reinstated_again = staff.post(url(draft, "reinstate"), {"reason": "Again"}, format="json")
    assert reinstated_again.status_code == 409 and reinstated_again.json()["code"] == "C8"
    trail = AuditEvent.objects.for_subject(draft).exclude(action="checklist").order_by("at", "id")
    assert [(e.action, e.from_state, e.to_state, e.reason) for e in trail] == [
        ("registered", "", "draft", ""),
        ("submit", "draft", "submitted", ""),
        ("claimed", "", "", ""),  # Q3: starting the review claimed the queue item for the analyst
        ("start_review", "submitted", "in_review", ""),
        ("approve", "in_review", "approved", ""),
        ("suspend", "approved", "suspended", "Spam complaints from T-Mobile"),
        ("reinstate", "suspended", "approved", "Complaints resolved"),
    ]


def test_C5_reject_needs_codes_and_the_response_snapshots_them(api_for, customer_a, analyst, submitted):
    staff = api_for(analyst)
    bare = staff.post(url(submitted, "review"), {"decision": "reject", "reason": "No"}, format="json")
    assert bare.status_code == 400 and bare.json()["code"] == "C5" and bare.json()["codes"]
    unknown = staff.post(url(submitted, "review"), {"decision": "reject", "codes": ["9999"]}, format="json")
    assert unknown.status_code == 400 and "9999" in unknown.json()["codes"][0]
    bad_decision = staff.post(url(submitted, "review"), {"decision": "maybe"}, format="json")
    assert bad_decision.status_code == 400 and bad_decision.json()["decision"]
    assert not CampaignReview.objects.exists()

    rejected = staff.post(
        url(submitted, "review"),
        {"decision": "reject", "codes": ["6012", "6013"], "reason": "Name the brand; no public shorteners"},
        format="json",
    )
    assert rejected.status_code == 200, rejected.json()
    body = rejected.json()
    assert body["decision"] == "reject" and body["closed"] is False and body["decided_by"] == "analyst"
    for item, code in zip(body["codes"], ["6012", "6013"], strict=True):
        catalogue = RejectionCode.objects.get(code=code)
        assert item == {
            "code": code,
            "reason": catalogue.reason,
            "remediation": catalogue.remediation,
            "family": catalogue.family,
            "remediable": True,
        }
    # the snapshot survives a later catalogue edit
    RejectionCode.objects.filter(code="6012").update(remediation="Edited later")
    seen = api_for(customer_a).get(url(submitted)).json()
    assert seen["status"] == "rejected" and seen["rejection_count"] == 1
    assert seen["rejections"][0]["codes"][0]["remediation"] != "Edited later"


def test_C6_unchanged_resubmission_is_409_changed_one_goes_through(api_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    customer = api_for(customer_a)
    unchanged = customer.post(url(campaign, "submit"), {}, format="json")
    assert unchanged.status_code == 409 and unchanged.json()["code"] == "C6"
    assert "not changed" in unchanged.json()["detail"]
    fixed = customer.patch(
        url(campaign), {"sample_messages": ["Acme Dental: your cleaning is on Tue 5/14 at 2:30 PM."]}, format="json"
    )
    assert fixed.status_code == 200
    resubmitted = customer.post(url(campaign, "submit"), {}, format="json")
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"


def test_C5_non_remediable_code_closes_the_campaign_for_good(api_for, customer_a, analyst, submitted):
    closed = api_for(analyst).post(
        url(submitted, "review"), {"decision": "reject", "codes": ["701"], "reason": "Cannabis"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["closed"] is True
    customer = api_for(customer_a)
    assert customer.get(url(submitted)).json()["status"] == "closed"
    refused = customer.post(url(submitted, "submit"), {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "C5"
    frozen = customer.patch(url(submitted), {"description": "Something else"}, format="json")
    assert frozen.status_code == 409 and frozen.json()["code"] == "C5"


def test_stale_submit_and_review_are_409_stale(api_for, customer_a, analyst, draft):
    customer, staff = api_for(customer_a), api_for(analyst)
    customer.patch(url(draft), {"description": "Acme Dental sends appointment reminders."}, format="json")
    stale_submit = customer.post(url(draft, "submit"), {"version": 1}, format="json")
    assert stale_submit.status_code == 409 and stale_submit.json()["code"] == "stale"
    loaded = customer.post(url(draft, "submit"), {"version": 2}, format="json").json()
    assert loaded["status"] == "submitted" and loaded["version"] == 3
    stale_review = staff.post(
        url(draft, "review"), {"decision": "approve", "checklist": ALL_TICKED, "version": 2}, format="json"
    )
    assert stale_review.status_code == 409 and set(stale_review.json()) == {"detail", "code"}
    assert stale_review.json()["code"] == "stale"
    assert Campaign.objects.get(pk=draft.pk).status == "submitted"


def test_C7_submit_needs_an_approved_and_verified_brand(api_for, customer_a, analyst, sub_account_a):
    unverified = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    campaign = make_campaign(customer=customer_a, brand=unverified)
    response = api_for(customer_a).post(url(campaign, "submit"), {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "C7"
    assert "identity is unverified" in response.json()["detail"]
    draft_brand = make_brand(customer=customer_a, sub_account=sub_account_a, legal_name="Acme Ortho LLC")
    campaign = make_campaign(customer=customer_a, brand=draft_brand)
    response = api_for(customer_a).post(url(campaign, "submit"), {}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "C7"
    assert "not approved" in response.json()["detail"]
    assert set(Campaign.objects.values_list("status", flat=True)) == {"draft"}


def test_C7_approval_rechecks_the_brand(api_for, analyst, brand, submitted):
    brand_record_identity(actor=analyst, brand=brand, identity_status="UNVERIFIED", reason="Registry re-check failed")
    response = api_for(analyst).post(
        url(submitted, "review"), {"decision": "approve", "checklist": ALL_TICKED}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "C7"
    assert Campaign.objects.get(pk=submitted.pk).status == "submitted"


def test_C7_number_pool_needs_its_special_review_810(api_for, customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted", number_pool=True)
    staff = api_for(analyst)
    refused = staff.post(url(campaign, "review"), {"decision": "approve", "checklist": ALL_TICKED}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "810" and refused.json()["checklist"]
    done = staff.post(
        url(campaign, "review"),
        {"decision": "approve", "checklist": {**ALL_TICKED, "number_pool_review": True}},
        format="json",
    )
    assert done.status_code == 200, done.json()


def test_C1_prohibited_content_is_400_C1_on_submit(api_for, customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, description=GAMBLING)
    assert any(f["prohibited"] for f in campaign.findings)  # saved as a draft, with the finding
    response = api_for(customer_a).post(url(campaign, "submit"), {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "C1" and body["codes"] == ["7003"]
    assert "gambling" in body["description"][0]
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"


def test_submit_is_403_for_staff(api_for, analyst, manager, draft):
    for user in (analyst, manager):
        assert api_for(user).post(url(draft, "submit"), {}, format="json").status_code == 403
    assert Campaign.objects.get(pk=draft.pk).status == "draft"


def test_staff_only_actions_are_403_for_the_owning_customer(api_for, customer_a, sub_account_a, approved):
    api = api_for(customer_a)
    calls = [
        (url(approved, "start-review"), {}),
        (url(approved, "review"), {"decision": "reject", "codes": ["6012"]}),
        (url(approved, "suspend"), {"reason": "x"}),
        (url(approved, "reinstate"), {"reason": "x"}),
        (f"/api/v1/sub-accounts/{sub_account_a.pk}/suspend/", {"reason": "x"}),
        (f"/api/v1/sub-accounts/{sub_account_a.pk}/reinstate/", {"reason": "x"}),
    ]
    for path, data in calls:
        assert api.post(path, data, format="json").status_code == 403, path
    assert Campaign.objects.get(pk=approved.pk).status == "approved"
    sub_account_a.refresh_from_db()
    assert sub_account_a.suspended_at is None


# --- C8: sub-account suspension -----------------------------------------------------------------------------------


def test_C8_sub_account_suspension_suspends_and_reinstates_its_campaigns(
    api_for, customer_a, analyst, sub_account_a, approved, draft
):
    staff, customer = api_for(analyst), api_for(customer_a)
    base = f"/api/v1/sub-accounts/{sub_account_a.pk}"
    no_reason = staff.post(f"{base}/suspend/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["reason"]
    suspended = staff.post(f"{base}/suspend/", {"reason": "Traffic pumping"}, format="json")
    assert suspended.status_code == 200, suspended.json()
    assert suspended.json() == {
        "sub_account": sub_account_a.pk,
        "suspended": True,
        "suspended_reason": "Traffic pumping",
        "campaigns": [approved.pk],
    }
    assert customer.get(url(approved)).json()["status"] == "suspended"
    again = staff.post(f"{base}/suspend/", {"reason": "Again"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "C8"
    # C7/C8: nothing new is registered under a suspended sub-account, nor reinstated alone
    blocked = customer.post(url(draft, "submit"), {}, format="json")
    assert blocked.status_code == 409 and blocked.json()["code"] == "C7"
    alone = staff.post(url(approved, "reinstate"), {"reason": "Try"}, format="json")
    assert alone.status_code == 409 and alone.json()["code"] == "C8"
    reinstated = staff.post(f"{base}/reinstate/", {"reason": "Cleared"}, format="json")
    assert reinstated.status_code == 200 and reinstated.json()["suspended"] is False
    assert reinstated.json()["campaigns"] == [approved.pk]
    assert customer.get(url(approved)).json()["status"] == "approved"
    assert staff.post("/api/v1/sub-accounts/999999/suspend/", {"reason": "x"}, format="json").status_code == 404


# --- V7: resubmit for a vet ---------------------------------------------------------------------------------------


def test_V7_resubmit_for_vet_in_bulk(api_for, customer_a, analyst, brand, approved, submitted, draft):
    flag_for_vet(customer=customer_a, analyst=analyst, brand=brand)
    api = api_for(customer_a)
    flagged = api.get(LIST, {"needs_resubmission": "true"}).json()["results"]
    assert {c["id"] for c in flagged} == {approved.pk, submitted.pk}
    not_flagged = api.post(RESUBMIT, {"campaigns": [approved.pk, draft.pk]}, format="json")
    assert not_flagged.status_code == 409 and not_flagged.json()["code"] == "V7"
    assert f"C-{draft.pk}" in not_flagged.json()["detail"]
    for bad in ([], [10**30], ["C-1"]):
        response = api.post(RESUBMIT, {"campaigns": bad}, format="json")
        assert response.status_code == 400 and response.json()["campaigns"], bad
    done = api.post(RESUBMIT, {"campaigns": [approved.pk, submitted.pk]}, format="json")
    assert done.status_code == 200, done.json()
    assert {c["id"]: c["status"] for c in done.json()} == {approved.pk: "approved", submitted.pk: "submitted"}
    assert all(c["needs_resubmission"] is False and c["vet"] for c in done.json())
    assert api.get(LIST, {"needs_resubmission": "true"}).json()["results"] == []


# --- list filters -------------------------------------------------------------------------------------------------


def test_list_filters(api_for, customer_a, analyst, sub_account_a, brand, draft, submitted):
    other_brand = verified_brand(
        customer=customer_a, sub_account=sub_account_a, analyst=analyst, legal_name="Zenith Bakery LLC"
    )
    bakery = make_campaign(customer=customer_a, brand=other_brand, use_case="CUSTOMER_CARE")
    api = api_for(customer_a)

    def ids(**params):
        response = api.get(LIST, params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    assert ids() == {draft.pk, submitted.pk, bakery.pk}
    assert ids(status="submitted") == {submitted.pk}
    assert ids(use_case="CUSTOMER_CARE") == {bakery.pk}
    assert ids(brand=other_brand.pk) == {bakery.pk}
    assert ids(q="zenith") == {bakery.pk}
    assert ids(q=f"C-{draft.pk}") == {draft.pk}
    assert ids(q=str(submitted.pk)) == {submitted.pk}
    assert ids(needs_resubmission="true") == set()
    # odd input is a 400 or no match, never a 500
    for brand_id in ("abc", "²", str(10**30)):
        bad = api.get(LIST, {"brand": brand_id})
        assert bad.status_code == 400 and brand_id in bad.json()["brand"][0]
    assert ids(q="C-²") == set() and ids(q=f"C-{10**30}") == set()


# --- tenancy: another account's campaign is 404 everywhere --------------------------------------------------------


def test_tenancy_every_campaign_endpoint_is_404_for_another_account(
    api_for, customer_a, customer_b, analyst, sub_account_a, brand, draft, approved
):
    flag_for_vet(customer=customer_a, analyst=analyst, brand=brand)
    other = api_for(customer_b)
    # the list leaves them out, whatever the filter
    assert other.get(LIST).json()["results"] == []
    assert other.get(LIST, {"brand": brand.pk}).json()["results"] == []
    assert other.get(LIST, {"q": f"C-{draft.pk}"}).json()["results"] == []
    assert other.get(LIST, {"needs_resubmission": "true"}).json()["results"] == []
    # each call, and the same call on an id that does not exist: both 404, so nothing is learnt
    missing_brand = {**campaign_data(), "brand": 999999}
    calls = [
        ("get", url(draft), None, f"{LIST}999999/", None),
        ("patch", url(draft), {"description": "Mine now"}, f"{LIST}999999/", {"description": "Mine now"}),
        ("post", url(draft, "submit"), {}, f"{LIST}999999/submit/", {}),
        ("post", RESUBMIT, {"campaigns": [approved.pk]}, RESUBMIT, {"campaigns": [999999]}),
        ("post", PRESCREEN, {**campaign_data(), "brand": brand.pk}, PRESCREEN, missing_brand),
        ("post", LIST, {**campaign_data(), "brand": brand.pk}, LIST, missing_brand),
    ]
    for method, path, data, missing_path, missing_data in calls:
        for target, payload in ((path, data), (missing_path, missing_data)):
            response = getattr(other, method)(target, payload, format="json")
            assert response.status_code == 404, (method, target, payload, response.status_code)
    # staff-only actions refuse every customer before looking anything up: 403 for theirs, others' and no one's
    for action in ("start-review", "review", "suspend", "reinstate"):
        for path in (url(approved, action), f"{LIST}999999/{action}/"):
            assert other.post(path, {"reason": "x", "decision": "approve"}, format="json").status_code == 403
    for path in (f"/api/v1/sub-accounts/{sub_account_a.pk}/suspend/", "/api/v1/sub-accounts/999999/suspend/"):
        assert other.post(path, {"reason": "x"}, format="json").status_code == 403
    # nothing changed
    assert Campaign.objects.filter(brand__sub_account__account=customer_b.account).count() == 0
    draft.refresh_from_db()
    approved.refresh_from_db()
    assert (draft.status, draft.version, approved.status, approved.needs_resubmission) == (
        "draft",
        1,
        "approved",
        True,
    )


def test_staff_see_every_account(api_for, analyst, draft, approved):
    api = api_for(analyst)
    assert {c["id"] for c in api.get(LIST).json()["results"]} == {draft.pk, approved.pk}
    assert api.get(url(draft)).status_code == 200


def test_anonymous_is_401_and_a_user_without_role_403_on_every_endpoint(sub_account_a, draft):
    anonymous, nobody = APIClient(), APIClient()
    nobody.force_authenticate(UserFactory(username="nobody"))
    calls = [
        ("get", LIST),
        ("post", LIST),
        ("get", url(draft)),
        ("patch", url(draft)),
        ("post", PRESCREEN),
        ("post", RESUBMIT),
        *[("post", url(draft, action)) for action in ("submit", "start-review", "review", "suspend", "reinstate")],
        ("post", f"/api/v1/sub-accounts/{sub_account_a.pk}/suspend/"),
        ("post", f"/api/v1/sub-accounts/{sub_account_a.pk}/reinstate/"),
    ]
    for method, path in calls:
        assert getattr(anonymous, method)(path, {}, format="json").status_code == 401, (method, path)
        assert getattr(nobody, method)(path, {}, format="json").status_code == 403, (method, path)
    assert Campaign.objects.get(pk=draft.pk).status == "draft"


# --- query bound --------------------------------------------------------------------------------------------------


def _rejected_campaigns(n, *, customer, analyst, brand):
    for _ in range(n):
        make_campaign(customer=customer, brand=brand, status="rejected", analyst=analyst)


@pytest.mark.parametrize("role", ["customer_a", "analyst"])
def test_list_uses_a_bounded_number_of_queries(
    request, api_for, customer_a, analyst, brand, django_assert_max_num_queries, role
):
    api = api_for(request.getfixturevalue(role))
    _rejected_campaigns(3, customer=customer_a, analyst=analyst, brand=brand)
    with CaptureQueriesContext(connection) as few, django_assert_max_num_queries(8):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 3
    assert all(len(c["rejections"]) == 1 for c in response.json()["results"])
    _rejected_campaigns(17, customer=customer_a, analyst=analyst, brand=brand)
    with CaptureQueriesContext(connection) as many, django_assert_max_num_queries(8):
        response = api.get(LIST)
    assert len(response.json()["results"]) == 20
    assert all(c["rejections"][0]["decided_by"] == "analyst" for c in response.json()["results"])
    assert len(many) == len(few)


# --- OpenAPI ------------------------------------------------------------------------------------------------------


def test_openapi_schema_has_every_campaign_path_and_the_contract_fields(api_for, customer_a):
    response = api_for(customer_a).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    expected = {
        "/api/v1/campaigns/": {"get", "post"},
        "/api/v1/campaigns/{id}/": {"get", "patch"},
        "/api/v1/campaigns/prescreen/": {"post"},
        "/api/v1/campaigns/resubmit-for-vet/": {"post"},
        **{f"/api/v1/campaigns/{{id}}/{a}/": {"post"} for a in ("submit", "start-review", "review")},
        **{f"/api/v1/campaigns/{{id}}/{a}/": {"post"} for a in ("suspend", "reinstate")},
        "/api/v1/sub-accounts/{id}/suspend/": {"post"},
        "/api/v1/sub-accounts/{id}/reinstate/": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
    list_params = {p["name"] for p in paths["/api/v1/campaigns/"]["get"]["parameters"]}
    assert {"status", "use_case", "brand", "needs_resubmission", "q", "cursor"} <= list_params
    components = schema["components"]["schemas"]
    assert set(components["Campaign"]["properties"]) >= CONTRACT_FIELDS
    assert set(components["CampaignInputRequest"]["properties"]) >= INPUT_FIELDS
    assert components["PrescreenOutput"]["properties"]["findings"]["items"] == {
        "$ref": "#/components/schemas/CampaignFinding"
    }
    assert set(components["CampaignFinding"]["properties"]) >= FINDING_FIELDS
    assert {"code", "reason", "remediation"} <= set(components["DecisionCode"]["properties"])


def test_openapi_schema_generates_without_warnings():
    # a component-name clash (two ``VersionInputRequest``s) makes ``check --deploy`` fail in production
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS, dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
