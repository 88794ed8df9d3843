"""The geo pages: what each user sees and may do, tenancy (another account's objects are 404s), and the cost
of the 249-country table (a fixed number of queries, not one per country)."""

import pytest
from django.urls import reverse

from geo import services
from geo.models import GeoPermission, GeoRequest
from geo.selectors import effective_permission
from tests.accounts.factories import SubAccountFactory

from .factories import kyc_brand, set_permission

pytestmark = pytest.mark.django_db

JUSTIFICATION = "Our patients in Mexico receive appointment reminders from us."
PAGE = reverse("geo-permissions")


def test_customer_page_lists_every_country_with_risk_and_formula(client_for, customer_a):
    response = client_for(customer_a).get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("data-geo-row") == 249
    assert "the busiest hour of the last 15 days × 1.5, rounded up" in body
    assert 'data-testid="request-MX"' in body  # a disabled country: asked for through a request
    assert 'data-testid="enabled-US"' in body  # the enabled US: its toggle disables it
    assert "geo-risk-high" in body and "Hard-disabled" in body


def test_page_queries_do_not_grow_with_countries(client_for, customer_a, sub_account_a, django_assert_max_num_queries):
    account = customer_a.account
    for code in ("CA", "MX", "GB", "FR", "DE"):
        set_permission(account=account, country=code, mph_threshold=10)
        set_permission(account=account, sub_account=sub_account_a, country=code, mph_threshold=20)
    for _ in range(30):
        SubAccountFactory(account=account)
    client = client_for(customer_a)
    with django_assert_max_num_queries(14):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(PAGE, {"sub_account": sub_account_a.pk}).status_code == 200


def test_sub_account_page_shows_overridden_tag_inherited_rows_and_remove(client_for, customer_a, sub_account_a):
    set_permission(account=customer_a.account, sub_account=sub_account_a, country="US", mph_threshold=100)
    body = client_for(customer_a).get(PAGE, {"sub_account": sub_account_a.pk}).content.decode()
    assert 'data-testid="overridden-US"' in body
    assert 'data-testid="remove-override-US"' in body
    assert 'data-testid="overridden-CA"' not in body
    assert "geo-inherited" in body
    # The account list's "Overridden" tag beside the sub-account (the seed's picker).
    assert 'Acme Dental</a> <span class="badge geo-overridden">Overridden</span>' in body


def test_inline_edit_by_htmx_returns_the_row(client_for, customer_a, sub_account_a):
    client = client_for(customer_a)
    response = client.post(
        reverse("geo-permission-update", args=["US"]),
        {
            "sub_account": sub_account_a.pk,
            "enabled": ["false", "true"],
            "mph_threshold": "100",
            "breach_response": "ALERT_ONLY",
            "block_hours": "3",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith("<tr") and 'data-testid="overridden-US"' in body
    perm = effective_permission(account_id=customer_a.account_id, sub_account_id=sub_account_a.pk, country="US")
    assert tuple(perm) == (True, 100, "ALERT_ONLY", 3, True, False)


def test_inline_edit_error_is_shown_in_the_row_and_changes_nothing(client_for, customer_a):
    response = client_for(customer_a).post(
        reverse("geo-permission-update", args=["US"]),
        {"account": customer_a.account_id, "block_hours": "25"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "at most 24 hours (you gave 25, 1 too many)" in response.content.decode()
    assert not GeoPermission.objects.exists()


def test_customer_enable_through_the_page_is_refused_with_plain_words(client_for, customer_a):
    response = client_for(customer_a).post(
        reverse("geo-permission-update", args=["MX"]), {"enabled": ["false", "true"]}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "enabled through a request" in body and "M1.3" not in body
    assert not GeoPermission.objects.exists()


def test_remove_override_by_htmx(client_for, customer_a, sub_account_a):
    set_permission(account=customer_a.account, sub_account=sub_account_a, country="US", enabled=False)
    response = client_for(customer_a).post(
        reverse("geo-override-remove", args=["US"]), {"sub_account": sub_account_a.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'data-testid="overridden-US"' not in response.content.decode()
    assert not GeoPermission.objects.exists()


def test_bulk_region_disable(client_for, customer_a, sub_account_a):
    response = client_for(customer_a).post(
        reverse("geo-permissions-bulk"),
        {"account": customer_a.account_id, "area": "Northern America", "action": "disable"},
    )
    assert response.status_code == 302
    assert not effective_permission(
        account_id=customer_a.account_id, sub_account_id=sub_account_a.pk, country="US"
    ).enabled


def test_staff_pick_an_account_then_see_its_page(client_for, analyst, account_a):
    client = client_for(analyst)
    assert account_a.name in client.get(PAGE).content.decode()
    response = client.get(PAGE, {"account": account_a.pk})
    assert response.status_code == 200 and response.content.decode().count("data-geo-row") == 249


def test_request_flow_through_the_pages(client_for, customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    client = client_for(customer_a)
    form = client.get(reverse("geo-request-new"), {"country": "MX", "sub_account": sub_account_a.pk})
    assert form.status_code == 200
    response = client.post(
        reverse("geo-request-new"), {"sub_account": sub_account_a.pk, "country": "MX", "justification": JUSTIFICATION}
    )
    georequest = GeoRequest.objects.get()
    assert response.status_code == 302 and georequest.status == "pending"
    assert "GR-" in client.get(reverse("geo-request-list")).content.decode()
    detail = client.get(georequest.get_absolute_url()).content.decode()
    assert 'data-testid="decision-form"' not in detail

    staff = client_for(analyst)
    assert f"GR-{georequest.pk}" in staff.get(reverse("geo-request-list")).content.decode()
    assert 'data-testid="decision-form"' in staff.get(georequest.get_absolute_url()).content.decode()
    staff.post(
        reverse("geo-request-decide", args=[georequest.pk]),
        {"decision": "refuse", "reason": "No Mexican business shown", "version": georequest.version},
    )
    georequest.refresh_from_db()
    assert georequest.status == "refused"


def test_request_without_kyc_shows_what_to_do(client_for, customer_a, sub_account_a):
    response = client_for(customer_a).post(
        reverse("geo-request-new"), {"sub_account": sub_account_a.pk, "country": "CA", "justification": JUSTIFICATION}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "approved brand with a verified identity" in body and "M1.3" not in body


def test_analyst_sees_hard_disabled_request_but_cannot_decide(client_for, customer_a, sub_account_a, analyst):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=sub_account_a, country="KP", justification=JUSTIFICATION
    )
    client = client_for(analyst)
    assert 'data-testid="decision-form"' not in client.get(georequest.get_absolute_url()).content.decode()
    response = client.post(
        reverse("geo-request-decide", args=[georequest.pk]), {"decision": "grant", "version": georequest.version}
    )
    assert response.status_code == 403


def test_sub_account_page_has_the_geo_panel(client_for, customer_a, sub_account_a):
    set_permission(account=customer_a.account, sub_account=sub_account_a, country="CA")
    body = client_for(customer_a).get(reverse("sub-account-detail", args=[sub_account_a.pk])).content.decode()
    assert 'data-testid="geo-panel"' in body and "CA" in body and "US" in body
    assert f"/geo-permissions/?sub_account={sub_account_a.pk}" in body


def test_nav_link(client_for, customer_a, analyst):
    assert "Geo permissions" in client_for(customer_a).get(reverse("dashboard")).content.decode()
    assert "Country requests" in client_for(analyst).get(reverse("dashboard")).content.decode()


# ---------------------------------------------------------------------------------------------- tenancy


def test_tenancy_every_page_is_404_for_another_accounts_objects(
    client_for, customer_a, customer_b, sub_account_b, analyst
):
    kyc_brand(customer=customer_b, sub_account=sub_account_b, analyst=analyst)
    georequest = services.geo_request_file(
        actor=customer_b, sub_account=sub_account_b, country="MX", justification=JUSTIFICATION
    )
    set_permission(account=sub_account_b.account, sub_account=sub_account_b, country="US", mph_threshold=9)
    client = client_for(customer_a)
    theirs = {"sub_account": sub_account_b.pk}
    assert client.get(PAGE, theirs).status_code == 404
    assert client.get(PAGE, {"sub_account": "abc"}).status_code == 404
    assert client.post(reverse("geo-permission-update", args=["US"]), {**theirs, "mph_threshold": 1}).status_code == 404
    assert client.post(reverse("geo-override-remove", args=["US"]), theirs).status_code == 404
    assert client.post(reverse("geo-overrides-remove-all"), theirs).status_code == 404
    assert (
        client.post(reverse("geo-permissions-bulk"), {**theirs, "area": "Europe", "action": "disable"}).status_code
        == 404
    )
    assert client.get(georequest.get_absolute_url()).status_code == 404
    assert client.post(reverse("geo-request-decide", args=[georequest.pk]), {"decision": "grant"}).status_code in (
        403,
        404,
    )
    assert f"GR-{georequest.pk}" not in client.get(reverse("geo-request-list")).content.decode()
    response = client.post(
        reverse("geo-request-new"), {"sub_account": sub_account_b.pk, "country": "CA", "justification": JUSTIFICATION}
    )
    assert (
        response.status_code == 200 and not GeoRequest.objects.filter(sub_account__account=customer_a.account).exists()
    )
    # A customer naming another account in ?account= still sees only their own.
    body = client.get(PAGE, {"account": sub_account_b.account_id}).content.decode()
    assert sub_account_b.account.name not in body
    assert GeoPermission.objects.get().mph_threshold == 9


def test_anonymous_is_sent_to_sign_in(client):
    for url in (PAGE, reverse("geo-request-list"), reverse("geo-request-new")):
        assert client.get(url).status_code == 302


def test_pending_request_is_in_the_casework_queue_and_its_page_has_the_work_item(
    client_for, customer_a, sub_account_a, analyst
):
    kyc_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)
    georequest = services.geo_request_file(
        actor=customer_a, sub_account=sub_account_a, country="MX", justification=JUSTIFICATION
    )
    client = client_for(analyst)
    queue = client.get(reverse("queue-view", args=["geo_request"])).content.decode()
    assert f"GR-{georequest.pk}" in queue and georequest.get_absolute_url() in queue
    detail = client.get(georequest.get_absolute_url()).content.decode()
    assert "Country requests" in queue and "Claim" in detail
