"""GET /api/v1/traffic/health/ and /api/v1/violations/ (API.md, second wave)."""

import pytest

from health import services
from health.choices import Severity, Step
from health.models import Violation
from tests.health.factories import bad_day, day_ago, figures, watch_day

pytestmark = pytest.mark.django_db

HEALTH = "/api/v1/traffic/health/"
VIOLATIONS = "/api/v1/violations/"


def test_M2_3_health_days_shape(api_for, customer_a, sub_account_a):
    figures(sub_account_a, day_ago(2), sent=10_000, delivered=10_000, errors=601, opt_outs=30)
    watch_day(sub_account_a, 1)
    response = api_for(customer_a).get(HEALTH, {"sub_account": sub_account_a.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and len(body["results"]) == 2
    first = body["results"][0]
    assert first == {
        "date": day_ago(2).isoformat(),
        "sent": 10_000,
        "delivered": 10_000,
        "errors": 601,
        "opt_outs": 30,
        "error_rate": "6.0100",
        "opt_out_rate": "0.3000",
        "verdict": "bad",
    }
    assert body["results"][1]["verdict"] == "watch"


def test_M2_3_health_days_range(api_for, customer_a, sub_account_a):
    for n in (1, 5, 10):
        figures(sub_account_a, day_ago(n), sent=50)
    response = api_for(customer_a).get(
        HEALTH, {"sub_account": sub_account_a.pk, "start": day_ago(6).isoformat(), "end": day_ago(1).isoformat()}
    )
    assert [row["date"] for row in response.json()["results"]] == [day_ago(5).isoformat(), day_ago(1).isoformat()]
    assert response.json()["results"][0]["verdict"] == "low_volume"


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({}, "sub_account", "required"),
        ({"sub_account": "abc"}, "sub_account", "valid integer"),
        ({"sub_account": "1", "start": "2026-13-01"}, "start", "Date has wrong format"),
        ({"sub_account": "1", "start": "2026-02-01", "end": "2026-01-01"}, "start", "is after end"),
        ({"sub_account": "1", "start": "2024-01-01", "end": "2026-01-01"}, "start", "at most 366"),
    ],
)
def test_health_days_bad_input_is_a_400_naming_the_field(api_for, analyst, sub_account_a, params, field, words):
    if params.get("sub_account") == "1":
        params = {**params, "sub_account": str(sub_account_a.pk)}
    response = api_for(analyst).get(HEALTH, params)
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])


def test_tenancy_health_days_of_another_account_is_404(api_for, customer_a, sub_account_b):
    bad_day(sub_account_b, 1)
    assert api_for(customer_a).get(HEALTH, {"sub_account": sub_account_b.pk}).status_code == 404


def test_anonymous_is_refused(client):
    assert client.get(HEALTH).status_code in (401, 403)
    assert client.get(VIOLATIONS).status_code in (401, 403)


def test_M4_1_customers_read_their_own_violations_with_the_step_taken(
    api_for, customer_a, analyst, sub_account_a, sub_account_b
):
    bad_day(sub_account_a, 1)
    bad_day(sub_account_b, 1)
    services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.WARNING, reason="Warned.")
    body = api_for(customer_a).get(VIOLATIONS).json()
    assert len(body["results"]) == 1
    row = body["results"][0]
    assert row["sub_account"] == sub_account_a.pk and row["kind"] == "bad_health_day"
    assert row["proposed_action"] is None
    assert row["action_taken"]["description"] == "We sent you a warning."
    other = Violation.objects.get(sub_account=sub_account_b)
    assert api_for(customer_a).get(f"{VIOLATIONS}{other.pk}/").status_code == 404


def test_M4_2_staff_see_the_proposed_action(api_for, analyst, sub_account_a):
    bad_day(sub_account_a, 2)
    bad_day(sub_account_a, 1)
    body = api_for(analyst).get(VIOLATIONS, {"sub_account": sub_account_a.pk}).json()
    assert {row["proposed_action"]["step"] for row in body["results"]} == {Step.SENDER_OR_CAMPAIGN}
    assert body["results"][0]["proposed_action"]["because"] == "2 violations in the last 30 days"


def test_M4_1_staff_post_a_violation_customers_cannot(api_for, analyst, customer_a, sub_account_a):
    payload = {
        "sub_account": sub_account_a.pk,
        "kind": "prohibited_content",
        "severity": "serious",
        "evidence": "Cannabis offers in C-12 samples.",
    }
    response = api_for(analyst).post(VIOLATIONS, payload, format="json")
    assert response.status_code == 201
    assert response.json()["proposed_action"]["step"] == Step.SUB_ACCOUNT
    assert Violation.objects.get().severity == Severity.SERIOUS
    assert api_for(customer_a).post(VIOLATIONS, payload, format="json").status_code == 403
    assert Violation.objects.count() == 1


def test_M4_1_post_bad_input_is_400(api_for, analyst, sub_account_a):
    response = api_for(analyst).post(
        VIOLATIONS, {"sub_account": sub_account_a.pk, "kind": "spam", "severity": "x", "evidence": ""}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"kind", "severity", "evidence"}
    missing = api_for(analyst).post(
        VIOLATIONS, {"sub_account": 99999, "kind": "complaint", "severity": "minor", "evidence": "x"}, format="json"
    )
    assert missing.status_code == 400 and "sub_account" in missing.json()


def test_violations_list_in_constant_queries(api_for, analyst, account_a, django_assert_max_num_queries):
    from tests.accounts.factories import SubAccountFactory

    client = api_for(analyst)
    for _ in range(6):
        bad_day(SubAccountFactory(account=account_a), 1)
    client.get(VIOLATIONS)
    with django_assert_max_num_queries(10):
        assert len(client.get(VIOLATIONS).json()["results"]) == 6
