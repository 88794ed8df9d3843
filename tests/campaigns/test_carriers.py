"""N3: each carrier's decision on a campaign — recorded by staff (service, page, API) or by the registry's signed
webhook; audited in the same transaction; read by the customer (own campaigns only) and staff."""

import json
import time

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from audit.models import AuditEvent
from campaigns import services
from campaigns.choices import Carrier, CarrierSource, CarrierState
from campaigns.hooks import NO_DETAILS, SIGNATURE_HEADER, TIMESTAMP_HEADER
from campaigns.models import CarrierStatus
from core.errors import DomainError, StateConflict
from core.webhooks import sign
from tests.campaigns.factories import make_campaign
from tests.campaigns.test_api import verified_brand

pytestmark = pytest.mark.django_db

HOOK = "/hooks/registry/campaign-mno/"
SECRET = "registry-test-secret"


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    return verified_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def approved(customer_a, analyst, brand):
    return make_campaign(customer=customer_a, brand=brand, status="approved", analyst=analyst)


@pytest.fixture
def other_campaign(customer_b, sub_account_b, analyst):
    brand_b = verified_brand(
        customer=customer_b, sub_account=sub_account_b, analyst=analyst, legal_name="Beacon Dental LLC"
    )
    return make_campaign(customer=customer_b, brand=brand_b, status="submitted")


@pytest.fixture
def registry_secret(settings):
    settings.REGISTRY_WEBHOOK_SECRETS = [SECRET]
    return SECRET


def _events(campaign, action=None):
    events = AuditEvent.objects.for_subject(campaign).filter(action__startswith="carrier_")
    return events.filter(action=action) if action else events


def _post_hook(client, event, *, secret=SECRET, timestamp=None, body=None):
    body = body if body is not None else json.dumps(event).encode()
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    return client.post(
        HOOK,
        data=body,
        content_type="application/json",
        headers={
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret=secret.encode(), body=body, timestamp=timestamp),
        },
    )


def _event(campaign, event_type="MNO_CAMPAIGN_OPERATION_REJECTED", **extra):
    return {
        "eventType": event_type,
        "campaignId": "CABC123",
        "campaignReferenceId": campaign.reference,
        "mnoId": 10017,
        "mnoName": "AT&T",
        "description": "Campaign rejected on AT&T network. Details: not CTIA compliant.",
        **extra,
    }


# ---------------------------------------------------------------------------------------------------------------
# Service
# ---------------------------------------------------------------------------------------------------------------


def test_N3_staff_records_a_rejection_with_reason_audited_as_carrier_rejected(analyst, approved):
    row, changed = services.campaign_carrier_set(
        actor=analyst, campaign=approved, carrier="ATT", status="rejected", reason="Not CTIA compliant."
    )
    assert changed and (row.carrier, row.status, row.reason, row.source) == (
        "ATT",
        "rejected",
        "Not CTIA compliant.",
        "staff",
    )
    assert row.updated_by == analyst and row.account_id == approved.account_id and row.updated_at is not None
    event = _events(approved).get()
    assert event.action == "carrier_rejected" and event.customer_visible
    assert event.reason == "AT&T rejected the campaign: Not CTIA compliant."
    assert event.data == {"carrier": "ATT", "carrier_status": "rejected", "previous": "", "source": "staff"}
    assert event.account_id == approved.account_id and event.actor == analyst


def test_N3_a_change_rewrites_the_one_row_per_carrier_and_is_audited_each_time(analyst, approved):
    services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="T_MOBILE", status="pending")
    services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="T_MOBILE", status="approved")
    _row, changed = services.campaign_carrier_set(
        actor=analyst, campaign=approved, carrier="T_MOBILE", status="suspended", reason="Spam complaints."
    )
    assert changed and CarrierStatus.objects.filter(campaign=approved).count() == 1
    assert [e.action for e in _events(approved).order_by("id")] == [
        "carrier_pending",
        "carrier_approved",
        "carrier_suspended",
    ]
    assert _events(approved, "carrier_suspended").get().data["previous"] == "approved"


def test_N3_same_decision_again_changes_nothing_and_is_not_audited_twice(analyst, approved):
    services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="ATT", status="approved")
    _row, changed = services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="ATT", status="approved")
    assert not changed and _events(approved).count() == 1


@pytest.mark.parametrize("status", ["rejected", "suspended"])
def test_N3_rejection_and_suspension_need_a_reason(analyst, approved, status):
    with pytest.raises(DomainError) as exc:
        services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="ATT", status=status, reason="  ")
    assert "reason" in exc.value.errors
    assert not CarrierStatus.objects.exists() and not _events(approved).exists()


def test_N3_unknown_carrier_and_status_are_named(analyst, approved):
    with pytest.raises(DomainError) as exc:
        services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="SPRINT", status="gone")
    assert "SPRINT" in exc.value.errors["carrier"][0] and "T_MOBILE" in exc.value.errors["carrier"][0]
    assert "gone" in exc.value.errors["status"][0]


def test_N3_customers_cannot_record_a_carrier_decision(customer_a, approved):
    with pytest.raises(DomainError):
        services.campaign_carrier_set(actor=customer_a, campaign=approved, carrier="ATT", status="approved")
    assert not CarrierStatus.objects.exists()


def test_N3_a_draft_has_no_carrier_status(customer_a, analyst, brand):
    draft = make_campaign(customer=customer_a, brand=brand)
    with pytest.raises(StateConflict) as exc:
        services.campaign_carrier_set(actor=analyst, campaign=draft, carrier="ATT", status="approved")
    assert exc.value.code == "N3"


def test_N3_database_holds_one_row_per_campaign_and_carrier_and_a_reason_for_refusals(analyst, approved):
    services.campaign_carrier_set(actor=analyst, campaign=approved, carrier="ATT", status="approved")
    with pytest.raises(IntegrityError), transaction.atomic():
        CarrierStatus.objects.create(campaign=approved, carrier="ATT", status="pending", updated_at=approved.created_at)
    with pytest.raises(IntegrityError), transaction.atomic():
        CarrierStatus.objects.create(
            campaign=approved, carrier="VERIZON", status="rejected", reason="", updated_at=approved.created_at
        )


# ---------------------------------------------------------------------------------------------------------------
# Registry webhook
# ---------------------------------------------------------------------------------------------------------------


def test_N3_registry_webhook_with_a_valid_signature_records_the_carrier_decision(client, registry_secret, approved):
    response = _post_hook(client, _event(approved))
    assert response.status_code == 200, response.content
    assert response.json() == {"campaign": approved.pk, "carrier": "ATT", "status": "rejected", "changed": True}
    row = CarrierStatus.objects.get(campaign=approved)
    assert (row.status, row.source, row.updated_by) == ("rejected", CarrierSource.REGISTRY, None)
    assert row.reason == "Campaign rejected on AT&T network. Details: not CTIA compliant."
    event = _events(approved, "carrier_rejected").get()
    assert event.actor is None and event.actor_label == "system" and event.data["source"] == "registry"


def test_N3_registry_webhook_redelivered_is_idempotent(client, registry_secret, approved):
    assert _post_hook(client, _event(approved)).json()["changed"] is True
    again = _post_hook(client, _event(approved))
    assert again.status_code == 200 and again.json()["changed"] is False
    assert CarrierStatus.objects.count() == 1 and _events(approved).count() == 1


def test_N3_registry_webhook_with_a_forged_signature_changes_nothing(client, registry_secret, approved):
    response = _post_hook(client, _event(approved), secret="not-the-registry")
    assert response.status_code == 401 and response.json()["code"] == "webhook_bad_signature"
    assert SECRET not in response.content.decode()
    assert not CarrierStatus.objects.exists() and not _events(approved).exists()


def test_N3_registry_webhook_body_changed_after_signing_is_refused(client, registry_secret, approved):
    body = json.dumps(_event(approved)).encode()
    timestamp = str(int(time.time()))
    tampered = body.replace(b"REJECTED", b"APPROVED")
    response = client.post(
        HOOK,
        data=tampered,
        content_type="application/json",
        headers={
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(secret=SECRET.encode(), body=body, timestamp=timestamp),
        },
    )
    assert response.status_code == 401 and not CarrierStatus.objects.exists()


def test_N3_registry_webhook_replayed_outside_the_window_is_refused(client, registry_secret, approved):
    response = _post_hook(client, _event(approved), timestamp=int(time.time()) - 3600)
    assert response.status_code == 401 and response.json()["code"] == "webhook_stale_timestamp"
    assert not CarrierStatus.objects.exists()


def test_N3_registry_webhook_without_signature_headers_is_refused(client, registry_secret, approved):
    response = client.post(HOOK, data=json.dumps(_event(approved)), content_type="application/json")
    assert response.status_code == 401 and not CarrierStatus.objects.exists()


def test_N3_registry_webhook_is_off_without_a_secret(client, settings, approved):
    settings.REGISTRY_WEBHOOK_SECRETS = []
    assert _post_hook(client, _event(approved)).status_code == 404


@pytest.mark.parametrize(
    ("event_type", "mno", "carrier", "state"),
    [
        ("MNO_CAMPAIGN_OPERATION_APPROVED", {"mnoId": 10035}, Carrier.T_MOBILE, CarrierState.APPROVED),
        ("MNO_CAMPAIGN_OPERATION_SUSPENDED", {"mnoId": "10037"}, Carrier.VERIZON, CarrierState.SUSPENDED),
        ("MNO_CAMPAIGN_OPERATION_REVIEW", {"mnoId": 10038}, Carrier.US_CELLULAR, CarrierState.PENDING),
        ("MNO_CAMPAIGN_OPERATION_APPROVED", {"mnoId": None, "mnoName": "ClearSky"}, Carrier.CLEARSKY, "approved"),
        ("MNO_CAMPAIGN_OPERATION_APPROVED", {"mnoId": None, "mnoName": "Interop"}, Carrier.INTEROP, "approved"),
    ],
)
def test_N3_registry_event_types_and_carriers_map(client, registry_secret, approved, event_type, mno, carrier, state):
    response = _post_hook(client, _event(approved, event_type, **mno))
    assert response.status_code == 200, response.content
    assert CarrierStatus.objects.get(campaign=approved).get_carrier_display() == carrier.label
    assert CarrierStatus.objects.get(campaign=approved).status == state


def test_N3_registry_unsuspension_approves_again(client, registry_secret, approved):
    _post_hook(client, _event(approved, "MNO_CAMPAIGN_OPERATION_SUSPENDED"))
    _post_hook(client, _event(approved, "MNO_CAMPAIGN_OPERATION_UNSUSPENDED", description=""))
    row = CarrierStatus.objects.get(campaign=approved)
    assert (row.status, row.reason) == ("approved", "")


def test_N3_registry_rejection_without_description_still_carries_a_reason(client, registry_secret, approved):
    response = _post_hook(client, _event(approved, description=None))
    assert response.status_code == 200 and CarrierStatus.objects.get().reason == NO_DETAILS


def test_N3_registry_other_event_types_are_acknowledged_and_ignored(client, registry_secret, approved):
    response = _post_hook(client, {"eventType": "BRAND_IDENTITY_STATUS_UPDATE", "brandId": "BXYZ"})
    assert response.status_code == 202 and not CarrierStatus.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (b"[1, 2]", 400),
        (json.dumps({"campaignReferenceId": "C-1"}).encode(), 400),
    ],
)
def test_N3_registry_malformed_bodies_are_400(client, registry_secret, approved, body, status):
    assert _post_hook(client, None, body=body).status_code == status
    assert not CarrierStatus.objects.exists()


def test_N3_registry_unknown_carrier_or_campaign_is_refused(client, registry_secret, approved):
    unknown_carrier = _post_hook(client, _event(approved, mnoId=99999, mnoName="Sprint"))
    assert unknown_carrier.status_code == 400
    unknown_campaign = _post_hook(client, _event(approved, campaignReferenceId="C-999999999"))
    assert unknown_campaign.status_code == 404
    assert _post_hook(client, _event(approved, campaignReferenceId="C-99999999999999999999999")).status_code == 404
    assert not CarrierStatus.objects.exists()


def test_N3_registry_oversized_body_is_413(client, registry_secret, approved):
    body = json.dumps({**_event(approved), "padding": "x" * 70_000}).encode()
    assert _post_hook(client, None, body=body).status_code == 413


def test_N3_registry_webhook_accepts_the_old_secret_during_a_rotation(client, settings, approved):
    settings.REGISTRY_WEBHOOK_SECRETS = ["new-secret", SECRET]
    assert _post_hook(client, _event(approved), secret=SECRET).status_code == 200


def test_N3_registry_report_on_a_draft_is_a_conflict(client, registry_secret, customer_a, brand):
    draft = make_campaign(customer=customer_a, brand=brand)
    response = _post_hook(client, _event(draft))
    assert response.status_code == 409 and response.json()["code"] == "N3"


# ---------------------------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------------------------


def _api_url(campaign):
    return f"/api/v1/campaigns/{campaign.pk}/carriers/"


def test_N3_api_staff_records_and_everyone_entitled_reads(api_for, analyst, customer_a, approved):
    response = api_for(analyst).post(
        _api_url(approved), {"carrier": "VERIZON", "status": "rejected", "reason": "Content mismatch."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"carrier", "status", "reason", "updated_at"}
    assert response.json()["status"] == "rejected"
    for user in (analyst, customer_a):
        rows = api_for(user).get(_api_url(approved)).json()
        assert [(r["carrier"], r["status"], r["reason"]) for r in rows] == [
            ("VERIZON", "rejected", "Content mismatch.")
        ]
    detail = api_for(customer_a).get(f"/api/v1/campaigns/{approved.pk}/").json()
    assert detail["carriers"][0]["carrier"] == "VERIZON"


def test_N3_api_customer_reads_but_cannot_record(api_for, customer_a, approved):
    response = api_for(customer_a).post(_api_url(approved), {"carrier": "ATT", "status": "approved"}, format="json")
    assert response.status_code == 403
    assert not CarrierStatus.objects.exists()


def test_N3_api_other_accounts_campaign_is_404(api_for, customer_a, other_campaign):
    assert api_for(customer_a).get(_api_url(other_campaign)).status_code == 404
    response = api_for(customer_a).post(
        _api_url(other_campaign), {"carrier": "ATT", "status": "approved"}, format="json"
    )
    assert response.status_code in (403, 404)
    assert not CarrierStatus.objects.exists()


def test_N3_api_bad_input_is_400_with_the_field(api_for, analyst, approved):
    response = api_for(analyst).post(_api_url(approved), {"carrier": "ATT", "status": "rejected"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api_for(analyst).post(_api_url(approved), {"carrier": "NOPE", "status": "approved"}, format="json")
    assert response.status_code == 400 and "carrier" in response.json()
    assert api_for(analyst).post(_api_url(approved), {}, format="json").status_code == 400


def test_N3_api_anonymous_is_refused(client, approved):
    assert client.get(_api_url(approved)).status_code in (401, 403)


def test_N3_campaign_list_carriers_cost_one_query_whatever_the_rows(
    api_for, analyst, customer_a, brand, approved, django_assert_max_num_queries
):
    api = api_for(customer_a)
    with django_assert_max_num_queries(50) as small:
        api.get("/api/v1/campaigns/")
    for _ in range(4):
        campaign = make_campaign(customer=customer_a, brand=brand, status="submitted")
        for carrier in ("ATT", "T_MOBILE", "VERIZON"):
            services.campaign_carrier_set(actor=analyst, campaign=campaign, carrier=carrier, status="pending")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = api.get("/api/v1/campaigns/")
    assert sum(len(row["carriers"]) for row in response.json()["results"]) == 12


# ---------------------------------------------------------------------------------------------------------------
# Page
# ---------------------------------------------------------------------------------------------------------------


def test_N3_page_shows_every_carrier_to_the_customer_without_the_form(client_for, analyst, customer_a, approved):
    services.campaign_carrier_set(
        actor=analyst, campaign=approved, carrier="ATT", status="rejected", reason="Not CTIA compliant."
    )
    page = client_for(customer_a).get(reverse("campaign-detail", args=[approved.pk])).content.decode()
    assert 'data-testid="carriers"' in page and "Not CTIA compliant." in page
    assert all(carrier.label.replace("&", "&amp;") in page for carrier in Carrier)
    assert "Not reported yet" in page and 'data-testid="carrier-form"' not in page


def test_N3_page_staff_form_records_the_decision(client_for, analyst, approved):
    client = client_for(analyst)
    page = client.get(reverse("campaign-detail", args=[approved.pk])).content.decode()
    assert 'data-testid="carrier-form"' in page
    response = client.post(
        reverse("campaign-carrier-set", args=[approved.pk]),
        {"carrier": "T_MOBILE", "status": "suspended", "reason": "Spam complaints."},
    )
    assert response.status_code == 302
    row = CarrierStatus.objects.get(campaign=approved)
    assert (row.carrier, row.status, row.reason) == ("T_MOBILE", "suspended", "Spam complaints.")


def test_N3_page_staff_form_refusal_is_a_message_not_a_change(client_for, analyst, approved):
    response = client_for(analyst).post(
        reverse("campaign-carrier-set", args=[approved.pk]), {"carrier": "ATT", "status": "rejected"}, follow=True
    )
    assert response.status_code == 200 and not CarrierStatus.objects.exists()


def test_N3_page_customer_cannot_post_the_form(client_for, customer_a, approved):
    response = client_for(customer_a).post(
        reverse("campaign-carrier-set", args=[approved.pk]), {"carrier": "ATT", "status": "approved"}
    )
    assert response.status_code in (403, 404) and not CarrierStatus.objects.exists()


def test_N3_page_other_accounts_campaign_is_404(client_for, customer_a, other_campaign):
    assert client_for(customer_a).get(reverse("campaign-detail", args=[other_campaign.pk])).status_code == 404
