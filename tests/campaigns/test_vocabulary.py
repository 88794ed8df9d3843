"""N4: the registry's vocabulary — use cases and sub-use cases (MIXED / LOW_VOLUME: 2–5), verticals (GAMBLING
refused), identity status SELF_DECLARED (shown, never set), vet class AUTHPLUS, vendor statuses, stock
exchanges, feedback OTHERS and the registry's field limits — plus the pre-screen fixes that came with it."""

import re
from datetime import timedelta

import pytest

from brands import services as brand_services
from brands.choices import IdentityFeedback, IdentityStatus, StockExchange, Vertical
from campaigns import services
from campaigns.choices import (
    REGISTRY_LIMITS,
    SAMPLE_MESSAGE_MAX_CHARS,
    SAMPLE_MESSAGE_MIN_CHARS,
    SPECIAL_USE_CASES,
    STANDARD_USE_CASES,
    SUB_USE_CASES,
    UseCase,
)
from campaigns.models import Campaign
from campaigns.prescreen import prescreen
from campaigns.serializers import CampaignSerializer
from core.errors import DomainError, StateConflict
from tests.brands.factories import make_brand
from tests.campaigns.factories import campaign_data, make_campaign
from tests.campaigns.test_api import verified_brand
from vetting import services as vet_services
from vetting.choices import Vendor, VetClass, VetStatus
from vetting.services import vendor_status_map

pytestmark = pytest.mark.django_db

#: The registry's lists as published (TCR), to check the choices against.
TCR_USE_CASES = {
    "2FA", "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "FRAUD_ALERT", "HIGHER_EDUCATION",
    "LOW_VOLUME", "MARKETING", "MIXED", "POLLING_VOTING", "PUBLIC_SERVICE_ANNOUNCEMENT", "SECURITY_ALERT",
    "AGENTS_FRANCHISES", "CARRIER_EXEMPT", "CHARITY", "EMERGENCY", "K12_EDUCATION", "POLITICAL", "PROXY", "SOCIAL",
    "SWEEPSTAKE", "SOLE_PROPRIETOR", "UCAAS_LOW", "UCAAS_HIGH", "PLATFORM_FREE_TRIAL",
}  # fmt: skip
TCR_EXCHANGES = {
    "NASDAQ", "NYSE", "AMEX", "AMX", "ASX", "B3", "BME", "BSE", "FRA", "ICEX", "JPX", "JSE", "KRX", "LON", "NSE",
    "OMX", "SEHK", "SGX", "SSE", "STO", "SWX", "SZSE", "TSX", "TWSE", "VSE", "OTHER", "NONE",
}  # fmt: skip
TWO = ["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"]
SIX = ["2FA", "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "FRAUD_ALERT", "MARKETING"]


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


def _errors(call) -> dict:
    with pytest.raises(DomainError) as exc:
        call()
    return exc.value.errors


# ---------------------------------------------------------------------------------------------------------------
# Use cases and sub-use cases
# ---------------------------------------------------------------------------------------------------------------


def test_N4_use_cases_are_the_registrys_standard_and_special_ones():
    assert set(UseCase.values) == TCR_USE_CASES
    assert set(UseCase) == STANDARD_USE_CASES | SPECIAL_USE_CASES and not STANDARD_USE_CASES & SPECIAL_USE_CASES
    assert {"MIXED", "LOW_VOLUME"} <= STANDARD_USE_CASES and {"UCAAS_HIGH", "PROXY"} <= SPECIAL_USE_CASES
    assert set(SUB_USE_CASES) == STANDARD_USE_CASES - {UseCase.MIXED, UseCase.LOW_VOLUME}


@pytest.mark.parametrize("use_case", sorted(TCR_USE_CASES))
def test_N4_every_use_case_can_be_registered_as_a_draft(customer_a, brand, use_case):
    subs = TWO if use_case in ("MIXED", "LOW_VOLUME") else []
    campaign = make_campaign(customer=customer_a, brand=brand, use_case=use_case, sub_use_cases=subs)
    assert (campaign.use_case, campaign.sub_use_cases) == (use_case, subs)


@pytest.mark.parametrize("use_case", ["MIXED", "LOW_VOLUME"])
@pytest.mark.parametrize(
    ("subs", "message"),
    [
        ([], "names 0 (2 too few)"),
        (["MARKETING"], "names 1 (1 too few)"),
        (SIX, "names 6 (1 too many)"),
    ],
)
def test_N4_mixed_and_low_volume_refuse_fewer_than_2_or_more_than_5(customer_a, brand, use_case, subs, message):
    errors = _errors(
        lambda: services.campaign_create(
            actor=customer_a, brand=brand, data=campaign_data(use_case=use_case, sub_use_cases=subs)
        )
    )
    assert message in errors["sub_use_cases"][0] and "2 to 5" in errors["sub_use_cases"][0]
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("use_case", ["MIXED", "LOW_VOLUME"])
@pytest.mark.parametrize("subs", [TWO, SIX[:5]])
def test_N4_mixed_and_low_volume_take_2_and_5(customer_a, brand, use_case, subs):
    campaign = make_campaign(
        customer=customer_a, brand=brand, status="submitted", use_case=use_case, sub_use_cases=subs
    )
    assert campaign.sub_use_cases == subs and campaign.is_submitted


def test_N4_sub_use_cases_are_normalised_and_unknown_ones_named(customer_a, brand):
    campaign = make_campaign(
        customer=customer_a, brand=brand, use_case="MIXED", sub_use_cases=[" marketing", "2fa", "MARKETING"]
    )
    assert campaign.sub_use_cases == ["MARKETING", "2FA"]
    errors = _errors(
        lambda: services.campaign_create(
            actor=customer_a, brand=brand, data=campaign_data(use_case="MIXED", sub_use_cases=["MARKETING", "MIXED"])
        )
    )
    assert "MIXED" in errors["sub_use_cases"][0] and "SECURITY_ALERT" in errors["sub_use_cases"][0]


def test_N4_other_use_cases_name_no_sub_use_cases(customer_a, brand):
    errors = _errors(
        lambda: services.campaign_create(actor=customer_a, brand=brand, data=campaign_data(sub_use_cases=TWO))
    )
    assert "Only Mixed and Low volume mixed" in errors["sub_use_cases"][0]


def test_N4_leaving_mixed_clears_its_sub_use_cases_and_moving_to_it_asks_for_them(customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, use_case="MIXED", sub_use_cases=TWO)
    campaign = services.campaign_update(actor=customer_a, campaign=campaign, data={"use_case": "MARKETING"})
    assert campaign.sub_use_cases == []
    errors = _errors(lambda: services.campaign_update(actor=customer_a, campaign=campaign, data={"use_case": "MIXED"}))
    assert "names 0 (2 too few)" in errors["sub_use_cases"][0]


def test_N4_a_mixed_campaign_from_before_the_rule_stays_valid_until_submitted_again(customer_a, analyst, brand):
    # given a campaign in the state the migration leaves it: MIXED, approved, no sub-use cases
    campaign = make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)
    Campaign.objects.filter(pk=campaign.pk).update(use_case="MIXED", sub_use_cases=[])
    campaign.refresh_from_db()
    # it reads and serialises as before, and other changes to it are not blocked by the new rule
    assert CampaignSerializer(campaign).data["sub_use_cases"] == [] and campaign.is_approved
    services.campaign_suspend(actor=analyst, campaign=campaign, reason="Spam complaints.")
    # a rejected one must name its sub-use cases before it is submitted again (the registry would refuse it)
    rejected = make_campaign(customer=customer_a, brand=brand, status="rejected", analyst=analyst)
    Campaign.objects.filter(pk=rejected.pk).update(use_case="MIXED", sub_use_cases=[])
    rejected.refresh_from_db()
    rejected = services.campaign_update(
        actor=customer_a, campaign=rejected, data={"description": rejected.description + " More."}
    )
    with pytest.raises(DomainError) as exc:
        services.campaign_submit(actor=customer_a, campaign=rejected)
    assert exc.value.code == "N4" and "sub_use_cases" in exc.value.errors


def test_N4_api_takes_sub_use_cases_and_reports_the_count(api_for, customer_a, brand):
    api = api_for(customer_a)
    bad = api.post(
        "/api/v1/campaigns/",
        {"brand": brand.pk, **campaign_data(use_case="MIXED", sub_use_cases=["2FA"])},
        format="json",
    )
    assert bad.status_code == 400 and "1 too few" in str(bad.json()["sub_use_cases"])
    good = api.post(
        "/api/v1/campaigns/", {"brand": brand.pk, **campaign_data(use_case="MIXED", sub_use_cases=TWO)}, format="json"
    )
    assert good.status_code == 201 and good.json()["sub_use_cases"] == TWO


def test_N4_form_takes_sub_use_cases(client_for, customer_a, brand):
    data = {k: v for k, v in campaign_data(use_case="MIXED").items() if k != "sample_messages"}
    data.update(brand=brand.pk, sample_message_1=campaign_data()["sample_messages"][0], sub_use_cases=TWO)
    data.update(subscriber_optin=True, subscriber_optout=True, subscriber_help=True)
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client_for(customer_a).post("/campaigns/new/", data)
    assert response.status_code == 302, re.findall(
        r'class="(?:field|form)-error[^>]*>([^<]*)', response.content.decode()
    )
    assert Campaign.objects.get().sub_use_cases == TWO


def test_N4_sole_proprietor_use_case_is_refused_at_submission(customer_a, brand):
    campaign = make_campaign(customer=customer_a, brand=brand, use_case="SOLE_PROPRIETOR")
    with pytest.raises(StateConflict) as exc:
        services.campaign_submit(actor=customer_a, campaign=campaign)
    assert exc.value.code == "C7" and "sole-proprietor brands" in exc.value.message


# ---------------------------------------------------------------------------------------------------------------
# Verticals, exchanges, identity
# ---------------------------------------------------------------------------------------------------------------


def test_N4_gambling_vertical_is_registered_but_its_campaigns_are_refused(customer_a, sub_account_a, analyst):
    assert "GAMBLING" in Vertical.values
    brand = verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst, vertical="GAMBLING")
    campaign = make_campaign(customer=customer_a, brand=brand)
    assert any(f["code"] == "7003" and f["prohibited"] for f in campaign.findings)
    with pytest.raises(DomainError) as exc:
        services.campaign_submit(actor=customer_a, campaign=campaign)
    assert exc.value.code == "C1" and "7003" in exc.value.extra["codes"]
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_N4_stock_exchanges_are_the_registrys(customer_a, sub_account_a):
    assert set(StockExchange.values) == TCR_EXCHANGES
    for exchange in ("B3", "SGX", "NONE"):
        brand = make_brand(
            customer=customer_a,
            sub_account=sub_account_a,
            entity_type="PUBLIC_PROFIT",
            stock_symbol="ACME",
            stock_exchange=exchange,
        )
        assert brand.stock_exchange == exchange
    errors = _errors(
        lambda: make_brand(customer=customer_a, sub_account=sub_account_a, stock_exchange="MOON", stock_symbol="X")
    )
    assert "MOON" in errors["stock_exchange"][0]


def test_N4_self_declared_is_shown_but_never_set(customer_a, sub_account_a, analyst, api_for):
    assert IdentityStatus.SELF_DECLARED.label == "Self-declared"
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    errors = _errors(
        lambda: brand_services.brand_record_identity(
            actor=analyst, brand=brand, identity_status="SELF_DECLARED", reason="Registry says so"
        )
    )
    assert "sole proprietors" in errors["identity_status"][0]
    response = api_for(analyst).post(
        f"/api/v1/brands/{brand.pk}/identity/", {"identity_status": "SELF_DECLARED", "reason": "x"}, format="json"
    )
    assert response.status_code == 400 and "sole proprietors" in str(response.json())
    brand.refresh_from_db()
    assert brand.identity_status == IdentityStatus.UNVERIFIED


def test_N4_identity_feedback_others(analyst, customer_a, sub_account_a):
    assert "OTHERS" in IdentityFeedback.values
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    brand = brand_services.brand_record_identity(
        actor=analyst, brand=brand, identity_status="UNVERIFIED", reason="Mismatch", feedback=["OTHERS"]
    )
    assert brand.identity_status == "UNVERIFIED"


# ---------------------------------------------------------------------------------------------------------------
# Vetting: AUTHPLUS and the vendor statuses
# ---------------------------------------------------------------------------------------------------------------


@pytest.fixture
def public_brand(customer_a, sub_account_a, analyst):
    return make_brand(
        customer=customer_a,
        sub_account=sub_account_a,
        status="approved",
        analyst=analyst,
        entity_type="PUBLIC_PROFIT",
        stock_symbol="ACME",
        stock_exchange="NASDAQ",
    )


def test_N4_authplus_vet_for_a_public_company_completes_without_a_score(customer_a, analyst, public_brand):
    vet = vet_services.vet_request(actor=customer_a, brand=public_brand, vet_class="AUTHPLUS", vendor="TCR")
    assert vet.vet_class == VetClass.AUTHPLUS and vet.vendor == Vendor.TCR
    vet = vet_services.vet_record_result(actor=analyst, vet=vet, status="SUCCESS", expected_version=vet.version)
    assert (vet.status, vet.score, vet.vendor_status) == (VetStatus.ACTIVE, None, "SUCCESS")


def test_N4_authplus_takes_no_score_and_does_not_flag_campaigns(customer_a, analyst, public_brand):
    vet = vet_services.vet_request(actor=customer_a, brand=public_brand, vet_class="AUTHPLUS", vendor="TCR")
    with pytest.raises(DomainError) as exc:
        vet_services.vet_record_result(actor=analyst, vet=vet, status="SUCCESS", score=80, expected_version=vet.version)
    assert exc.value.code == "V2"
    vet = vet_services.vet_record_result(actor=analyst, vet=vet, status="SUCCESS", expected_version=vet.version)
    # An Authentication+ check gives no throughput: registered campaigns need no resubmission (V7 does not apply).
    brand = verified_brand_of(public_brand, analyst)
    campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
    campaign.registered_at = vet.completed_at - timedelta(days=1)
    Campaign.objects.filter(pk=campaign.pk).update(registered_at=campaign.registered_at)
    assert services.campaigns_flag_for_vet(actor=analyst, vet=vet) == []
    campaign.refresh_from_db()
    assert not campaign.needs_resubmission


def verified_brand_of(brand, analyst):
    return brand_services.brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="TCR")


def test_N4_authplus_is_for_public_companies_from_the_registry(customer_a, sub_account_a, analyst, public_brand):
    private = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    with pytest.raises(DomainError) as exc:
        vet_services.vet_request(actor=customer_a, brand=private, vet_class="AUTHPLUS", vendor="TCR")
    assert exc.value.code == "N4" and "publicly traded" in exc.value.message
    errors = _errors(
        lambda: vet_services.vet_request(actor=customer_a, brand=public_brand, vet_class="AUTHPLUS", vendor="AEGIS")
    )
    assert "TCR" in errors["vendor"][0]


@pytest.mark.parametrize(
    ("vendor_status", "mapped"), [("SUCCESS", "ACTIVE"), ("CONTACT_VENDOR", "REVIEW"), ("ERROR", "UNSCORE")]
)
def test_N4_registry_vendor_statuses_map_onto_vet_states(customer_a, analyst, brand, vendor_status, mapped):
    assert vendor_status_map()[vendor_status] == mapped
    vet = vet_services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    score = 70 if mapped == "ACTIVE" else None
    vet = vet_services.vet_record_result(
        actor=analyst, vet=vet, status=vendor_status.lower(), score=score, expected_version=vet.version
    )
    assert (vet.status, vet.vendor_status) == (mapped, vendor_status.lower())


# ---------------------------------------------------------------------------------------------------------------
# Field limits
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"),
    [(f, m) for f, (_, m) in REGISTRY_LIMITS.items() if "url" not in f and f != "website" and "keywords" not in f],
)
def test_N4_field_maximum_at_the_limit_and_one_over(customer_a, brand, field, limit):
    base = "Acme Dental: reply STOP to opt out, HELP for help. "
    at_limit = (base * (limit // len(base) + 1))[: limit - 1] + "."
    campaign = make_campaign(customer=customer_a, brand=brand, **{field: at_limit})
    assert len(getattr(campaign, field)) == limit
    errors = _errors(
        lambda: services.campaign_update(actor=customer_a, campaign=campaign, data={field: at_limit + "x"})
    )
    assert errors[field] == [f"At most {limit:,} characters; this has {limit + 1:,} (1 too many)."]


def test_N4_registry_maxima_are_its_published_ones():
    assert REGISTRY_LIMITS["message_flow"] == (40, 2048)
    assert REGISTRY_LIMITS["optin_message"] == REGISTRY_LIMITS["help_message"] == REGISTRY_LIMITS["optout_message"]
    assert REGISTRY_LIMITS["optin_message"] == (20, 255)
    assert (SAMPLE_MESSAGE_MIN_CHARS, SAMPLE_MESSAGE_MAX_CHARS) == (20, 1024)


def test_N4_sample_message_at_the_limit_and_one_over(customer_a, brand):
    head = "Acme Dental: your visit is confirmed. Reply STOP to opt out. "
    sample = head + "a" * (SAMPLE_MESSAGE_MAX_CHARS - len(head))
    campaign = make_campaign(customer=customer_a, brand=brand, sample_messages=[sample])
    assert campaign.sample_messages == [sample] and len(sample) == SAMPLE_MESSAGE_MAX_CHARS
    errors = _errors(
        lambda: services.campaign_update(actor=customer_a, campaign=campaign, data={"sample_messages": ["x" * 1025]})
    )
    assert "Sample message 1: At most 1,024 characters; this has 1,025 (1 too many)." in errors["sample_messages"]


@pytest.mark.parametrize(
    ("field", "minimum"), [("message_flow", 40), ("optin_message", 20), ("help_message", 20), ("optout_message", 20)]
)
def test_N4_field_minimum_is_asked_at_submission_at_the_limit_and_one_under(customer_a, brand, field, minimum):
    short = ("Acme Dental reply STOP HELP " * 3)[: minimum - 1]
    campaign = make_campaign(customer=customer_a, brand=brand, **{field: short})  # a draft may be short
    with pytest.raises(DomainError) as exc:
        services.campaign_submit(actor=customer_a, campaign=campaign)
    assert exc.value.code == "N4"
    assert exc.value.errors[field] == [f"At least {minimum} characters; this has {minimum - 1} (1 too few)."]
    campaign = services.campaign_update(actor=customer_a, campaign=campaign, data={field: short + "x"})
    assert services.campaign_submit(actor=customer_a, campaign=campaign).is_submitted


def test_N4_sample_minimum_at_submission(customer_a, brand):
    campaign = make_campaign(
        customer=customer_a, brand=brand, sample_messages=["Acme Dental: hi STOP", "Acme Dental: hi STO"]
    )
    with pytest.raises(DomainError) as exc:
        services.campaign_submit(actor=customer_a, campaign=campaign)
    assert exc.value.errors["sample_messages"] == ["Sample message 2: At least 20 characters; this has 19 (1 too few)."]


# ---------------------------------------------------------------------------------------------------------------
# Pre-screen fixes
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("disclosure", ["Up to 4/msgs/month.", "Up to 4 msgs/month.", "4/msgs/mo."])
def test_N4_frequency_disclosure_with_a_slash_is_not_flagged(disclosure):
    data = campaign_data(
        message_flow=campaign_data()["message_flow"].replace("Msg frequency varies.", disclosure),
        optin_message=campaign_data()["optin_message"].replace("Msg frequency varies.", disclosure),
    )
    assert disclosure in data["message_flow"] and disclosure in data["optin_message"]
    checks = {f["check"] for f in prescreen(data)}
    assert not {"cta_frequency", "optin_frequency"} & checks


def test_N4_missing_frequency_is_still_flagged():
    data = campaign_data(
        message_flow=campaign_data()["message_flow"].replace("Msg frequency varies.", ""),
        optin_message=campaign_data()["optin_message"].replace("Msg frequency varies.", ""),
    )
    assert {"cta_frequency", "optin_frequency"} <= {f["check"] for f in prescreen(data)}


def test_N4_ht_ly_is_a_public_shortener():
    data = campaign_data(sample_messages=["Acme Dental: book at https://ht.ly/abc12 Reply STOP to opt out."])
    findings = [f for f in prescreen(data) if f["check"] == "url_shortener"]
    assert findings and findings[0]["code"] == "6013" and "ht.ly" in findings[0]["message"]
