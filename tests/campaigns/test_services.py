"""Campaign rules by id (C1–C8, V7–V8), through the services."""

import zlib

import pytest

from accounts import services as account_services
from accounts.models import SubAccount
from audit.models import AuditEvent
from brands import services as brand_services
from campaigns import services
from campaigns.models import Campaign, CampaignReview
from core.errors import DomainError, StateConflict
from rejections.models import RejectionCode
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import make_brand
from tests.campaigns.factories import ALL_TICKED, campaign_data, make_campaign
from vetting import services as vet_services
from vetting.models import ThroughputTier

pytestmark = pytest.mark.django_db

CANNABIS_SAMPLE = "Acme Dental: 20% off cannabis gummies this weekend only. Reply STOP to opt out."


# ----------------------------------------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------------------------------------


def verified(brand, analyst):
    """B2: the registry verified the brand, so its campaigns meet C7's identity requirement."""
    return brand_services.brand_record_identity(
        actor=analyst, brand=brand, identity_status="VERIFIED", reason="Registry verified the EIN."
    )


def ready_brand(customer, sub_account, analyst, **overrides):
    """An approved, VERIFIED brand (C7 met)."""
    brand = make_brand(customer=customer, sub_account=sub_account, status="approved", analyst=analyst, **overrides)
    return verified(brand, analyst)


def nonprofit(customer, sub_account, analyst, exempt, *, name):
    """A non-profit end brand in a sub-account of its own beside ``sub_account`` (S3: one tax id per sub-account)."""
    own, _ = SubAccount.objects.get_or_create(account=sub_account.account, name=name)
    return ready_brand(
        customer,
        own,
        analyst,
        entity_type="NON_PROFIT",
        tax_exempt_status=exempt,
        legal_name=name,
        tax_id=f"{zlib.crc32(name.encode()) % 10**9:09d}",
    )


def approve(actor, campaign, checklist=ALL_TICKED, **kwargs):
    return services.campaign_review(actor=actor, campaign=campaign, decision="approve", checklist=checklist, **kwargs)


def reject(actor, campaign, codes=("6012",), **kwargs):
    return services.campaign_review(
        actor=actor, campaign=campaign, decision="reject", codes=list(codes), reason="Fix it.", **kwargs
    )


def revise(customer, campaign, n):
    """Change the description (something changed since the rejection, C6) and resubmit."""
    campaign = services.campaign_update(
        actor=customer,
        campaign=campaign,
        data={"description": f"Acme Dental sends appointment reminders to opted-in patients (revision {n})."},
    )
    return services.campaign_submit(actor=customer, campaign=campaign)


def events(campaign, action=None):
    qs = AuditEvent.objects.for_subject(campaign).order_by("at", "id")
    return qs.filter(action=action) if action else qs


def complete_standard_vet(customer, analyst, brand, score):
    vet = vet_services.vet_request(actor=customer, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    return vet_services.vet_record_result(actor=analyst, vet=vet, status="COMPLETED", score=score, token=f"AEG-{score}")


def tier_for(group, score):
    return ThroughputTier.objects.get(use_case_group=group, min_score__lte=score, max_score__gte=score)


def raises(code, call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        call(*args, **kwargs)
    assert exc.value.code == code, exc.value
    return exc.value


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return ready_brand(customer_a, sub_account_a, analyst)


@pytest.fixture
def draft(customer_a, brand):
    return make_campaign(customer=customer_a, brand=brand)


@pytest.fixture
def submitted(customer_a, brand):
    return make_campaign(customer=customer_a, brand=brand, status="submitted")


@pytest.fixture
def approved(customer_a, brand, analyst):
    return make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)


# ----------------------------------------------------------------------------------------------------------
# C3 validation: shape of the input, every field at once
# ----------------------------------------------------------------------------------------------------------


def test_C3_every_field_error_is_reported_at_once_and_nothing_is_written(customer_a, brand):
    # given input with five different faults
    data = campaign_data(
        use_case="LOANS",
        description="",
        sample_messages=[],
        website="not a url",
        optout_keywords="STOP, PLEASE STOP!",
    )
    # when it is registered
    error = raises("invalid", services.campaign_create, actor=customer_a, brand=brand, data=data)
    # then every field at fault is named in the one error, and no row or audit event exists
    assert set(error.errors) == {"use_case", "description", "sample_messages", "website", "optout_keywords"}
    assert "Unknown use case “LOANS”" in error.errors["use_case"][0]
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="campaign").exists()


@pytest.mark.parametrize(
    ("samples", "fragment"),
    [
        ([], "at least one sample message (1–5)"),
        (["   ", ""], "at least one sample message (1–5)"),
        ([f"Acme Dental: reminder {i}." for i in range(6)], "At most 5 sample messages; this has 6 (1 too many)"),
    ],
)
def test_C3_sample_message_count_is_1_to_5(customer_a, brand, samples, fragment):
    error = raises(
        "invalid",
        services.campaign_create,
        actor=customer_a,
        brand=brand,
        data=campaign_data(sample_messages=samples),
    )
    assert any(fragment in m for m in error.errors["sample_messages"]), error.errors
    assert not Campaign.objects.exists()


def test_C3_five_samples_are_accepted(customer_a, brand):
    samples = [f"Acme Dental: reminder {i} of your visit." for i in range(5)]
    campaign = services.campaign_create(actor=customer_a, brand=brand, data=campaign_data(sample_messages=samples))
    assert campaign.sample_messages == samples


def test_C3_too_long_sample_and_description_say_by_how_much(customer_a, brand):
    data = campaign_data(
        sample_messages=["Acme Dental: fine.", "A" * 1025],
        description="D" * 4097,
    )
    error = raises("invalid", services.campaign_create, actor=customer_a, brand=brand, data=data)
    assert error.errors["sample_messages"] == [
        "Sample message 2: At most 1,024 characters; this has 1,025 (1 too many)."
    ]
    assert error.errors["description"] == ["At most 4,096 characters; this has 4,097 (1 too many)."]
    assert not Campaign.objects.exists()


def test_C3_limits_themselves_are_accepted(customer_a, brand):
    campaign = services.campaign_create(
        actor=customer_a,
        brand=brand,
        data=campaign_data(sample_messages=["Acme Dental " + "a" * 1012], description="Acme Dental " + "d" * 4084),
    )
    assert len(campaign.sample_messages[0]) == 1024 and len(campaign.description) == 4096


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("help_keywords", "HELP, HELP-ME", "HELP-ME"),
        ("optin_keywords", "JOIN, " + "X" * 31, "X" * 31),
        ("privacy_policy_url", "ht!tp://bad", "not a valid http(s) URL"),
        ("terms_url", "ftp://acmedental.example.com/terms", "not a valid http(s) URL"),
        ("website", "acme dental", "not a valid http(s) URL"),
        ("use_case", "CRYPTO", "Unknown use case “CRYPTO”"),
        ("subscriber_optout", False, "must support optout"),
    ],
)
def test_C3_bad_keywords_urls_and_use_case_are_refused(customer_a, brand, field, value, fragment):
    error = raises(
        "invalid", services.campaign_create, actor=customer_a, brand=brand, data=campaign_data(**{field: value})
    )
    assert any(fragment in m for m in error.errors[field]), error.errors
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="campaign").exists()


def test_C3_keywords_and_urls_are_normalised_and_stop_help_default(customer_a, brand):
    # given no HELP / opt-out keywords, lower-case opt-in keywords and a bare domain
    data = campaign_data(optin_keywords="join  start;join", website="acmedental.example.com", help_keywords="")
    del data["optout_keywords"]
    campaign = services.campaign_create(actor=customer_a, brand=brand, data=data)
    # then the CTIA keywords are filled in and the values normalised
    assert (campaign.help_keywords, campaign.optout_keywords) == ("HELP", "STOP")
    assert campaign.optin_keywords == "JOIN,START"
    assert campaign.website == "https://acmedental.example.com"


def test_C3_unknown_fields_are_refused(customer_a, brand):
    error = raises(
        "invalid", services.campaign_create, actor=customer_a, brand=brand, data=campaign_data(status="approved")
    )
    assert "status" in error.errors["non_field_errors"][0]


def test_C3_only_customers_register_and_only_for_a_brand_they_see(customer_b, analyst, brand):
    raises("forbidden", services.campaign_create, actor=analyst, brand=brand, data=campaign_data())
    raises("not_found", services.campaign_create, actor=customer_b, brand=brand, data=campaign_data())
    assert not Campaign.objects.exists()


# ----------------------------------------------------------------------------------------------------------
# C4 pre-screen on save; C2 / C5 editing; stale versions
# ----------------------------------------------------------------------------------------------------------


def test_C4_create_stores_findings_and_audits_them(customer_a, brand):
    campaign = services.campaign_create(
        actor=customer_a,
        brand=brand,
        data=campaign_data(sample_messages=["Acme Dental: see bit.ly/acme for your appointment."]),
    )
    codes = {f["code"] for f in campaign.findings}
    assert {"6013", "501"} <= codes
    shortener = next(f for f in campaign.findings if f["code"] == "6013")
    assert shortener["field"] == "sample_messages.0" and shortener["remediation"]
    assert shortener["prohibited"] is False
    (event,) = events(campaign, "registered")
    assert event.to_state == "draft" and "6013" in event.codes


def test_C4_compliant_factory_data_has_no_findings(draft):
    assert draft.findings == [] and draft.status == "draft" and draft.version == 1


def test_C4_update_reruns_prescreen(customer_a, draft):
    # when a shortener is added the finding appears ...
    campaign = services.campaign_update(
        actor=customer_a, campaign=draft, data={"sample_messages": ["Acme Dental: book at bit.ly/acme"]}
    )
    assert "6013" in {f["code"] for f in campaign.findings}
    assert campaign.version == 2
    (event,) = events(campaign, "updated")
    assert event.data["changed"] == ["sample_messages"]
    # ... and goes away once it is removed
    campaign = services.campaign_update(
        actor=customer_a, campaign=campaign, data={"sample_messages": campaign_data()["sample_messages"]}
    )
    assert campaign.findings == [] and campaign.version == 3


def test_C4_update_without_change_writes_nothing(customer_a, draft):
    campaign = services.campaign_update(actor=customer_a, campaign=draft, data={"description": draft.description})
    assert campaign.version == 1
    assert not events(campaign, "updated").exists()


def test_C4_prescreen_preview_reports_errors_and_findings_without_writing(customer_a, brand):
    result = services.campaign_prescreen_preview(
        actor=customer_a,
        raw=campaign_data(website="not a url", sample_messages=["Acme Dental: bit.ly/acme"]),
        brand=brand,
    )
    assert "website" in result["errors"]
    assert "6013" in {f["code"] for f in result["findings"]}
    assert not Campaign.objects.exists()


def test_C3_update_validates_and_a_refusal_changes_nothing(customer_a, draft):
    error = raises(
        "invalid",
        services.campaign_update,
        actor=customer_a,
        campaign=draft,
        data={"description": "x" * 4100, "help_keywords": ""},
    )
    assert "4 too many" in error.errors["description"][0]
    assert "help_keywords" in error.errors
    draft.refresh_from_db()
    assert draft.version == 1 and draft.description == campaign_data()["description"]
    assert not events(draft, "updated").exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_C2_update_only_as_draft_or_rejected(customer_a, brand, analyst, status):
    campaign = make_campaign(customer=customer_a, brand=brand, status=status, analyst=analyst)
    error = raises(
        "C2", services.campaign_update, actor=customer_a, campaign=campaign, data={"description": "Acme Dental new"}
    )
    assert isinstance(error, StateConflict) and status.replace("_", " ") in error.message
    campaign.refresh_from_db()
    assert campaign.description == campaign_data()["description"]


def test_C2_update_allowed_after_a_rejection(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    campaign = services.campaign_update(actor=customer_a, campaign=campaign, data={"website": "acme.example.org"})
    assert campaign.status == "rejected" and campaign.website == "https://acme.example.org"


def test_stale_version_is_refused_on_update_submit_and_review(customer_a, analyst, draft):
    services.campaign_update(actor=customer_a, campaign=draft, data={"terms_url": "acme.example.org/terms"})
    error = raises(
        "stale",
        services.campaign_update,
        actor=customer_a,
        campaign=draft,
        data={"website": "acme.example.org"},
        expected_version=1,
    )
    assert isinstance(error, StateConflict) and "your version 1, now 2" in error.message
    raises("stale", services.campaign_submit, actor=customer_a, campaign=draft, expected_version=1)
    campaign = services.campaign_submit(actor=customer_a, campaign=draft, expected_version=2)
    raises("stale", approve, analyst, campaign, expected_version=2)
    assert not CampaignReview.objects.exists()
    approve(analyst, campaign, expected_version=3)


# ----------------------------------------------------------------------------------------------------------
# C1 prohibited content
# ----------------------------------------------------------------------------------------------------------


def test_C1_submit_refused_for_prohibited_content_and_nothing_changes(customer_a, brand):
    # given a draft whose sample advertises cannabis (stored as a prohibited finding)
    campaign = make_campaign(customer=customer_a, brand=brand, sample_messages=[CANNABIS_SAMPLE])
    assert any(f["prohibited"] and f["code"] == "701" for f in campaign.findings)
    before = events(campaign).count()
    # when it is submitted
    error = raises("C1", services.campaign_submit, actor=customer_a, campaign=campaign)
    # then it is refused naming the code and the field, and the campaign is untouched
    assert error.extra["codes"] == ["701"]
    assert "cannabis" in error.message and "sample_messages" in error.errors
    campaign.refresh_from_db()
    assert (campaign.status, campaign.version, campaign.registered_at) == ("draft", 1, None)
    assert events(campaign).count() == before


def test_C1_prohibited_attribute_is_refused(customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, affiliate_marketing=True)
    raises("C1", services.campaign_submit, actor=customer_a, campaign=campaign)


def test_C1_findings_that_are_not_prohibitions_do_not_stop_submission(customer_a, brand):
    campaign = make_campaign(
        customer=customer_a, brand=brand, sample_messages=["Acme Dental: see bit.ly/acme for your appointment."]
    )
    campaign = services.campaign_submit(actor=customer_a, campaign=campaign)
    assert campaign.status == "submitted"
    assert {"6013", "501"} <= {f["code"] for f in campaign.findings}
    (event,) = events(campaign, "submit")
    assert "6013" in event.codes


# ----------------------------------------------------------------------------------------------------------
# C7 prerequisites (submission and approval)
# ----------------------------------------------------------------------------------------------------------


def test_C7_submit_refused_while_brand_not_approved(customer_a, sub_account_a, analyst):
    brand = verified(make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted"), analyst)
    campaign = make_campaign(customer=customer_a, brand=brand)
    error = raises("C7", services.campaign_submit, actor=customer_a, campaign=campaign)
    assert "submitted, not approved" in error.message
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_C7_submit_refused_while_brand_unverified(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    assert brand.identity_status == "UNVERIFIED"
    campaign = make_campaign(customer=customer_a, brand=brand)
    error = raises("C7", services.campaign_submit, actor=customer_a, campaign=campaign)
    assert "unverified" in error.message
    assert services.campaign_prerequisites(campaign=campaign) == [
        f"Its brand {brand}'s identity is unverified; it must be verified or vetted & verified."
    ]


def test_C7_vetted_verified_brand_may_submit(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    complete_standard_vet(customer_a, analyst, brand, 60)
    brand.refresh_from_db()
    assert brand.identity_status == "VETTED_VERIFIED"
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    assert campaign.status == "submitted"


def test_C7_approval_refused_when_brand_lost_approval_or_verification(customer_a, analyst, submitted, brand):
    # given a campaign submitted while its brand qualified, then the brand is suspended
    brand_services.brand_suspend(actor=analyst, brand=brand, reason="Complaints")
    error = raises("C7", approve, analyst, submitted)
    assert "suspended, not approved" in error.message
    # and once reinstated but no longer verified
    brand_services.brand_reinstate(actor=analyst, brand=brand, reason="Resolved")
    brand_services.brand_record_identity(
        actor=analyst, brand=brand, identity_status="UNVERIFIED", reason="Registry withdrew it", feedback=["TAX_ID"]
    )
    error = raises("C7", approve, analyst, submitted)
    assert "identity is unverified" in error.message
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.reviews.exists()


def test_C7_political_refused_without_501c_or_political_vet(customer_a, sub_account_a, analyst):
    for brand in (
        ready_brand(customer_a, sub_account_a, analyst),  # a company
        nonprofit(customer_a, sub_account_a, analyst, "NONE", name="Civic Action Fund"),  # no 501(c), no vet
    ):
        campaign = make_campaign(customer=customer_a, brand=brand, use_case="POLITICAL")
        error = raises("C7", services.campaign_submit, actor=customer_a, campaign=campaign)
        assert "POLITICAL needs a 501(c)" in error.message


def test_C7_political_allowed_for_501c_non_profit(customer_a, sub_account_a, analyst):
    brand = nonprofit(customer_a, sub_account_a, analyst, "501C4", name="Civic League")
    campaign = make_campaign(customer=customer_a, brand=brand, use_case="POLITICAL", status="submitted")
    assert campaign.status == "submitted"
    # a non-prohibited finding (9001: no FEC id) is kept for the analyst
    assert "9001" in {f["code"] for f in campaign.findings}
    approve(analyst, campaign)
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C7_political_allowed_with_active_political_vet(customer_a, sub_account_a, analyst):
    brand = nonprofit(customer_a, sub_account_a, analyst, "NONE", name="Civic Action Fund")
    campaign = make_campaign(customer=customer_a, brand=brand, use_case="POLITICAL")
    raises("C7", services.campaign_submit, actor=customer_a, campaign=campaign)
    vet_services.vet_import(actor=customer_a, brand=brand, vet_class="POLITICAL", vendor="CV", token="CV-TOKEN-1")
    campaign = services.campaign_submit(actor=customer_a, campaign=campaign)
    approve(analyst, campaign)
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C7_charity_needs_501c3(customer_a, sub_account_a, analyst):
    c4 = nonprofit(customer_a, sub_account_a, analyst, "501C4", name="Civic League")
    campaign = make_campaign(customer=customer_a, brand=c4, use_case="CHARITY")
    error = raises("C7", services.campaign_submit, actor=customer_a, campaign=campaign)
    assert "CHARITY needs a 501(c)(3)" in error.message and "501(c)(4)" in error.message
    c3 = nonprofit(customer_a, sub_account_a, analyst, "501C3", name="Acme Dental Foundation")
    campaign = make_campaign(customer=customer_a, brand=c3, use_case="CHARITY", status="submitted")
    approve(analyst, campaign)
    campaign.refresh_from_db()
    assert campaign.status == "approved"


def test_C7_suspended_sub_account_refuses_submission_and_approval(customer_a, analyst, brand, submitted, manager):
    draft = make_campaign(customer=customer_a, brand=brand)
    account_services.sub_account_suspend(actor=manager, sub_account=brand.sub_account, reason="Spam complaints")
    error = raises("C7", services.campaign_submit, actor=customer_a, campaign=draft)
    assert "sub-account" in error.message and "Spam complaints" in error.message
    raises("C7", approve, analyst, submitted)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_C7_810_number_pool_needs_its_special_review(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, number_pool=True, status="submitted")
    error = raises("810", approve, analyst, campaign)
    assert error.field == "checklist"
    campaign.refresh_from_db()
    assert campaign.status == "submitted"
    review = approve(analyst, campaign, checklist={**ALL_TICKED, "number_pool_review": True})
    assert review.checklist["number_pool_review"] is True
    campaign.refresh_from_db()
    assert campaign.status == "approved"


# ----------------------------------------------------------------------------------------------------------
# C5 review
# ----------------------------------------------------------------------------------------------------------


def test_C5_approve_needs_every_checklist_item(analyst, submitted):
    checklist = {**ALL_TICKED, "samples_specific": False, "website_live": False}
    error = raises("C5", approve, analyst, submitted, checklist=checklist)
    assert "2 checklist item(s)" in error.message and "Website is live" in error.message
    raises("C5", approve, analyst, submitted, checklist=None)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.reviews.exists()


def test_C5_unknown_checklist_item_is_refused(analyst, submitted):
    raises("invalid", approve, analyst, submitted, checklist={**ALL_TICKED, "looks_nice": True})


def test_C5_approval_carries_no_codes(analyst, submitted):
    error = raises("invalid", approve, analyst, submitted, codes=["6012"])
    assert error.field == "codes"
    assert not submitted.reviews.exists()


def test_C5_reject_needs_at_least_one_code(analyst, submitted):
    error = raises("C5", reject, analyst, submitted, codes=[])
    assert error.field == "codes"
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and submitted.rejection_count == 0


def test_C5_unknown_code_is_refused(analyst, submitted):
    error = raises("unknown_code", reject, analyst, submitted, codes=["6012", "9999"])
    assert "9999" in error.message
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.reviews.exists()


def test_C5_unknown_decision_is_refused(analyst, submitted):
    raises("invalid", services.campaign_review, actor=analyst, campaign=submitted, decision="maybe")


def test_C5_approve_and_reject_record_a_review(customer_a, brand, analyst):
    approved_one = make_campaign(customer=customer_a, brand=brand, status="submitted")
    review = approve(analyst, approved_one, reason="Looks good")
    assert (review.decision, review.codes, review.closed) == ("approve", [], False)
    assert review.checklist == ALL_TICKED and review.decided_by == analyst
    rejected_one = make_campaign(customer=customer_a, brand=brand, status="submitted")
    review = reject(analyst, rejected_one, codes=["6012", "6013"])
    rejected_one.refresh_from_db()
    assert rejected_one.status == "rejected" and rejected_one.rejection_count == 1
    assert review.code_list == ["6012", "6013"] and review.content == rejected_one.content()


def test_C5_non_remediable_code_closes_the_campaign_for_good(customer_a, analyst, submitted):
    # when the analyst rejects with 701 (cannabis: "No remediation is available")
    review = reject(analyst, submitted, codes=["6012", "701"])
    # then the campaign is closed
    submitted.refresh_from_db()
    assert submitted.status == "closed" and review.closed and review.decision == "reject"
    (event,) = events(submitted, "close")
    assert event.codes == ["6012", "701"] and event.to_state == "closed"
    # and can be neither edited nor resubmitted
    error = raises("C5", services.campaign_update, actor=customer_a, campaign=submitted, data={"description": "New"})
    assert "closed" in error.message
    error = raises("C5", services.campaign_submit, actor=customer_a, campaign=submitted)
    assert "cannot be resubmitted" in error.message


def test_C5_only_a_submitted_campaign_is_reviewed(analyst, draft, approved):
    raises("C5", approve, analyst, draft)
    raises("C5", reject, analyst, approved)
    raises("C5", services.campaign_start_review, actor=analyst, campaign=draft)


def test_C5_submit_only_from_draft_or_rejected(customer_a, submitted):
    raises("C5", services.campaign_submit, actor=customer_a, campaign=submitted)


def test_C5_decision_keeps_the_catalogue_text_as_it_was(analyst, submitted):
    original = RejectionCode.objects.get(code="6012")
    review = reject(analyst, submitted, codes=["6012"])
    # given a manager edits the catalogue afterwards
    RejectionCode.objects.filter(code="6012").update(reason="Edited reason", remediation="Edited remediation")
    # then the decision still shows the text the customer was told
    review = CampaignReview.objects.get(pk=review.pk)
    assert review.codes == [
        {
            "code": "6012",
            "reason": original.reason,
            "remediation": original.remediation,
            "family": original.family,
            "remediable": True,
        }
    ]


def test_C5_reviewing_is_staff_only(customer_a, submitted):
    raises("forbidden", approve, customer_a, submitted)
    raises("forbidden", reject, customer_a, submitted)
    raises("forbidden", services.campaign_start_review, actor=customer_a, campaign=submitted)
    submitted.refresh_from_db()
    assert submitted.status == "submitted" and not submitted.reviews.exists()


def test_C5_submitting_and_editing_are_for_the_customer(analyst, draft):
    raises("forbidden", services.campaign_submit, actor=analyst, campaign=draft)
    raises("forbidden", services.campaign_update, actor=analyst, campaign=draft, data={"description": "x"})


def test_C5_review_from_in_review(analyst, submitted):
    campaign = services.campaign_start_review(actor=analyst, campaign=submitted)
    assert campaign.status == "in_review"
    raises("C5", services.campaign_start_review, actor=analyst, campaign=campaign)
    reject(analyst, campaign)
    campaign.refresh_from_db()
    assert campaign.status == "rejected"


# ----------------------------------------------------------------------------------------------------------
# C6 resubmission and escalation
# ----------------------------------------------------------------------------------------------------------


def test_C6_resubmission_without_change_is_refused(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    error = raises("C6", services.campaign_submit, actor=customer_a, campaign=campaign)
    assert isinstance(error, StateConflict)
    # a change undone is no change
    original = campaign.description
    services.campaign_update(actor=customer_a, campaign=campaign, data={"description": "Acme Dental reminders."})
    services.campaign_update(actor=customer_a, campaign=campaign, data={"description": original})
    raises("C6", services.campaign_submit, actor=customer_a, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == "rejected"


def test_C6_resubmission_after_a_change_is_allowed(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    campaign = revise(customer_a, campaign, 1)
    assert campaign.status == "submitted"
    (event,) = events(campaign, "submit").filter(from_state="rejected")
    assert event.reason == "Resubmitted after a rejection."


def test_C6_changes_since_rejection_lists_changed_fields(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    assert services.campaign_changes_since_rejection(campaign=campaign) == []
    old = campaign_data()
    services.campaign_update(
        actor=customer_a,
        campaign=campaign,
        data={"website": "acme.example.org", "description": "Acme Dental reminders.", "embedded_link": True},
    )
    campaign.refresh_from_db()
    assert services.campaign_changes_since_rejection(campaign=campaign) == [
        {"field": "description", "before": old["description"], "after": "Acme Dental reminders."},
        {"field": "website", "before": old["website"], "after": "https://acme.example.org"},
        {"field": "embedded_link", "before": False, "after": True},
    ]


def test_C6_no_changes_listed_before_any_rejection(draft):
    assert services.campaign_changes_since_rejection(campaign=draft) == []


def test_C6_fifth_rejection_adds_808_and_escalates_to_a_manager(customer_a, brand, analyst, manager):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    # given four rejections, each followed by a change and a resubmission
    for n in range(1, 5):
        review = reject(analyst, campaign)
        campaign.refresh_from_db()
        assert campaign.rejection_count == n and not campaign.escalated and not review.escalated
        assert "808" not in review.code_list
        campaign = revise(customer_a, campaign, n)
    assert not events(campaign, "escalated").exists()
    # when the analyst rejects it a fifth time
    review = reject(analyst, campaign, codes=["6012"])
    # then 808 is added, the campaign is escalated and the escalation is audited
    campaign.refresh_from_db()
    assert review.code_list == ["6012", "808"] and review.escalated
    assert (campaign.status, campaign.rejection_count, campaign.escalated) == ("rejected", 5, True)
    (event,) = events(campaign, "escalated")
    assert event.codes == ["808"] and event.actor is None and event.actor_label == "system"
    assert events(campaign, "reject").last().codes == ["6012", "808"]
    # and after the next resubmission an analyst may not decide, a manager may
    campaign = revise(customer_a, campaign, 5)
    error = raises("C6", approve, analyst, campaign)
    assert "manager" in error.message
    raises("C6", reject, analyst, campaign)
    approve(manager, campaign)
    campaign.refresh_from_db()
    assert campaign.status == "approved" and campaign.rejection_count == 5


def test_C6_later_rejections_carry_808_but_escalate_only_once(customer_a, brand, analyst, manager):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    for n in range(1, 6):
        reject(analyst, campaign)
        campaign = revise(customer_a, campaign, n)
    # when a manager rejects it a sixth time
    review = reject(manager, campaign, codes=["6012"])
    # then 808 is there again ("declined 5+ times") but there is no second escalation
    assert review.code_list == ["6012", "808"] and not review.escalated
    assert events(campaign, "escalated").count() == 1


def test_C6_808_picked_by_the_analyst_is_not_duplicated(customer_a, brand, analyst):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    for n in range(1, 5):
        reject(analyst, campaign)
        campaign = revise(customer_a, campaign, n)
    review = reject(analyst, campaign, codes=["808", "6012"])
    assert review.code_list == ["808", "6012"]


# ----------------------------------------------------------------------------------------------------------
# C8 suspension
# ----------------------------------------------------------------------------------------------------------


def test_C8_suspend_and_reinstate_need_a_reason(analyst, approved):
    error = raises("required", services.campaign_suspend, actor=analyst, campaign=approved, reason="  ")
    assert error.field == "reason"
    campaign = services.campaign_suspend(actor=analyst, campaign=approved, reason="Spam complaints")
    assert campaign.status == "suspended"
    (event,) = events(campaign, "suspend")
    assert (event.from_state, event.to_state, event.reason) == ("approved", "suspended", "Spam complaints")
    raises("required", services.campaign_reinstate, actor=analyst, campaign=campaign, reason="")
    campaign = services.campaign_reinstate(actor=analyst, campaign=campaign, reason="Sender fixed the list")
    assert campaign.status == "approved"


def test_C8_suspend_only_approved_reinstate_only_suspended(analyst, submitted, approved):
    raises("C8", services.campaign_suspend, actor=analyst, campaign=submitted, reason="Spam")
    raises("C8", services.campaign_reinstate, actor=analyst, campaign=approved, reason="Fine")
    services.campaign_suspend(actor=analyst, campaign=approved, reason="Spam")
    raises("C8", services.campaign_suspend, actor=analyst, campaign=approved, reason="Spam again")


def test_C8_suspension_is_staff_only(customer_a, approved):
    raises("forbidden", services.campaign_suspend, actor=customer_a, campaign=approved, reason="x")
    raises(
        "forbidden",
        account_services.sub_account_suspend,
        actor=customer_a,
        sub_account=approved.brand.sub_account,
        reason="x",
    )


def test_C8_sub_account_suspension_suspends_its_approved_campaigns_and_reinstates_only_those(
    customer_a, sub_account_a, analyst, manager, brand
):
    # given two approved campaigns of sub-account A (one suspended on its own), a draft, and an approved
    # campaign of another sub-account of the same account
    mine = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    alone = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    services.campaign_suspend(actor=analyst, campaign=alone, reason="Own violation")
    still_draft = make_campaign(customer=customer_a, brand=brand)
    spa = SubAccountFactory(account=sub_account_a.account, name="Acme Spa")
    spa_brand = ready_brand(customer_a, spa, analyst, legal_name="Acme Spa LLC", tax_id="98-7654321")
    other = make_campaign(customer=customer_a, brand=spa_brand, status="approved", analyst=analyst)
    # when sub-account A is suspended
    suspended = account_services.sub_account_suspend(actor=manager, sub_account=sub_account_a, reason="Fraud report")
    # then only its approved campaign is suspended with it
    assert [c.pk for c in suspended.along] == [mine.pk]
    for campaign in (mine, alone, still_draft, other):
        campaign.refresh_from_db()
    assert (mine.status, mine.suspended_with_sub_account) == ("suspended", True)
    assert (alone.status, alone.suspended_with_sub_account) == ("suspended", False)
    assert still_draft.status == "draft" and other.status == "approved"
    assert "Fraud report" in events(mine, "suspend").get().reason
    sub_account_a.refresh_from_db()
    assert sub_account_a.is_suspended and sub_account_a.suspended_reason == "Fraud report"
    assert AuditEvent.objects.filter(subject_type="sub_account", action="suspend").count() == 1
    raises("C8", account_services.sub_account_suspend, actor=manager, sub_account=sub_account_a, reason="Again")
    # and a campaign cannot be reinstated on its own while its sub-account is suspended
    error = raises("C8", services.campaign_reinstate, actor=analyst, campaign=mine, reason="Looks fine")
    assert "sub-account" in error.message
    # when the sub-account is reinstated, only the campaign suspended with it comes back
    reinstated = account_services.sub_account_reinstate(actor=manager, sub_account=sub_account_a, reason="Cleared")
    assert [c.pk for c in reinstated.along] == [mine.pk]
    mine.refresh_from_db()
    alone.refresh_from_db()
    assert (mine.status, mine.suspended_with_sub_account) == ("approved", False)
    assert alone.status == "suspended"
    raises("C8", account_services.sub_account_reinstate, actor=manager, sub_account=sub_account_a, reason="Again")


def test_C8_sub_account_suspension_needs_a_reason(manager, sub_account_a):
    raises("required", account_services.sub_account_suspend, actor=manager, sub_account=sub_account_a, reason="")
    sub_account_a.refresh_from_db()
    assert not sub_account_a.is_suspended


# ----------------------------------------------------------------------------------------------------------
# V7 / V8: vets completing after registration
# ----------------------------------------------------------------------------------------------------------


def test_V7_vet_completing_after_registration_flags_earlier_campaigns(
    customer_a, customer_b, sub_account_b, analyst, brand
):
    # given registered campaigns of the brand, a draft, a LOW_VOLUME one, and another brand's campaign
    submitted = make_campaign(customer=customer_a, brand=brand, status="submitted")
    approved = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    draft = make_campaign(customer=customer_a, brand=brand)
    low_volume = make_campaign(
        customer=customer_a,
        brand=brand,
        status="submitted",
        use_case="LOW_VOLUME",
        sub_use_cases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"],
    )
    other_brand = ready_brand(customer_b, sub_account_b, analyst, legal_name="Beacon Retail Inc", tax_id="98-7654321")
    other = make_campaign(customer=customer_b, brand=other_brand, status="submitted")
    assert submitted.vet is None and submitted.tier is None  # no vet yet: no tier in force
    # when a standard vet of the brand completes ACTIVE
    vet = complete_standard_vet(customer_a, analyst, brand, 81)
    # then the brand's campaigns registered before it need a resubmission (V7), the others do not
    for campaign in (submitted, approved, draft, low_volume, other):
        campaign.refresh_from_db()
    assert submitted.needs_resubmission and approved.needs_resubmission
    assert not draft.needs_resubmission and not other.needs_resubmission
    assert not low_volume.needs_resubmission  # V8: a vet never raises LOW_VOLUME throughput
    (event,) = events(submitted, "needs_resubmission")
    assert "V7" in event.reason and "81" in event.reason and event.actor == analyst
    assert not events(low_volume, "needs_resubmission").exists()
    # and a campaign registered after the vet is registered with it straight away
    later = make_campaign(customer=customer_a, brand=brand, status="submitted")
    assert later.vet == vet and later.tier == tier_for("DEDICATED", 81) and not later.needs_resubmission


def test_V7_failed_or_political_vets_flag_nothing(customer_a, sub_account_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    vet = vet_services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    vet_services.vet_record_result(actor=analyst, vet=vet, status="FAIL")
    campaign.refresh_from_db()
    assert not campaign.needs_resubmission
    civic = nonprofit(customer_a, sub_account_a, analyst, "501C4", name="Civic League")
    political = make_campaign(customer=customer_a, brand=civic, status="submitted", use_case="POLITICAL")
    civic_plain = nonprofit(customer_a, sub_account_a, analyst, "NONE", name="Civic Action Fund")
    vet_services.vet_import(actor=customer_a, brand=civic_plain, vet_class="POLITICAL", vendor="CV", token="CV-T-9")
    political.refresh_from_db()
    assert not political.needs_resubmission


def test_V7_resubmit_for_vet_registers_with_the_vet_and_tier_in_force(customer_a, analyst, brand):
    # given an approved MARKETING campaign registered before a vet, then flagged by it
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst, use_case="MARKETING")
    registered_at = campaign.registered_at
    vet = complete_standard_vet(customer_a, analyst, brand, 62)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    # when the customer resubmits it for the vet
    (done,) = services.campaigns_resubmit_for_vet(actor=customer_a, campaigns=[campaign])
    # then it is registered with the vet and its tier, and keeps its review state
    campaign.refresh_from_db()
    assert done.pk == campaign.pk
    assert campaign.vet == vet and campaign.tier == tier_for("MIXED_MARKETING", 62)
    assert campaign.tier.carrier_class == "D"
    assert campaign.status == "approved" and not campaign.needs_resubmission
    assert campaign.registered_at > registered_at
    (event,) = events(campaign, "resubmitted_for_vet")
    assert "class — → D" in event.reason
    # and it cannot be resubmitted again until another vet flags it
    error = raises("V7", services.campaigns_resubmit_for_vet, actor=customer_a, campaigns=[campaign])
    assert campaign.reference in error.message


def test_V7_resubmit_refused_for_unflagged_and_other_accounts_campaigns(customer_a, customer_b, analyst, brand):
    flagged = make_campaign(customer=customer_a, brand=brand, status="submitted")
    not_flagged = make_campaign(customer=customer_a, brand=brand)
    complete_standard_vet(customer_a, analyst, brand, 81)
    # a batch with one campaign not waiting is refused whole
    raises("V7", services.campaigns_resubmit_for_vet, actor=customer_a, campaigns=[flagged, not_flagged])
    flagged.refresh_from_db()
    assert flagged.needs_resubmission and flagged.vet is None
    # another account's customer cannot touch it
    raises("not_found", services.campaigns_resubmit_for_vet, actor=customer_b, campaigns=[flagged])
    flagged.refresh_from_db()
    assert flagged.needs_resubmission


def test_V7_resubmit_for_vet_refused_while_the_sub_account_is_suspended(customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    complete_standard_vet(customer_a, analyst, brand, 81)
    account_services.sub_account_suspend(actor=analyst, sub_account=brand.sub_account, reason="Spam complaints")
    error = raises("C7", services.campaigns_resubmit_for_vet, actor=customer_a, campaigns=[campaign])
    assert "suspended" in error.message
    campaign.refresh_from_db()
    assert campaign.needs_resubmission


def test_V7_a_rejected_campaigns_resubmission_clears_the_flag(customer_a, analyst, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    vet = complete_standard_vet(customer_a, analyst, brand, 90)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    reject(analyst, campaign)
    campaign = revise(customer_a, campaign, 1)
    assert not campaign.needs_resubmission and campaign.vet == vet


def test_V7_imported_vet_flags_campaigns_registered_before_the_import(customer_a, account_a, analyst, brand):
    # given the brand vetted first, then a twin instance (same tax id) registering a campaign without the vet
    vet = complete_standard_vet(customer_a, analyst, brand, 88)
    twin = ready_brand(customer_a, SubAccountFactory(account=account_a, name="Acme Dental West"), analyst)
    campaign = make_campaign(customer=customer_a, brand=twin, status="submitted")
    assert campaign.vet is None and campaign.tier is None
    # when the twin imports the vet's token (V6): the import carries the original completion time
    imported = vet_services.vet_import(
        actor=customer_a, brand=twin, vet_class="STANDARD", vendor="AEGIS", token=vet.token
    )
    assert imported.status == "ACTIVE" and imported.completed_at == vet.completed_at
    # then the twin's campaign, registered before the vet applied to it, needs a resubmission (V7)
    campaign.refresh_from_db()
    assert campaign.needs_resubmission
    (done,) = services.campaigns_resubmit_for_vet(actor=customer_a, campaigns=[campaign])
    assert done.vet == imported and done.tier == tier_for("DEDICATED", 88)


@pytest.mark.parametrize("score", [None, 20, 95])
def test_V8_low_volume_is_class_T_at_any_score(customer_a, analyst, brand, score):
    if score is not None:
        complete_standard_vet(customer_a, analyst, brand, score)
    campaign = make_campaign(
        customer=customer_a,
        brand=brand,
        status="submitted",
        use_case="LOW_VOLUME",
        sub_use_cases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"],
    )
    assert campaign.tier.carrier_class == "T"
    assert campaign.tier == ThroughputTier.objects.get(use_case_group="LOW_VOLUME")


def test_V8_note_points_to_a_new_campaign():
    assert "new campaign with another use case" in services.V8_NOTE


# ----------------------------------------------------------------------------------------------------------
# Audit
# ----------------------------------------------------------------------------------------------------------


def test_audit_every_transition_writes_an_event(customer_a, brand, analyst, manager):
    campaign = make_campaign(customer=customer_a, brand=brand)
    campaign = services.campaign_submit(actor=customer_a, campaign=campaign)
    campaign = services.campaign_start_review(actor=analyst, campaign=campaign)
    reject(analyst, campaign)
    campaign = revise(customer_a, campaign, 1)
    approve(analyst, campaign)
    campaign = services.campaign_suspend(actor=analyst, campaign=campaign, reason="Spam")
    campaign = services.campaign_reinstate(actor=manager, campaign=campaign, reason="Fixed")
    trail = list(events(campaign).values_list("action", "from_state", "to_state", "customer_visible"))
    assert trail == [
        ("registered", "", "draft", True),
        ("submit", "draft", "submitted", True),
        ("claimed", "", "", False),  # Q3: the queue item is claimed by the analyst who starts the review
        ("start_review", "submitted", "in_review", True),
        ("reject", "in_review", "rejected", True),
        ("checklist", "", "", False),
        ("updated", "rejected", "rejected", True),
        ("submit", "rejected", "submitted", True),
        ("claimed", "", "", False),
        ("approve", "submitted", "approved", True),
        ("checklist", "", "", False),
        ("suspend", "approved", "suspended", True),
        ("reinstate", "suspended", "approved", True),
    ]
    all_events = AuditEvent.objects.for_subject(campaign)
    assert set(all_events.values_list("subject_type", flat=True)) == {"campaign"}
    assert set(all_events.values_list("account_id", flat=True)) == {customer_a.account_id}
    assert not all_events.filter(action="checklist").customer_visible().exists()
    reject_event = all_events.get(action="reject")
    assert reject_event.codes == ["6012"] and reject_event.actor == analyst


def test_audit_checklist_event_holds_the_ticks_for_staff_only(analyst, submitted):
    review = approve(analyst, submitted)
    event = events(submitted, "checklist").get()
    assert event.customer_visible is False
    assert event.data == {"checklist": ALL_TICKED, "review": review.pk}


def test_audit_refusals_write_no_event(customer_a, analyst, submitted):
    before = events(submitted).count()
    raises("C5", reject, analyst, submitted, codes=[])
    raises("C5", approve, analyst, submitted, checklist={})
    raises("C5", services.campaign_submit, actor=customer_a, campaign=submitted)
    assert events(submitted).count() == before


def test_tenancy_services_refuse_another_accounts_campaign(customer_b, draft):
    # the views and the API answer 404 first; the services refuse on their own too
    raises("not_found", services.campaign_update, actor=customer_b, campaign=draft, data={"description": "x" * 50})
    raises("not_found", services.campaign_submit, actor=customer_b, campaign=draft)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.version == 1
