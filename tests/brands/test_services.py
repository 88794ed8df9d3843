"""Brand rules by id, through the services."""

import pytest

from audit.models import AuditEvent
from brands import services
from brands.models import Brand, BrandReview
from core.errors import DomainError, StateConflict
from tests.brands.factories import ALL_TICKED, brand_data, make_brand

pytestmark = pytest.mark.django_db


def codes_of(brand):
    return {f["code"] for f in brand.findings}


def test_B1_sole_proprietor_refused_with_802_and_seed_text(customer_a, sub_account_a):
    with pytest.raises(DomainError) as exc:
        services.brand_register(
            actor=customer_a, sub_account=sub_account_a, data=brand_data(entity_type="SOLE_PROPRIETOR", tax_id="")
        )
    assert exc.value.code == "802"
    assert "Sole Proprietor. Not yet authorized." in exc.value.message
    assert "Sole Proprietors are not supported" in exc.value.message
    assert not Brand.objects.exists()


def test_B1_sole_proprietor_with_ein_refused_with_801(customer_a, sub_account_a):
    with pytest.raises(DomainError) as exc:
        services.brand_register(
            actor=customer_a, sub_account=sub_account_a, data=brand_data(entity_type="SOLE_PROPRIETOR")
        )
    assert exc.value.code == "801"
    assert "Does not meet small business Sole Prop" in exc.value.message


def test_B1_every_supported_entity_type_registers(customer_a, sub_account_a):
    for entity in ("PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT"):
        brand = services.brand_register(
            actor=customer_a,
            sub_account=sub_account_a,
            data=brand_data(entity_type=entity, legal_name=f"Acme {entity}"),
        )
        assert brand.entity_type == entity and brand.identity_status == "UNVERIFIED" and brand.status == "draft"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("tax_id", "12-345", "has 5 digit(s)"),
        ("tax_id", "12345678X", "other characters"),
        ("tax_id_country", "XX", "Unknown country code “XX”"),
        ("email", "not-an-email", "not a valid email"),
        ("website", "ht!tp://bad", "not a valid http(s) URL"),
        ("phone", "+1 555", "not a valid phone number"),
        ("entity_type", "LLC", "Unknown entity type"),
        ("tax_exempt_status", "501C3", "Only a non-profit"),
        ("legal_name", "x" * 300, "45 too many"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(customer_a, sub_account_a, field, value, fragment):
    with pytest.raises(DomainError) as exc:
        services.brand_register(actor=customer_a, sub_account=sub_account_a, data=brand_data(**{field: value}))
    assert any(fragment in m for m in exc.value.errors[field]), exc.value.errors
    assert not Brand.objects.exists()
    assert not AuditEvent.objects.exists()


def test_ein_is_normalised_and_phone_is_e164(customer_a, sub_account_a):
    brand = services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(tax_id="12-3456789", phone="(202) 555-0123")
    )
    assert brand.tax_id == "123456789" and brand.phone == "+12025550123"


def test_B4_findings_personal_email_social_website_public_company(customer_a, sub_account_a):
    brand = services.brand_register(
        actor=customer_a,
        sub_account=sub_account_a,
        data=brand_data(entity_type="PUBLIC_PROFIT", email="acme@gmail.com", website="https://facebook.com/acme"),
    )
    assert {"713", "1004", None} <= codes_of(brand)
    checks = {f["check"] for f in brand.findings}
    assert {"personal_email", "social_website", "public_stock", "public_2fa"} <= checks
    f713 = next(f for f in brand.findings if f["code"] == "713")
    assert f713["field"] == "email" and "official company email" in f713["remediation"]


def test_B4_missing_website_is_804_and_clean_brand_has_no_findings(customer_a, sub_account_a):
    clean = services.brand_register(actor=customer_a, sub_account=sub_account_a, data=brand_data())
    assert clean.findings == []
    bare = services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(website="", legal_name="Acme Dental Group LLC")
    )
    assert codes_of(bare) == {"804"}


def test_B4_same_ein_with_another_legal_name_is_511(customer_a, sub_account_a):
    make_brand(customer=customer_a, sub_account=sub_account_a)
    same_name = services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(legal_name="ACME DENTAL GROUP, L.L.C.")
    )
    assert "511" not in codes_of(same_name)
    other = services.brand_register(
        actor=customer_a, sub_account=sub_account_a, data=brand_data(legal_name="Reseller Co")
    )
    assert "511" in codes_of(other)


def test_B3_core_field_change_is_remembered_and_audited(customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    services.brand_update(actor=customer_a, brand=brand, data={"display_name": "Acme Smiles"})
    brand.refresh_from_db()
    assert not brand.core_fields_changed
    services.brand_update(actor=customer_a, brand=brand, data={"tax_id": "98-7654321"})
    brand.refresh_from_db()
    assert brand.core_fields_changed and brand.tax_id == "987654321"
    event = AuditEvent.objects.for_subject(brand).filter(action="updated").first()
    assert event.data["core_fields_changed"] == ["tax_id"]


def test_B5_frozen_brand_refuses_updates_and_submission(customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    services.brand_freeze(actor=customer_a, brand=brand, reason="Identity appeal 1 submitted")
    with pytest.raises(StateConflict) as exc:
        services.brand_update(actor=customer_a, brand=brand, data={"display_name": "x"})
    assert exc.value.code == "B5"
    with pytest.raises(StateConflict):
        services.brand_submit(actor=customer_a, brand=brand)
    services.brand_unfreeze(actor=customer_a, brand=brand, reason="Appeal decided")
    services.brand_update(actor=customer_a, brand=brand, data={"display_name": "x"})


def test_B6_compliance_is_per_brand_a_review_never_touches_another_instance(customer_a, sub_account_a, analyst):
    one = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    two = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    assert one.status == "approved" and two.status == "submitted"


def test_B7_full_review_cycle(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="changes_requested", analyst=analyst)
    review = brand.reviews.get()
    assert review.codes[0]["code"] == "511" and "EIN" in review.codes[0]["remediation"]
    services.brand_submit(actor=customer_a, brand=brand)
    services.brand_start_review(actor=analyst, brand=brand)
    services.brand_review(actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED)
    brand.refresh_from_db()
    assert brand.status == "approved"
    services.brand_suspend(actor=analyst, brand=brand, reason="Spam complaints")
    services.brand_reinstate(actor=analyst, brand=brand, reason="Remediated")
    brand.refresh_from_db()
    actions = list(AuditEvent.objects.for_subject(brand).order_by("at", "id").values_list("action", flat=True))
    # Q3: the analyst's first decision claimed the queue item for them
    assert actions[:4] == ["registered", "submit", "claimed", "request_changes"]
    assert actions[-2:] == ["suspend", "reinstate"]


def test_B7_approve_requires_every_checklist_tick_and_stores_them(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    partial = {**ALL_TICKED, "legitimate": False}
    with pytest.raises(DomainError) as exc:
        services.brand_review(actor=analyst, brand=brand, decision="approve", checklist=partial)
    assert exc.value.code == "B4" and "1 checklist item" in exc.value.message
    review = services.brand_review(actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED)
    assert BrandReview.objects.get(pk=review.pk).checklist == ALL_TICKED


def test_B7_request_changes_needs_reason_and_known_codes(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    with pytest.raises(DomainError) as exc:
        services.brand_review(actor=analyst, brand=brand, decision="request_changes", reason="")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        services.brand_review(actor=analyst, brand=brand, decision="request_changes", reason="x", codes=["9999"])
    assert exc.value.code == "unknown_code"
    brand.refresh_from_db()
    assert brand.status == "submitted" and not brand.reviews.exists()


def test_B7_wrong_state_and_stale_version_are_conflicts(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(StateConflict):
        services.brand_review(actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED)
    services.brand_submit(actor=customer_a, brand=brand)
    stale = brand.version
    services.brand_start_review(actor=analyst, brand=brand)
    with pytest.raises(StateConflict) as exc:
        services.brand_review(
            actor=analyst, brand=brand, decision="approve", checklist=ALL_TICKED, expected_version=stale
        )
    assert exc.value.code == "stale"


def test_B2_identity_result_needs_reason_and_is_audited(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(DomainError) as exc:
        services.brand_record_identity(actor=analyst, brand=brand, identity_status="VERIFIED", reason="")
    assert "reason" in exc.value.errors
    with pytest.raises(DomainError):
        services.brand_record_identity(actor=analyst, brand=brand, identity_status="VETTED_VERIFIED", reason="x")
    services.brand_record_identity(
        actor=analyst, brand=brand, identity_status="UNVERIFIED", reason="Tax id mismatch", feedback=["TAX_ID"]
    )
    event = AuditEvent.objects.for_subject(brand).get(action="mark_unverified")
    assert (event.from_state, event.to_state, event.codes, event.reason) == (
        "UNVERIFIED",
        "UNVERIFIED",
        ["TAX_ID"],
        "Tax id mismatch",
    )
    with pytest.raises(DomainError):
        services.brand_record_identity(actor=customer_a, brand=brand, identity_status="VERIFIED", reason="x")


def test_B2_state_fields_are_protected(customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    with pytest.raises(AttributeError):
        brand.status = "approved"
    with pytest.raises(AttributeError):
        brand.identity_status = "VERIFIED"


def test_customer_cannot_register_in_another_accounts_sub_account(customer_a, sub_account_b):
    with pytest.raises(DomainError) as exc:
        services.brand_register(actor=customer_a, sub_account=sub_account_b, data=brand_data())
    assert exc.value.code == "not_found"
