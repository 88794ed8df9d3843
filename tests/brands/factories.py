from brands import services
from brands.choices import ManualCheck

ALL_TICKED = dict.fromkeys(ManualCheck.values, True)


def brand_data(**overrides) -> dict:
    data = {
        "legal_name": "Acme Dental Group LLC",
        "display_name": "Acme Dental",
        "entity_type": "PRIVATE_PROFIT",
        "tax_id": "12-3456789",
        "tax_id_country": "US",
        "vertical": "HEALTHCARE",
        "website": "https://acmedental.example.com",
        "email": "ops@acmedental.example.com",
        "phone": "+12025550123",
    }
    data.update(overrides)
    return data


def make_brand(*, customer, sub_account, status="draft", analyst=None, **overrides):
    """A brand driven through the real services to ``status`` (draft, submitted, approved, changes_requested)."""
    brand = services.brand_register(actor=customer, sub_account=sub_account, data=brand_data(**overrides))
    if status != "draft":
        brand = services.brand_submit(actor=customer, brand=brand)
    if status == "approved":
        services.brand_review(actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED)
    elif status == "changes_requested":
        services.brand_review(
            actor=analyst, brand=brand, decision="request_changes", reason="Fix the EIN", codes=["511"]
        )
    brand.refresh_from_db()
    return brand
