"""Demo geo permissions (part of ``seed_demo``): account defaults, sub-account overrides (the seed's 50 + 100
example), requests in every state (granted at once by the system, waiting for an analyst, waiting for a manager
because the country is hard-disabled, refused) and 15 days of hourly counts behind the recommendations."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.demo import DemoAccounts
from brands.models import Brand

from . import services
from .models import GeoRequest

#: (bucket owner: None = the account's bucket, or a sub-account's name; country; a typical busy hour).
TRAFFIC = [
    (None, "US", 320),
    (None, "CA", 34),
    ("Acme Dental", "CA", 70),
    ("Acme Dental", "GB", 12),
]


def _traffic(base: DemoAccounts) -> None:
    account = base.accounts["Acme Messaging"]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for owner, country, busy in TRAFFIC:
        sub_id = base.sub_accounts[owner].pk if owner else None
        for hours_ago in range(1, 15 * 24):
            # A working-day curve: busy from 14:00 to 22:00 UTC (US daytime), quiet at night.
            hour = (now - timedelta(hours=hours_ago)).hour
            count = busy if 14 <= hour <= 22 else busy // 6
            count -= (hours_ago * 7) % max(busy // 4, 1)  # some variation, never above the busy hour
            rows.append((account.pk, sub_id, country, now - timedelta(hours=hours_ago), max(count, 0)))
    services.hourly_counts_add(rows=rows)


def seed(base: DemoAccounts, brands: dict[str, Brand]) -> None:
    if GeoRequest.objects.exists():
        return
    analyst, manager = base.users["analyst"], base.users["manager"]
    customer_a, customer_b = base.users["customer-a"], base.users["customer-b"]
    acme = base.accounts["Acme Messaging"]
    dental = base.sub_accounts["Acme Dental"]
    coffee = base.sub_accounts["Acme Coffee"]
    foundation = base.sub_accounts["Acme Foundation"]
    civic = base.sub_accounts["Beacon Civic"]

    # The account's defaults: a US threshold; Canada enabled by the compliance team at 50 per hour (the seed).
    services.geo_permission_set(
        actor=customer_a,
        account=acme,
        country="US",
        changes={"mph_threshold": 500, "breach_response": "BLOCK_AND_ALERT", "block_hours": 2},
    )
    services.geo_permission_set(
        actor=analyst,
        account=acme,
        country="CA",
        changes={"enabled": True, "mph_threshold": 50, "breach_response": "ALERT_ONLY"},
    )
    # Acme Dental overrides Canada with its own 100 per hour: 50 + 100 = 150 per hour for Canada in all.
    services.geo_permission_set(
        actor=customer_a,
        account=acme,
        sub_account=dental,
        country="CA",
        changes={"mph_threshold": 100, "breach_response": "BLOCK_AND_ALERT", "block_hours": 6},
    )
    # Acme Coffee does not send to Canada: an override that disables it.
    services.geo_permission_set(
        actor=customer_a, account=acme, sub_account=coffee, country="CA", changes={"enabled": False}
    )

    # Requests: low risk with KYC → granted at once by the system; medium → an analyst; hard-disabled → a manager.
    if services.kyc_done(dental):
        services.geo_request_file(
            actor=customer_a,
            sub_account=dental,
            country="GB",
            justification="Patients of our London partner clinic get appointment reminders.",
        )
        services.geo_request_file(
            actor=customer_a,
            sub_account=dental,
            country="MX",
            justification="Our Tijuana clinic opens in March; its patients get appointment reminders.",
        )
        services.geo_request_file(
            actor=customer_a,
            sub_account=dental,
            country="CU",
            justification="Family members of patients in Havana asked for appointment confirmations.",
        )
    if services.kyc_done(foundation):
        refused = services.geo_request_file(
            actor=customer_a,
            sub_account=foundation,
            country="NG",
            justification="Donors in Lagos asked for our newsletter by text message.",
        )
        services.geo_request_decide(
            actor=analyst,
            georequest=refused,
            decision="refuse",
            reason="No donor programme in Nigeria is shown on the foundation's website; email us the programme "
            "and ask again.",
        )
        granted = services.geo_request_file(
            actor=customer_a,
            sub_account=foundation,
            country="BR",
            justification="Volunteers of our São Paulo chapter get shift reminders.",
        )
        services.geo_request_decide(
            actor=manager, georequest=granted, decision="grant", reason="Chapter confirmed on the website."
        )
    if services.kyc_done(civic):
        services.geo_request_file(
            actor=customer_b,
            sub_account=civic,
            country="FR",
            justification="Citizens abroad registered for election reminders.",
        )
    _traffic(base)
