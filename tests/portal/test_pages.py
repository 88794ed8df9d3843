"""Health check, static assets, API schema and docs, error pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database():
    from django.test import Client

    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


def test_healthz_reports_an_unreachable_broker(settings, client):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from compliance_portal.celery import app

    saved = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


def test_templates_load_nothing_from_a_cdn():
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"""(src|href)=["']https?://""", text), template


def test_vendored_htmx_is_served(client):
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/htmx/htmx.min.js")


def test_openapi_schema_and_docs(client_for, customer_a):
    client = client_for(customer_a)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_unknown_page_uses_the_site_404(client_for, customer_a):
    response = client_for(customer_a).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Compliance Portal" in response.content and b"Not found" in response.content


@pytest.mark.parametrize(("username", "title"), [("analyst", b"Analyst dashboard"), ("manager", b"Manager dashboard")])
def test_staff_dashboards(client_for, analyst, manager, username, title):
    user = {"analyst": analyst, "manager": manager}[username]
    response = client_for(user).get(reverse("dashboard"))
    assert response.status_code == 200 and title in response.content


def test_customer_dashboard(client_for, customer_a):
    response = client_for(customer_a).get(reverse("dashboard"))
    assert b"customer dashboard" in response.content
