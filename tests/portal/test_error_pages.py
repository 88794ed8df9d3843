"""Issue 12 item 19: the embedded default runs with DEBUG off and friendly 400/403/404/500 pages."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import path

pytestmark = pytest.mark.django_db

# Phrases of Django's technical (DEBUG) pages: the URL list and the traceback.
TECHNICAL_MARKERS = (b"Using the URLconf", b"URLconf defined in", b"Traceback", b"DEBUG = True", b"technical")


def _boom(request):
    raise RuntimeError("secret-internal-detail database password hunter2")


def _ok(request):
    return HttpResponse("ok")


urlpatterns = [path("boom/", _boom), path("ok/", _ok)]


def test_embedded_default_runs_with_debug_off():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "CI"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='compliance_portal.settings.base'; django.setup();"
        "from django.conf import settings as s; print(s.DEBUG, sorted(s.ALLOWED_HOSTS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['127.0.0.1', 'localhost', 'testserver']"


def test_bin_run_has_a_debug_switch_for_developers():
    script = (settings.BASE_DIR / "bin" / "run").read_text()
    assert "--debug) export DJANGO_DEBUG=true" in script


def test_unknown_url_gets_the_friendly_404_without_a_url_list(client_for, customer_a):
    response = client_for(customer_a).get("/no-such-page/")
    assert response.status_code == 404
    assert b"Not found" in response.content and b"Back to the dashboard" in response.content
    for marker in TECHNICAL_MARKERS:
        assert marker not in response.content
    assert b"api/v1/" not in response.content and b"admin/" not in response.content


def test_unknown_url_is_friendly_when_signed_out_too():
    response = Client().get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert b"Using the URLconf" not in response.content


@pytest.mark.urls(__name__)
def test_a_crash_renders_the_site_500_page_with_no_internal_detail():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"css/app.css" in response.content
    assert b"secret-internal-detail" not in response.content and b"hunter2" not in response.content
    for marker in TECHNICAL_MARKERS:
        assert marker not in response.content


@pytest.mark.urls(__name__)
def test_an_unknown_host_gets_the_site_400_page():
    response = Client(raise_request_exception=False).get("/ok/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert b"Bad request" in response.content and b"evil.example.com" not in response.content


def test_an_expired_form_gets_the_site_csrf_page(customer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer_a)
    response = client.post("/logout/")
    assert response.status_code == 403
    assert b"This form has expired" in response.content and b"CSRF cookie" not in response.content
