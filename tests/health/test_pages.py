"""Health pages and panels: the customer's "at risk" reminder (M2.4), charts and the overview (M2.5), violations
and steps (M4), the compromise form (M4.4); tenancy and query counts."""

import pytest
from django.urls import reverse

from health import services
from health.choices import Severity, Step, ViolationKind
from health.models import EnforcementAction, TrafficHealthCase, Violation
from tests.accounts.factories import SubAccountFactory
from tests.health.factories import bad_day, day_ago, figures, good_day, watch_day

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_M2_4_reminder_on_customer_dashboard_with_figures_and_advice(client_for, customer_a, sub_account_a):
    bad_day(sub_account_a, 1)
    page = text(client_for(customer_a).get(reverse("dashboard")))
    assert 'data-testid="at-risk-reminder"' in page
    assert "80 of 1,000 messages sent failed: an error rate of 8 %" in page
    assert "good is up to 6 %" in page
    assert "Check your recipient lists" in page
    assert "M2" not in page.split('data-testid="health-dashboard-reminders"')[1].split("</section>")[0]


def test_M2_4_watch_day_reminds_about_opt_outs(client_for, customer_a, sub_account_a):
    watch_day(sub_account_a, 2)
    page = text(client_for(customer_a).get(reverse("dashboard")))
    assert "35 of 10,000 delivered messages were answered with an opt-out" in page
    assert "honour every opt-out" in page


def test_M2_4_no_reminder_for_good_days_old_days_or_other_accounts(
    client_for, customer_a, sub_account_a, sub_account_b
):
    good_day(sub_account_a, 1)
    bad_day(sub_account_a, 8)  # outside the 7-day reminder window
    bad_day(sub_account_b, 1)
    page = text(client_for(customer_a).get(reverse("dashboard")))
    assert "at-risk-reminder" not in page
    assert "Beacon" not in page


def test_M2_4_reminder_on_the_sub_account_page(client_for, customer_a, sub_account_a):
    bad_day(sub_account_a, 1)
    page = text(client_for(customer_a).get(reverse("sub-account-detail", args=[sub_account_a.pk])))
    assert 'data-testid="at-risk-reminder"' in page and "error rate of 8 %" in page
    assert "Report a compromise" in page
    assert 'data-testid="apply-step"' not in page, "the ladder is for staff"


def test_M4_2_staff_see_the_proposal_and_apply_it_from_the_sub_account_page(client_for, analyst, sub_account_a):
    for n in (3, 2, 1):
        bad_day(sub_account_a, n)
    client = client_for(analyst)
    page = text(client.get(reverse("sub-account-detail", args=[sub_account_a.pk])))
    assert "Proposed: <strong>Suspend the sub-account (every campaign and sender id)</strong>" in page
    assert "3 violations in the last 30 days" in page
    assert '<option value="4"' not in page, "the account step is a manager's"
    response = client.post(
        reverse("health-apply", args=[sub_account_a.pk]), {"step": Step.SUB_ACCOUNT, "reason": "Three bad days."}
    )
    assert response.status_code == 302
    action = EnforcementAction.objects.get()
    assert action.step == Step.SUB_ACCOUNT
    sub_account_a.refresh_from_db()
    assert sub_account_a.is_suspended
    assert Violation.objects.filter(action=action).count() == 3


def test_M4_2_analyst_posting_the_account_step_is_refused(client_for, analyst, sub_account_a):
    response = client_for(analyst).post(
        reverse("health-apply", args=[sub_account_a.pk]), {"step": Step.ACCOUNT, "reason": "Many."}
    )
    assert response.status_code == 403
    assert not EnforcementAction.objects.exists()


def test_M4_2_customer_posting_a_step_is_refused(client_for, customer_a, sub_account_a):
    response = client_for(customer_a).post(
        reverse("health-apply", args=[sub_account_a.pk]), {"step": Step.WARNING, "reason": "x"}
    )
    assert response.status_code == 403


def test_M4_2_customer_reads_violation_and_step_in_plain_words(client_for, customer_a, analyst, sub_account_a):
    bad_day(sub_account_a, 1)
    services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.WARNING, reason="Warned.")
    violation = Violation.objects.get()
    page = text(client_for(customer_a).get(violation.get_absolute_url()))
    assert "We sent you a warning." in page
    assert "Bad traffic-health day" in page
    assert "M4" not in page and "bad_health_day" not in page and "Proposed" not in page
    listing = text(client_for(customer_a).get(reverse("health-violation-list")))
    assert violation.reference in listing and "We sent you a warning." in listing


def test_M4_2_reinstate_page_action(client_for, analyst, sub_account_a):
    action = services.enforcement_apply(
        actor=analyst, sub_account=sub_account_a, step=Step.SUB_ACCOUNT, reason="Repeated."
    )
    client = client_for(analyst)
    assert "Reinstate exactly what this step suspended" in text(client.get(action.get_absolute_url()))
    client.post(reverse("health-action-reinstate", args=[action.pk]), {"reason": "Resolved."})
    action.refresh_from_db()
    sub_account_a.refresh_from_db()
    assert action.is_reinstated and not sub_account_a.is_suspended


def test_M4_1_staff_record_a_violation_from_the_page(client_for, analyst, sub_account_a):
    client = client_for(analyst)
    response = client.post(
        reverse("health-violation-create"),
        {"sub_account": sub_account_a.pk, "kind": "complaint", "severity": "major", "evidence": "Carrier complaint."},
    )
    violation = Violation.objects.get()
    assert response.status_code == 302 and response["Location"] == violation.get_absolute_url()
    assert violation.created_by == analyst and violation.severity == Severity.MAJOR
    missing = client.post(
        reverse("health-violation-create"),
        {"sub_account": 987654, "kind": "complaint", "severity": "major", "evidence": "x"},
    )
    assert "No sub-account has the id 987654." in text(missing)


def test_M4_1_customer_cannot_open_the_record_form(client_for, customer_a):
    assert client_for(customer_a).get(reverse("health-violation-create")).status_code == 403


def test_M4_4_compromise_form_opens_an_urgent_case(client_for, customer_a, sub_account_a):
    response = client_for(customer_a).post(
        reverse("health-compromise"), {"sub_account": sub_account_a.pk, "description": "Stolen API key."}
    )
    case = TrafficHealthCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.urgent
    page = text(client_for(customer_a).get(case.get_absolute_url()))
    assert "Stolen API key." in page and "urgent" in page


def test_M4_4_compromise_form_offers_only_own_sub_accounts(client_for, customer_a, sub_account_a, sub_account_b):
    client = client_for(customer_a)
    page = text(client.get(reverse("health-compromise")))
    assert "Acme Dental" in page and "Beacon" not in page
    response = client.post(reverse("health-compromise"), {"sub_account": sub_account_b.pk, "description": "x"})
    assert response.status_code == 200 and not TrafficHealthCase.objects.exists()


def test_M2_4_staff_close_a_case(client_for, analyst, sub_account_a):
    bad_day(sub_account_a, 1)
    case = TrafficHealthCase.objects.get()
    client = client_for(analyst)
    page = text(client.get(case.get_absolute_url()))
    assert 'data-testid="case-days"' in page and "<td>1000</td><td>920</td><td>80</td>" in page
    client.post(reverse("health-case-close", args=[case.pk]), {"reason": "List cleaned."})
    case.refresh_from_db()
    assert case.status == "closed" and case.resolution == "List cleaned."


def test_M2_5_chart_page_has_data_for_uplot_and_threshold_lines(client_for, customer_a, sub_account_a):
    figures(sub_account_a, day_ago(0), sent=1000, errors=10, opt_outs=1)
    page = text(client_for(customer_a).get(reverse("health-sub-account", args=[sub_account_a.pk])))
    assert '<script id="health-chart-data" type="application/json">' in page
    assert "vendor/uplot/uPlot.iife.min.js" in page and "health/charts.js" in page
    assert '"label": "good up to 6 %"' in page and '"label": "watch up to 0.4 %"' in page
    assert "<script>" not in page, "no inline script (CSP)"


@pytest.mark.parametrize(
    "name",
    ["health-sub-account", "sub-account-detail"],
)
def test_tenancy_other_accounts_sub_account_pages_are_404(client_for, customer_a, sub_account_b, name):
    assert client_for(customer_a).get(reverse(name, args=[sub_account_b.pk])).status_code == 404


def test_tenancy_other_accounts_case_violation_and_action_are_404(client_for, customer_a, analyst, sub_account_b):
    bad_day(sub_account_b, 1)
    action = services.enforcement_apply(actor=analyst, sub_account=sub_account_b, step=Step.WARNING, reason="W.")
    client = client_for(customer_a)
    for url in (
        TrafficHealthCase.objects.get().get_absolute_url(),
        Violation.objects.get().get_absolute_url(),
        action.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404
    assert "Beacon" not in text(client.get(reverse("health-violation-list")))


def test_staff_only_pages_refuse_customers_and_anonymous(client, client_for, customer_a):
    assert client.get(reverse("health-overview")).status_code == 302
    assert client_for(customer_a).get(reverse("health-overview")).status_code == 403


def test_M2_5_overview_riskiest_first_in_constant_queries(
    client_for, analyst, account_a, django_assert_max_num_queries
):
    subs = [SubAccountFactory(account=account_a) for _ in range(8)]
    for sub in subs[:3]:
        good_day(sub, 1)
    for sub in subs[3:6]:
        watch_day(sub, 1)
    for sub in subs[6:]:
        bad_day(sub, 1)
    client = client_for(analyst)
    client.get(reverse("health-overview"))  # warm the session and the user's permissions
    with django_assert_max_num_queries(12):
        page = text(client.get(reverse("health-overview")))
    positions = [page.index(sub.friendly_name) for sub in subs]
    assert max(positions[6:]) < min(positions[3:6]) and max(positions[3:6]) < min(positions[:3])
    more = [SubAccountFactory(account=account_a) for _ in range(8)]
    for sub in more:
        bad_day(sub, 2)
    with django_assert_max_num_queries(12):
        client.get(reverse("health-overview"))


def test_M2_5_chart_page_in_constant_queries(client_for, customer_a, sub_account_a, django_assert_max_num_queries):
    client = client_for(customer_a)
    client.get(reverse("health-sub-account", args=[sub_account_a.pk]))
    for n in range(30):
        figures(sub_account_a, day_ago(n), sent=1000, errors=n % 9 * 10, opt_outs=n % 5)
    with django_assert_max_num_queries(10):
        page = text(client.get(reverse("health-sub-account", args=[sub_account_a.pk])))
    assert page.count("<tr><td>20") >= 30


def test_nav_link_for_staff_and_customers(client_for, analyst, customer_a):
    assert 'href="/traffic/health/"' in text(client_for(analyst).get(reverse("dashboard")))


def test_violation_kinds_all_have_labels():
    assert all(label for _value, label in ViolationKind.choices)


def test_M2_3_managers_edit_the_policy_rows_in_the_admin_analysts_read(client_for, manager, analyst, sub_account_a):
    from health.models import RateThreshold

    bad_day(sub_account_a, 1)
    client = client_for(manager)
    for model in ("ratethreshold", "volumefloor", "ladderrule", "severityfloor", "violation", "enforcementaction",
                  "traffichealthcase"):  # fmt: skip
        assert client.get(f"/admin/health/{model}/").status_code == 200, model
    row = RateThreshold.objects.get(metric="error_rate")
    response = client.post(
        f"/admin/health/ratethreshold/{row.pk}/change/",
        {"metric": "error_rate", "verdict": "good", "up_to_percent": "5.5"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert str(row.up_to_percent) == "5.5000"
    analyst_client = client_for(analyst)
    assert analyst_client.get("/admin/health/ratethreshold/").status_code == 200
    assert analyst_client.get(f"/admin/health/ratethreshold/{row.pk}/change/").status_code == 200
    assert (
        analyst_client.post(
            f"/admin/health/ratethreshold/{row.pk}/change/",
            {"metric": "error_rate", "verdict": "good", "up_to_percent": "1"},
        ).status_code
        == 403
    )
