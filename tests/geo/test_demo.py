"""geo.demo seeds account defaults, overrides, requests in every state and the hourly counts."""

import pytest

from accounts import demo as accounts_demo
from geo import demo
from geo.models import GeoPermission, GeoRequest, HourlyCount
from geo.selectors import effective_permission, permission_rows

from .factories import kyc_brand

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state(settings):
    settings.DEMO_PASSWORD = "demo-pass-for-tests"
    base = accounts_demo.seed()
    analyst = base.users["analyst"]
    # The sub-accounts' KYC (brands.demo's approved, verified brands), made here so this test needs only geo.
    for sub_name, customer, tax_id in (
        ("Acme Dental", "customer-a", "12-3456781"),
        ("Acme Foundation", "customer-a", "12-3456782"),
        ("Beacon Civic", "customer-b", "12-3456783"),
    ):
        kyc_brand(
            customer=base.users[customer], sub_account=base.sub_accounts[sub_name], analyst=analyst, tax_id=tax_id
        )
    brands = {}
    demo.seed(base, brands)
    acme = base.accounts["Acme Messaging"]
    dental = base.sub_accounts["Acme Dental"]
    assert effective_permission(account_id=acme.pk, sub_account_id=None, country="CA").mph_threshold == 50
    assert effective_permission(account_id=acme.pk, sub_account_id=dental.pk, country="CA").mph_threshold == 100
    statuses = set(GeoRequest.objects.values_list("status", flat=True))
    assert statuses == {"granted", "pending", "refused"}
    assert GeoRequest.objects.filter(status="granted", decided_by__isnull=True).exists()  # the system's grant
    assert GeoRequest.objects.filter(status="pending", needs_manager=True).exists()
    assert GeoRequest.objects.filter(status="pending", needs_manager=False).exists()
    rows = {row.code: row for row in permission_rows(account_id=acme.pk, sub_account_id=dental.pk)}
    assert rows["CA"].overridden and rows["CA"].busiest_hour == 70 and rows["CA"].recommended_mph == 105
    assert HourlyCount.objects.exists()
    count = GeoPermission.objects.count()
    demo.seed(base, brands)  # idempotent
    assert GeoPermission.objects.count() == count
