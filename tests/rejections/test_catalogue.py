"""RC1: the catalogue holds the seed table's 103 codes, with families, remediability and order."""

import pytest

from rejections.choices import Family
from rejections.codes import normalize_code, sort_key_for
from rejections.models import RejectionCode

from .seed import seed_rows

pytestmark = pytest.mark.django_db

NOT_REMEDIABLE = {"701", "703", "704", "705", "708", "709", "801", "802", *(str(n) for n in range(7001, 7013))}


def test_RC1_exactly_103_codes_are_loaded():
    assert RejectionCode.objects.count() == 103


def test_RC1_every_seed_row_is_loaded_verbatim():
    seed = seed_rows()
    assert len(seed) == 103
    loaded = {row.code: row for row in RejectionCode.objects.all()}
    assert set(loaded) == set(seed)
    for code, expected in seed.items():
        assert loaded[code].reason == expected["reason"], code
        assert loaded[code].remediation == expected["remediation"], code


def test_RC1_reasons_lose_their_surrounding_quotes_only():
    assert RejectionCode.objects.get(code="701").reason == "Prohibited Content; Cannabis"
    assert RejectionCode.objects.get(code="501").reason.startswith("Campaign Attributes")  # straight quotes
    # Inner quotes stay.
    assert RejectionCode.objects.get(code="3006A").reason == (
        "Call-to-action does not contain “message and data rates may apply” disclosure."
    )


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("501", Family.REGISTRATION_CONSISTENCY),
        ("611", Family.REGISTRATION_CONSISTENCY),
        ("713", Family.PROHIBITED_CONTENT),
        ("801", Family.SOLE_PROPRIETOR_CTA_WEBSITE),
        ("861", Family.SOLE_PROPRIETOR_CTA_WEBSITE),
        ("1004", Family.ATTRIBUTES),
        ("2006", Family.DESCRIPTION),
        ("3000", Family.CALL_TO_ACTION),
        ("3015B", Family.CALL_TO_ACTION),
        ("6014", Family.MESSAGE_CONTENT),
        ("7012", Family.PROHIBITED_PROGRAMS),
        ("8004", Family.USE_CASE_MISMATCH),
        ("9002", Family.SPECIAL_USE_CASES),
    ],
)
def test_RC1_family_follows_the_code_range(code, family):
    assert RejectionCode.objects.get(code=code).family == family


def test_RC1_every_family_is_used():
    assert set(RejectionCode.objects.values_list("family", flat=True)) == set(Family.values)


def test_RC1_not_remediable_exactly_where_no_remediation_is_available():
    assert "No remediation is available" in RejectionCode.objects.get(code="7007").remediation
    from_text = {code for code, row in seed_rows().items() if "No remediation is available" in row["remediation"]}
    assert from_text == NOT_REMEDIABLE
    assert set(RejectionCode.objects.filter(remediable=False).values_list("code", flat=True)) == NOT_REMEDIABLE
    for code in ("702", "706", "3003A", "808", "9002"):
        assert RejectionCode.objects.get(code=code).remediable, code


def test_RC1_catalogue_order_is_numeric_with_a_before_b():
    codes = list(RejectionCode.objects.values_list("code", flat=True))
    assert codes == sorted(codes, key=lambda c: (int(c.rstrip("AB")), c[-1] if c[-1] in "AB" else ""))
    assert codes[0] == "501" and codes[-1] == "9002"
    assert codes.index("3000") < codes.index("3001A") < codes.index("3001B") < codes.index("3002A")
    call_to_action = [c for c in codes if RejectionCode.objects.get(code=c).family == Family.CALL_TO_ACTION]
    assert call_to_action[0] == "3000" and call_to_action[-1] == "3015B"
    assert codes.index("810") < codes.index("851") < codes.index("861") < codes.index("1001")


def test_RC1_sort_key_and_normalisation():
    assert sort_key_for("3000") == 30000
    assert sort_key_for("3001A") == 30011
    assert sort_key_for("3015b") == 30152
    assert normalize_code("  3003a ") == "3003A"
    with pytest.raises(ValueError):
        sort_key_for("30C")


def test_RC1_str_shows_code_and_truncated_reason():
    text = str(RejectionCode.objects.get(code="3003A"))
    assert text.startswith("3003A — Call-to-action does not contain HELP")
    assert text.endswith(" …") and len(text) < 80


def test_RC1_roles_carry_catalogue_permissions(analyst, manager):
    assert manager.has_perms(["rejections.view_rejectioncode", "rejections.change_rejectioncode"])
    assert analyst.has_perm("rejections.view_rejectioncode")
    assert not analyst.has_perm("rejections.change_rejectioncode")
    assert not manager.has_perm("rejections.add_rejectioncode")
    assert not manager.has_perm("rejections.delete_rejectioncode")
