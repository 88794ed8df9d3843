"""RC1: decisions snapshot the catalogue texts as they are when decided."""

import pytest

from core.errors import DomainError
from rejections.models import RejectionCode
from rejections.services import rejection_codes_non_remediable, rejection_snapshot

pytestmark = pytest.mark.django_db


def test_RC1_snapshot_keeps_order_and_fields():
    snapshot = rejection_snapshot(codes=["6013", "501", "3003A"])
    assert [item["code"] for item in snapshot] == ["6013", "501", "3003A"]
    row = RejectionCode.objects.get(code="6013")
    assert snapshot[0] == {
        "code": "6013",
        "reason": row.reason,
        "remediation": row.remediation,
        "family": "message_content",
        "remediable": True,
    }


def test_RC1_snapshot_matches_case_insensitively_and_drops_duplicates():
    snapshot = rejection_snapshot(codes=[" 3003a", "701", "3003A ", "701"])
    assert [item["code"] for item in snapshot] == ["3003A", "701"]
    assert snapshot[1]["remediable"] is False


def test_RC1_snapshot_of_nothing_is_empty():
    assert rejection_snapshot(codes=[]) == []


def test_RC1_unknown_codes_are_refused_and_named():
    with pytest.raises(DomainError) as caught:
        rejection_snapshot(codes=["501", "9999", "3009A", "9999"])
    error = caught.value
    assert error.code == "unknown_code"
    assert error.field == "codes"
    assert "9999" in error.message and "3009A" in error.message and "501" not in error.message
    assert error.errors == {"codes": [error.message]}


def test_RC1_snapshot_is_not_rewritten_by_a_later_catalogue_edit():
    given = rejection_snapshot(codes=["3003A"])
    original = given[0]["reason"]
    RejectionCode.objects.filter(code="3003A").update(reason="Edited reason", remediable=False)
    assert given[0]["reason"] == original and given[0]["remediable"] is True
    assert rejection_snapshot(codes=["3003A"])[0]["reason"] == "Edited reason"


def test_RC1_non_remediable_codes():
    assert rejection_codes_non_remediable(codes=["3003A", "7007", "702", "801", "7007"]) == ["7007", "801"]
    assert rejection_codes_non_remediable(codes=["501"]) == []
    with pytest.raises(DomainError) as caught:
        rejection_codes_non_remediable(codes=["nope"])
    assert caught.value.code == "unknown_code" and "NOPE" in caught.value.message


def test_RC1_a_single_string_is_a_programming_error():
    with pytest.raises(TypeError):
        rejection_snapshot(codes="3003A")


def test_RC1_review_picker_shows_a_managers_edit_at_once(client_for, analyst, customer_a, sub_account_a):
    """The picker's rendered list is cached under the catalogue's version: an edit must never wait on the cache."""
    from rejections.models import RejectionCode
    from tests.brands.factories import make_brand

    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="submitted")
    client = client_for(analyst)
    assert "Edited reason for 511" not in client.get(f"/brands/{brand.pk}/").content.decode()
    code = RejectionCode.objects.get(code="511")
    code.reason = "Edited reason for 511"
    code.save()
    assert "Edited reason for 511" in client.get(f"/brands/{brand.pk}/").content.decode()
