"""Appeal rules A1–A9 through the services, with the boundaries."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from appeals import policies, services
from appeals.forms import AppealForm
from appeals.models import Appeal, Evidence
from appeals.uploads import MIB, UploadRefused
from audit.models import AuditEvent
from brands import services as brand_services
from brands.models import Brand
from core.errors import DomainError, StateConflict
from tests.appeals.factories import draft_appeal, failed_vet, registry_answered, upload
from tests.appeals.samples import padded
from tests.brands.factories import make_brand
from vetting.models import Vet

pytestmark = pytest.mark.django_db


@pytest.fixture
def brand(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return registry_answered(brand, analyst=analyst)


def _age(obj, days: int) -> None:
    """Backdate creation so that today (UTC) is day ``days`` after it."""
    created = timezone.now() - timedelta(days=days)
    type(obj).objects.filter(pk=obj.pk).update(created_at=created)
    obj.refresh_from_db()


def _reasons(**kwargs) -> list[str]:
    return [r.code for r in services.appeal_eligibility(**kwargs).reasons]


# --- A2 / A3 / A4 eligibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "identity", "allowed"),
    [
        ("PRIVATE_PROFIT", "UNVERIFIED", True),
        ("PUBLIC_PROFIT", "UNVERIFIED", True),
        ("NON_PROFIT", "UNVERIFIED", True),
        ("GOVERNMENT", "UNVERIFIED", True),
        ("PRIVATE_PROFIT", "VERIFIED", False),
        ("PUBLIC_PROFIT", "VERIFIED", False),
        ("NON_PROFIT", "VERIFIED", True),
        ("GOVERNMENT", "VERIFIED", True),
        ("NON_PROFIT", "VETTED_VERIFIED", False),
        ("PRIVATE_PROFIT", "VETTED_VERIFIED", False),
    ],
)
def test_a2_identity_appeal_by_status_and_entity_type(brand, entity, identity, allowed):
    Brand.objects.filter(pk=brand.pk).update(entity_type=entity, identity_status=identity)
    brand.refresh_from_db()
    result = services.appeal_eligibility(brand=brand)
    assert result.eligible is allowed
    if not allowed:
        assert [r.code for r in result.reasons] == ["A2"]


def test_a2_no_identity_appeal_before_the_registry_returned_a_result(customer_a, sub_account_a, analyst):
    # given a brand just submitted: UNVERIFIED only because it starts so, no registry result recorded yet
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    result = services.appeal_eligibility(brand=brand)
    assert [r.code for r in result.reasons] == ["A2"]
    assert "has not returned an identity result" in result.reasons[0].message
    with pytest.raises(DomainError) as refused:
        services.appeal_open(actor=customer_a, brand=brand, categories=["VERIFY_TAX_ID"])
    assert refused.value.code == "A2" and not Appeal.objects.exists()
    # when the registry's UNVERIFIED result is recorded, the appeal opens up
    registry_answered(brand, analyst=analyst)
    assert services.appeal_eligibility(brand=brand).eligible
    assert services.identity_result_recorded(brand)


def test_a2_policy_answers_who_and_why_in_plain_words(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    before = policies.identity_appeal_eligibility(user=customer_a, brand=brand)
    assert not before.allowed and before.code == "A2" and "A2" not in before.reason
    staff = policies.identity_appeal_eligibility(user=analyst, brand=brand)
    assert not staff.allowed and staff.code == "forbidden"
    registry_answered(brand, analyst=analyst)
    assert policies.identity_appeal_eligibility(user=customer_a, brand=brand).allowed


def test_a3_core_field_change_blocks_identity_appeal(brand, customer_a):
    brand_services.brand_update(actor=customer_a, brand=brand, data={"legal_name": "Acme Renamed LLC"})
    brand.refresh_from_db()
    result = services.appeal_eligibility(brand=brand)
    assert [r.code for r in result.reasons] == ["A3"]
    assert "resubmit the brand" in result.reasons[0].message


def test_a4_day_45_allowed_day_46_refused(brand):
    _age(brand, 45)
    assert services.appeal_eligibility(brand=brand).eligible
    _age(brand, 46)
    result = services.appeal_eligibility(brand=brand)
    assert [r.code for r in result.reasons] == ["A4"]
    assert "1 day ago" in result.reasons[0].message


def test_a4_counts_utc_calendar_days(brand):
    Brand.objects.filter(pk=brand.pk).update(created_at=datetime(2026, 1, 1, 23, 59, tzinfo=UTC))
    brand.refresh_from_db()
    assert services.appeal_eligibility(brand=brand, today=datetime(2026, 2, 15).date()).eligible  # day 45
    assert not services.appeal_eligibility(brand=brand, today=datetime(2026, 2, 16).date()).eligible  # day 46
    assert services.appeal_eligibility(brand=brand).deadline is not None


def test_a2_every_reason_is_reported_at_once(brand, customer_a):
    Brand.objects.filter(pk=brand.pk).update(identity_status="VERIFIED", core_fields_changed=True)
    _age(brand, 60)
    assert _reasons(brand=brand) == ["A2", "A3", "A4"]


# --- A5 categories ----------------------------------------------------------------------------------------------


def test_a5_categories_per_entity_type(brand, customer_a, analyst):
    assert services.appeal_eligibility(brand=brand).categories == ["VERIFY_TAX_ID"]
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    assert services.appeal_eligibility(vet=vet).categories == ["VERIFY_TAX_ID", "LOW_SCORE"]
    Brand.objects.filter(pk=brand.pk).update(entity_type="GOVERNMENT")
    brand.refresh_from_db()
    assert services.appeal_eligibility(brand=brand).categories == ["VERIFY_TAX_ID", "VERIFY_GOVERNMENT"]


@pytest.mark.parametrize(
    ("entity_type", "identity"),
    [
        ("PRIVATE_PROFIT", ["VERIFY_TAX_ID"]),
        ("PUBLIC_PROFIT", ["VERIFY_TAX_ID"]),
        ("NON_PROFIT", ["VERIFY_TAX_ID", "VERIFY_NON_PROFIT"]),
        ("GOVERNMENT", ["VERIFY_TAX_ID", "VERIFY_GOVERNMENT"]),
        ("SOLE_PROPRIETOR", []),
    ],
)
def test_a5_one_function_answers_the_categories_of_each_appeal_type(entity_type, identity):
    assert services.appeal_categories("identity_status", entity_type) == identity
    assert services.appeal_categories("standard_vet", entity_type) == [*identity, "LOW_SCORE"]


def test_a5_a_drafts_edit_form_offers_what_the_service_accepts(brand, customer_a, analyst):
    # given a draft standard-vet appeal: its edit form and appeal_update ask the same function
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    appeal = services.appeal_open(actor=customer_a, vet=vet, categories=["LOW_SCORE"])
    offered = [value for value, _ in AppealForm(categories=services.categories_of(appeal)).fields["categories"].choices]
    assert offered == ["VERIFY_TAX_ID", "LOW_SCORE"]
    services.appeal_update(actor=customer_a, appeal=appeal, categories=offered)
    assert Appeal.objects.get(pk=appeal.pk).categories == offered


def test_a5_invalid_or_missing_category_refused(brand, customer_a):
    with pytest.raises(DomainError) as exc:
        services.appeal_open(actor=customer_a, brand=brand, categories=["VERIFY_NON_PROFIT"])
    assert exc.value.code == "A5" and "allowed: Verify Tax ID" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.appeal_open(actor=customer_a, brand=brand, categories=["LOW_SCORE"])
    assert exc.value.code == "A5"
    with pytest.raises(DomainError) as exc:
        services.appeal_open(actor=customer_a, brand=brand, categories=[])
    assert exc.value.errors == {"categories": ["Choose at least one appeal category."]}
    assert not Appeal.objects.exists()


# --- A6 vet appeals ---------------------------------------------------------------------------------------------


def test_a6_only_final_latest_standard_vets(brand, customer_a, analyst):
    old = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    assert services.appeal_eligibility(vet=old).eligible
    Vet.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    (pending,) = Vet.objects.bulk_create(
        [Vet(brand=brand, account=brand.account, vet_class="STANDARD", vendor="AEGIS")]
    )
    pending.refresh_from_db()
    assert _reasons(vet=pending) == ["A6"]
    old.refresh_from_db()
    result = services.appeal_eligibility(vet=old)
    assert [r.code for r in result.reasons] == ["A6"] and "newer Aegis Mobile vet" in result.reasons[0].message
    Vet.objects.filter(pk=pending.pk).update(vet_class="ENHANCED", status="FAIL")
    pending.refresh_from_db()
    assert "A1" in _reasons(vet=pending)


def test_a6_reappeal_only_after_previous_completed(brand, customer_a, analyst):
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    appeal = draft_appeal(customer=customer_a, vet=vet, categories=["LOW_SCORE"])
    with pytest.raises(DomainError) as exc:
        services.appeal_open(actor=customer_a, vet=vet, categories=["LOW_SCORE"])
    assert exc.value.code == "A6"
    services.appeal_submit(actor=customer_a, appeal=appeal)
    services.appeal_decide(actor=analyst, appeal=appeal, decision="reject", reason="Score stands.")
    vet.refresh_from_db()
    assert services.appeal_eligibility(vet=vet).eligible


def test_a4_vet_window(brand, customer_a, analyst):
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    _age(vet, 45)
    assert services.appeal_eligibility(vet=vet).eligible
    _age(vet, 46)
    assert _reasons(vet=vet) == ["A4"]


# --- A7 freeze ---------------------------------------------------------------------------------------------------


def test_a7_submit_freezes_appeal_and_brand_until_decided(brand, customer_a, analyst):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    appeal = services.appeal_submit(actor=customer_a, appeal=appeal)
    assert appeal.status == "submitted" and appeal.submitted_at
    brand.refresh_from_db()
    assert brand.is_frozen
    with pytest.raises(StateConflict) as exc:
        brand_services.brand_update(actor=customer_a, brand=brand, data={"display_name": "New"})
    assert exc.value.code == "B5"
    for call in (
        lambda: services.appeal_update(actor=customer_a, appeal=appeal, explanation="more"),
        lambda: services.evidence_add(actor=customer_a, appeal=appeal, upload=upload()),
        lambda: services.evidence_remove(actor=customer_a, evidence=appeal.evidence.first()),
        lambda: services.appeal_submit(actor=customer_a, appeal=appeal),
    ):
        with pytest.raises(StateConflict) as exc:
            call()
        assert exc.value.code == "A7"
    services.appeal_decide(actor=analyst, appeal=appeal, decision="approve", reason="EIN letter matches IRS record")
    brand.refresh_from_db()
    assert not brand.is_frozen
    assert brand.identity_status == "VERIFIED"


def test_a7_submit_needs_explanation_and_evidence(brand, customer_a):
    appeal = services.appeal_open(actor=customer_a, brand=brand, categories=["VERIFY_TAX_ID"])
    with pytest.raises(DomainError) as exc:
        services.appeal_submit(actor=customer_a, appeal=appeal)
    assert set(exc.value.errors) == {"explanation", "evidence"}


def test_a4_window_is_judged_again_at_submission(brand, customer_a):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    _age(brand, 46)
    with pytest.raises(DomainError) as exc:
        services.appeal_submit(actor=customer_a, appeal=appeal)
    assert exc.value.code == "A4"
    assert not Brand.objects.get(pk=brand.pk).is_frozen


def test_a7_second_appeal_on_frozen_brand_refused(brand, customer_a, analyst):
    identity = draft_appeal(customer=customer_a, brand=brand)
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=identity)
    brand.refresh_from_db()
    vet.refresh_from_db()
    assert "A7" in _reasons(vet=vet)


# --- A9 decisions --------------------------------------------------------------------------------------------


def test_a9_vet_appeal_approval_rescores(brand, customer_a, analyst):
    vet = failed_vet(customer=customer_a, analyst=analyst, brand=brand)
    appeal = draft_appeal(customer=customer_a, vet=vet, categories=["LOW_SCORE"])
    services.appeal_submit(actor=customer_a, appeal=appeal)
    vet.refresh_from_db()
    assert vet.appealed_at is not None
    with pytest.raises(DomainError):
        services.appeal_decide(actor=analyst, appeal=appeal, decision="approve", reason="ok")  # no score
    appeal = services.appeal_decide(actor=analyst, appeal=appeal, decision="approve", reason="Re-scored", score="77")
    vet.refresh_from_db()
    assert (vet.status, vet.score, appeal.granted_score, appeal.status) == ("ACTIVE", 77, 77, "approved")
    assert not Brand.objects.get(pk=brand.pk).is_frozen


def test_a9_reject_needs_reason_and_keeps_status(brand, customer_a, analyst):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=appeal)
    with pytest.raises(DomainError) as exc:
        services.appeal_decide(actor=analyst, appeal=appeal, decision="reject", reason=" ")
    assert "reason" in exc.value.errors
    appeal = services.appeal_decide(actor=analyst, appeal=appeal, decision="reject", reason="EIN mismatch")
    brand.refresh_from_db()
    assert (appeal.status, brand.identity_status, brand.is_frozen) == ("rejected", "UNVERIFIED", False)
    with pytest.raises(StateConflict):
        services.appeal_decide(actor=analyst, appeal=appeal, decision="approve", reason="again")


def test_a9_stale_decision_refused(brand, customer_a, analyst):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    appeal = services.appeal_submit(actor=customer_a, appeal=appeal)
    with pytest.raises(StateConflict) as exc:
        services.appeal_decide(
            actor=analyst, appeal=appeal, decision="reject", reason="x", expected_version=appeal.version - 1
        )
    assert exc.value.code == "stale"


def test_customers_cannot_decide_and_staff_cannot_file(brand, customer_a, analyst):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=appeal)
    with pytest.raises(DomainError) as exc:
        services.appeal_decide(actor=customer_a, appeal=appeal, decision="approve", reason="me")
    assert exc.value.code == "forbidden"
    with pytest.raises(DomainError):
        services.appeal_open(actor=analyst, brand=brand, categories=["VERIFY_TAX_ID"])


def test_audit_trail_records_every_step(brand, customer_a, analyst):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    services.appeal_submit(actor=customer_a, appeal=appeal)
    services.appeal_start_review(actor=analyst, appeal=appeal)
    services.appeal_decide(actor=analyst, appeal=appeal, decision="approve", reason="Matches")
    actions = list(AuditEvent.objects.for_subject(appeal).order_by("id").values_list("action", flat=True))
    assert actions[:2] == ["opened", "evidence_added"]
    assert actions[-4:] == ["submit", "claimed", "start_review", "approve"]  # Q3: starting the review claims it
    brand_actions = set(AuditEvent.objects.for_subject(brand).values_list("action", flat=True))
    assert {"frozen", "unfrozen"} <= brand_actions


# --- A8 budget (per appeal) -----------------------------------------------------------------------------------


def test_a8_ten_files_allowed_eleventh_refused(brand, customer_a):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=10)
    with pytest.raises(UploadRefused) as exc:
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("eleven.pdf"))
    assert "already has 10 files" in exc.value.message and (exc.value.reason, exc.value.limit) == ("count", 10)
    assert appeal.evidence.count() == 10


def test_a8_total_30_mb_exactly_allowed_one_byte_more_refused(brand, customer_a, tmp_path):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    for i in range(3):
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload(f"p{i}.txt", padded(".txt", 10 * MIB)))
    assert services.evidence_budget(appeal).bytes == 30 * MIB
    services.evidence_remove(actor=customer_a, evidence=appeal.evidence.last())
    services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("almost.txt", padded(".txt", 10 * MIB - 1)))
    with pytest.raises(UploadRefused) as exc:
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("two.txt", b"ok"))
    assert "1 byte over the 30 MB total" in exc.value.message
    assert appeal.evidence.count() == 3


def test_a8_refused_file_leaves_nothing_behind(brand, customer_a, settings):
    from pathlib import Path

    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"]) / "appeal-evidence" / str(appeal.pk)
    # SQLite reuses the ids of rolled-back rows, so an earlier test's files may sit under the same id: compare.
    before = set(root.iterdir()) if root.exists() else set()
    with pytest.raises(UploadRefused):
        services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("fake.pdf", b"MZ" + b"\0" * 200))
    assert not Evidence.objects.exists()
    assert (set(root.iterdir()) if root.exists() else set()) == before


def test_a8_removal_deletes_the_stored_file(brand, customer_a, django_capture_on_commit_callbacks):
    appeal = draft_appeal(customer=customer_a, brand=brand)
    evidence = appeal.evidence.get()
    storage, name = evidence.file.storage, evidence.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(actor=customer_a, evidence=evidence)
    assert not storage.exists(name)


def test_a8_stored_under_server_name_with_hash(brand, customer_a):
    appeal = draft_appeal(customer=customer_a, brand=brand, files=0)
    evidence = services.evidence_add(actor=customer_a, appeal=appeal, upload=upload("Ünïcode letter.PDF"))
    assert evidence.name == "Ünïcode letter.PDF"
    assert "letter" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert len(evidence.sha256) == 64 and evidence.content_type == "application/pdf"
