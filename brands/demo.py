"""Demo brands (part of ``seed_demo``): every entity type and identity status (the vets are ``vetting.demo``'s)."""

from __future__ import annotations

from accounts.demo import DemoAccounts

from . import services
from .choices import IdentityStatus, ManualCheck
from .models import Brand

ALL_TICKED = dict.fromkeys(ManualCheck.values, True)

BRANDS = [
    # key, sub-account, data, target review state, identity result
    (
        "dental",
        "Acme Dental",
        {
            "legal_name": "Acme Dental Group LLC",
            "display_name": "Acme Dental",
            "entity_type": "PRIVATE_PROFIT",
            "tax_id": "12-3456789",
            "vertical": "HEALTHCARE",
            "website": "https://acmedental.example.com",
            "email": "ops@acmedental.example.com",
            "phone": "+12025550101",
            "city": "Austin",
            "state": "TX",
        },
        "approved",
        IdentityStatus.VERIFIED,
    ),
    (
        "realty",
        "Acme Realty",
        {
            "legal_name": "Acme Realty Partners Inc",
            "display_name": "Acme Realty",
            "entity_type": "PUBLIC_PROFIT",
            "tax_id": "23-4567890",
            "vertical": "REAL_ESTATE",
            "website": "https://www.facebook.com/acmerealty",
            "email": "acme.realty@gmail.com",
            "phone": "+12025550102",
            "stock_symbol": "",
            "city": "Denver",
            "state": "CO",
        },
        "submitted",
        None,
    ),
    (
        "foundation",
        "Acme Foundation",
        {
            "legal_name": "Acme Community Foundation",
            "entity_type": "NON_PROFIT",
            "tax_id": "34-5678901",
            "tax_exempt_status": "501C3",
            "vertical": "NGO",
            "website": "https://acmefoundation.example.org",
            "email": "hello@acmefoundation.example.org",
            "phone": "+12025550103",
        },
        "approved",
        IdentityStatus.VERIFIED,
    ),
    (
        "coffee",
        "Acme Coffee",
        {
            "legal_name": "Acme Coffee Roasters LLC",
            "display_name": "Acme Coffee",
            "entity_type": "PRIVATE_PROFIT",
            "tax_id": "45-6789012",
            "vertical": "RETAIL",
            "website": "https://acmecoffee.example.com",
            "email": "team@acmecoffee.example.com",
            "phone": "+12025550104",
        },
        "draft",
        None,
    ),
    (
        "retail",
        "Beacon Retail",
        {
            "legal_name": "Beacon Retail Stores Inc",
            "display_name": "Beacon Retail",
            "entity_type": "PRIVATE_PROFIT",
            "tax_id": "12-3456789",
            "vertical": "RETAIL",
            "website": "https://beaconretail.example.com",
            "email": "sms@beaconretail.example.com",
            "phone": "+13125550105",
        },
        "changes_requested",
        IdentityStatus.UNVERIFIED,
    ),
    (
        "civic",
        "Beacon Civic",
        {
            "legal_name": "Beacon Civic Action",
            "entity_type": "NON_PROFIT",
            "tax_id": "56-7890123",
            "tax_exempt_status": "NONE",
            "vertical": "POLITICAL",
            "website": "https://beaconcivic.example.org",
            "email": "info@beaconcivic.example.org",
            "phone": "+13125550106",
        },
        "approved",
        IdentityStatus.VERIFIED,
    ),
    (
        "city",
        "Beacon City Alerts",
        {
            "legal_name": "City of Beacon",
            "display_name": "Beacon City Alerts",
            "entity_type": "GOVERNMENT",
            "government_entity": True,
            "tax_id": "67-8901234",
            "vertical": "GOVERNMENT",
            "website": "https://beacon.example.gov",
            "email": "alerts@beacon.example.gov",
            "phone": "+13125550107",
        },
        "approved",
        IdentityStatus.UNVERIFIED,
    ),
    # A second instance of Acme Dental (same tax id) in a sub-account of its own (S3): vetted once, token not yet
    # imported here.
    (
        "dental2",
        "Acme Dental West",
        {
            "legal_name": "Acme Dental Group LLC",
            "display_name": "Acme Dental (Realty desk)",
            "entity_type": "PRIVATE_PROFIT",
            "tax_id": "12-3456789",
            "vertical": "HEALTHCARE",
            "website": "https://acmedental.example.com",
            "email": "ops@acmedental.example.com",
            "phone": "+12025550101",
        },
        "approved",
        IdentityStatus.VERIFIED,
    ),
]


def _drive(brand: Brand, target: str, identity, *, customer, analyst) -> Brand:
    if target != "draft":
        services.brand_submit(actor=customer, brand=brand)
    if target in ("approved", "changes_requested"):
        services.brand_start_review(actor=analyst, brand=brand)
    if target == "approved":
        services.brand_review(
            actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED, reason="Demo approval"
        )
    elif target == "changes_requested":
        services.brand_review(
            actor=analyst,
            brand=brand,
            decision="request_changes",
            codes=["511"],
            reason="The EIN belongs to another company; use Beacon Retail's own EIN.",
        )
    if identity is not None:
        services.brand_record_identity(
            actor=analyst, brand=brand, identity_status=identity, reason="Registry result (demo)"
        )
    brand.refresh_from_db()
    return brand


def seed(base: DemoAccounts) -> dict[str, Brand]:
    analyst = base.users["analyst"]
    brands: dict[str, Brand] = {}
    for key, sub_name, data, target, identity in BRANDS:
        sub_account = base.sub_accounts[sub_name]
        existing = Brand.objects.filter(sub_account=sub_account, legal_name=data["legal_name"]).first()
        if existing is not None:
            brands[key] = existing
            continue
        customer = base.users["customer-a" if sub_account.account.name.startswith("Acme") else "customer-b"]
        brand = services.brand_register(actor=customer, sub_account=sub_account, data=data)
        brands[key] = _drive(brand, target, identity, customer=customer, analyst=analyst)
    return brands
