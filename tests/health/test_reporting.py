"""The brand dossier and the period report carry a traffic section (health.reporting)."""

import datetime as dt
import io

import pytest

from health import services
from health.choices import Step
from reports.rendering import render_pdf, write_csv
from reports.selectors import brand_dossier, period_audit
from tests.brands.factories import make_brand
from tests.health.factories import bad_day, good_day

pytestmark = pytest.mark.django_db


def test_brand_dossier_has_the_sub_accounts_traffic_section(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    good_day(sub_account_a, 2)
    bad_day(sub_account_a, 1)
    services.enforcement_apply(actor=analyst, sub_account=sub_account_a, step=Step.SUB_ACCOUNT, reason="Bad day.")
    data = brand_dossier(brand=brand)
    tables = {t.key: t for t in data.tables}
    violations = list(tables["traffic_violations"].rows())
    assert len(violations) == 1 and violations[0][3] == "Bad traffic-health day" and violations[0][5] == "system"
    steps = list(tables["traffic_enforcement"].rows())
    assert steps[0][4].startswith("Suspend the sub-account") and f"sub_accounts: {sub_account_a.pk}" in steps[0][6]
    assert any(label.startswith("Traffic days since") and "bad: 1" in value for label, value in data.facts)
    assert next(title for title, _svg in data.figures).startswith("Daily error rate")
    out = io.StringIO()
    write_csv(data, out, progress=lambda n: None)
    assert "Traffic violations" in out.getvalue() or "traffic_violations" in out.getvalue()


def test_brand_dossier_pdf_embeds_the_rate_charts(customer_a, sub_account_a):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a)
    bad_day(sub_account_a, 1)
    out = io.BytesIO()
    render_pdf(brand_dossier(brand=brand), out, page_size="A4", progress=lambda n: None)
    assert out.getvalue().startswith(b"%PDF")


def test_period_report_counts_traffic_findings_of_the_account(sub_account_a, sub_account_b, analyst):
    bad_day(sub_account_a, 1)
    bad_day(sub_account_b, 1)
    today = dt.date.today()
    data = period_audit(start=today - dt.timedelta(days=3), end=today, account=sub_account_a.account)
    facts = dict(data.facts)
    assert facts["Traffic violations recorded"] == "1" and facts["Bad traffic-health days"] == "1"
    rows = list({t.key: t for t in data.tables}["traffic_violations"].rows())
    assert [row[1] for row in rows] == [sub_account_a.name]
