"""V6 tokens: the rule is system-wide, but a customer's refusal never confirms, names or describes another
account's vet (DESIGN §9); staff see the details. The result-recording path enforces V6 too."""

import pytest

from audit.models import AuditEvent
from core.errors import DomainError
from tests.accounts.factories import SubAccountFactory
from tests.brands.factories import make_brand
from vetting import services
from vetting.models import Vet

pytestmark = pytest.mark.django_db

#: Words of customer A's data that must never reach customer B.
A_MARKERS = ("Acme", "Zephyr", "AEGIS", "Aegis", "WMC")


def _political_brand(customer, sub_account, analyst, name, tax_id):
    return make_brand(
        customer=customer,
        # one end brand per sub-account (S3): the political brand has a sub-account of its own
        sub_account=SubAccountFactory(account=sub_account.account, name=name),
        status="approved",
        analyst=analyst,
        entity_type="NON_PROFIT",
        tax_exempt_status="NONE",
        legal_name=name,
        display_name=name,
        tax_id=tax_id,
    )


@pytest.fixture
def a_tokens(customer_a, sub_account_a, analyst):
    """Customer A's vets: a standard AEGIS token of tax id 12-3456789 and a political token."""
    brand = make_brand(
        customer=customer_a,
        sub_account=sub_account_a,
        status="approved",
        analyst=analyst,
        legal_name="Zephyr Acme",
        display_name="Zephyr Acme",
    )
    vet = services.vet_request(actor=customer_a, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=88, token="TOK-A-STANDARD")
    civic = _political_brand(customer_a, sub_account_a, analyst, "Acme Civic Fund", "55-5555555")
    services.vet_import(actor=customer_a, brand=civic, vet_class="POLITICAL", vendor="CV", token="TOK-A-POLITICAL")
    return brand


def _refusal(**kwargs) -> DomainError:
    with pytest.raises(DomainError) as exc:
        services.vet_import(**kwargs)
    return exc.value


def test_V6_customer_refusal_is_one_message_whatever_the_clash_and_wherever_the_token_is(
    a_tokens, customer_b, sub_account_b, analyst
):
    other_tax_id = make_brand(
        customer=customer_b,
        sub_account=sub_account_b,
        status="approved",
        analyst=analyst,
        legal_name="Beacon Retail",
        tax_id="98-7654321",
    )
    same_tax_id = make_brand(
        customer=customer_b, sub_account=SubAccountFactory(account=customer_b.account), status="approved",
        analyst=analyst, legal_name="Zephyr Acme B",
    )  # fmt: skip
    civic_b = _political_brand(customer_b, sub_account_b, analyst, "Beacon Civic", "77-7777777")
    # customer B's own token, on a brand of another tax id: a clash inside B's own account.
    own = make_brand(
        customer=customer_b,
        sub_account=SubAccountFactory(account=customer_b.account, name="Beacon Own"),
        status="approved",
        analyst=analyst,
        legal_name="Beacon Own",
        tax_id="44-4444444",
    )
    services.vet_import(actor=customer_b, brand=own, vet_class="STANDARD", vendor="WMC", token="TOK-B-OWN")

    refusals = [
        # another account's token, another tax id
        _refusal(actor=customer_b, brand=other_tax_id, vet_class="STANDARD", vendor="AEGIS", token="TOK-A-STANDARD"),
        # another account's token, same tax id but another vendor (its class and vendor must not be told)
        _refusal(actor=customer_b, brand=same_tax_id, vet_class="STANDARD", vendor="WMC", token="TOK-A-STANDARD"),
        # another account's political token
        _refusal(actor=customer_b, brand=civic_b, vet_class="POLITICAL", vendor="CV", token="TOK-A-POLITICAL"),
        # a political token imported as a standard one
        _refusal(actor=customer_b, brand=other_tax_id, vet_class="STANDARD", vendor="WMC", token="TOK-A-POLITICAL"),
        # customer B's own token on another of B's brands: the same words, so nothing tells "mine" from "theirs"
        _refusal(actor=customer_b, brand=other_tax_id, vet_class="STANDARD", vendor="WMC", token="TOK-B-OWN"),
    ]
    assert {(e.code, e.field) for e in refusals} == {("V6", "token")}
    assert len({e.message for e in refusals}) == 1, [e.message for e in refusals]
    message = refusals[0].message
    assert not [m for m in A_MARKERS if m in message], message
    assert not any(str(pk) in message for pk in Vet.objects.values_list("pk", flat=True))
    assert Vet.objects.filter(token="TOK-A-STANDARD").count() == 1


def test_V6_staff_see_which_brand_holds_the_token(a_tokens, customer_b, sub_account_b, analyst):
    other = make_brand(
        customer=customer_b, sub_account=sub_account_b, status="approved", analyst=analyst, tax_id="98-7654321"
    )
    refusal = _refusal(actor=analyst, brand=other, vet_class="STANDARD", vendor="AEGIS", token="TOK-A-STANDARD")
    assert refusal.code == "V6" and "Zephyr Acme" in refusal.message and "another tax id" in refusal.message


def test_V6_a_cross_account_import_never_names_the_source_vet_to_the_customer(
    a_tokens, customer_b, sub_account_b, analyst
):
    twin = make_brand(
        customer=customer_b, sub_account=sub_account_b, status="approved", analyst=analyst, legal_name="Zephyr B"
    )
    vet = services.vet_import(
        actor=customer_b, brand=twin, vet_class="STANDARD", vendor="AEGIS", token="TOK-A-STANDARD"
    )
    assert (vet.status, vet.score) == ("ACTIVE", 88)
    source = Vet.objects.get(token="TOK-A-STANDARD", brand=a_tokens)
    seen = " ".join(e.reason for e in AuditEvent.objects.for_subject(vet).customer_visible())
    assert f"vet {source.pk}" not in seen and "Acme" not in seen


# --- V6 through the result-recording path (issue 12 item 21) --------------------------------------------------


def test_V6_political_token_used_elsewhere_is_refused_when_recording_a_result(
    a_tokens, customer_b, sub_account_b, analyst
):
    civic_b = _political_brand(customer_b, sub_account_b, analyst, "Beacon Civic", "77-7777777")
    vet = services.vet_request(actor=customer_b, brand=civic_b, vet_class="POLITICAL", vendor="CV")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", token="TOK-A-POLITICAL")
    # The service's own check (staff wording naming the holder), not only the database's unique index.
    assert exc.value.code == "V6" and "single-use" in exc.value.message and "Acme Civic Fund" in exc.value.message
    vet.refresh_from_db()
    assert (vet.status, vet.token) == ("PENDING", "")
    assert Vet.objects.filter(token="TOK-A-POLITICAL").count() == 1


def test_V6_a_political_token_cannot_be_recorded_on_a_standard_vet(a_tokens, customer_b, sub_account_b, analyst):
    brand = make_brand(
        customer=customer_b, sub_account=sub_account_b, status="approved", analyst=analyst, tax_id="98-7654321"
    )
    vet = services.vet_request(actor=customer_b, brand=brand, vet_class="STANDARD", vendor="WMC")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=70, token="TOK-A-POLITICAL")
    assert exc.value.code == "V6"
    assert Vet.objects.get(pk=vet.pk).status == "PENDING"


def test_V6_a_standard_token_of_another_tax_id_is_refused_when_recording_a_result(
    a_tokens, customer_b, sub_account_b, analyst
):
    brand = make_brand(
        customer=customer_b, sub_account=sub_account_b, status="approved", analyst=analyst, tax_id="98-7654321"
    )
    vet = services.vet_request(actor=customer_b, brand=brand, vet_class="STANDARD", vendor="AEGIS")
    with pytest.raises(DomainError) as exc:
        services.vet_record_result(actor=analyst, vet=vet, status="ACTIVE", score=70, token="TOK-A-STANDARD")
    assert exc.value.code == "V6" and "another tax id" in exc.value.message
    assert Vet.objects.get(pk=vet.pk).token == ""
