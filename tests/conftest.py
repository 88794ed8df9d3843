"""Fixtures for the whole suite.

In CI (``CI`` set) nothing may be skipped: a missing PostgreSQL, broker or browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.accounts.factories import AccountFactory, SubAccountFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = bool(os.environ.get("CI"))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_configure(config):
    if IN_CI and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise pytest.UsageError("CI is set but DATABASE_URL does not point at PostgreSQL.")
    if IN_CI and not shutil.which(CHROMIUM):
        raise pytest.UsageError(f"CI is set but {CHROMIUM} is missing (apt-get install chromium).")


def require(condition: bool, why: str) -> None:
    """Skip locally when an external piece is missing; fail in CI, where it must be present."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"Required in CI: {why}")
    pytest.skip(why)


@pytest.fixture
def postgres_only(settings):
    require(settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql", "needs PostgreSQL")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(bool(shutil.which(CHROMIUM)), f"{CHROMIUM} is not installed")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def page(page):
    from playwright.sync_api import expect

    # A loaded CI machine (2 cores, Chromium + live server + PostgreSQL) can take longer than Playwright's
    # 5 s default for an assertion's first page of uploads; waits stay event-driven, only the ceiling moves.
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    return page


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # Browser failures keep a screenshot as a test artifact.
    if report.when == "call" and report.failed and "page" in item.funcargs:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            item.funcargs["page"].screenshot(path=str(ARTIFACTS / f"{item.name}.png"), full_page=True)


@pytest.fixture
def account_a(db):
    return AccountFactory(name="Acme Messaging")


@pytest.fixture
def account_b(db):
    return AccountFactory(name="Beacon Telecom")


@pytest.fixture
def sub_account_a(account_a):
    return SubAccountFactory(account=account_a, name="Acme Dental")


@pytest.fixture
def sub_account_b(account_b):
    return SubAccountFactory(account=account_b, name="Beacon Retail")


@pytest.fixture
def customer_a(account_a):
    return UserFactory(username="customer-a", account=account_a)


@pytest.fixture
def customer_b(account_b):
    return UserFactory(username="customer-b", account=account_b)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst", role="analyst")


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", role="manager")


def _api_client(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api_for():
    """``api_for(user)`` → an APIClient authenticated by that user's token."""
    return _api_client


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → the Django test client signed in as that user."""

    def make(user):
        client.force_login(user)
        return client

    return make


def _reload_reference_data() -> None:
    """Data migrations' rows (catalogue, tiers) vanish when a transactional test flushes the database."""
    from importlib import import_module

    from django.apps import apps

    from rejections.models import RejectionCode
    from vetting.models import ThroughputTier

    if not RejectionCode.objects.exists():
        import_module("rejections.migrations.0002_load_catalogue").load_catalogue(apps, None)
    if not ThroughputTier.objects.exists():
        import_module("vetting.migrations.0002_seed_throughput_tiers").load(apps, None)
    from casework.models import SlaPolicy

    if not SlaPolicy.objects.exists():
        import_module("casework.migrations.0002_sla_policies_and_backfill").seed(apps, None)
        import_module("casework.migrations.0005_second_wave_sla_policies").seed(apps, None)
    from geo.models import Country

    if not Country.objects.exists():
        import_module("geo.migrations.0002_load_catalogue").load_catalogue(apps, None)
    from health.models import VolumeFloor

    if not VolumeFloor.objects.exists():
        import_module("health.migrations.0002_policy_rows_and_guards").seed(apps, None)


@pytest.fixture(autouse=True)
def reference_data(request):
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (
        request.node.get_closest_marker("django_db")
        and request.node.get_closest_marker("django_db").kwargs.get("transaction")
    ):
        request.getfixturevalue("transactional_db")
        _reload_reference_data()


@pytest.fixture(autouse=True)
def project_celery_app_is_current():
    """A test that starts a real worker (``celery.contrib.testing.worker.start_worker``) makes its own Celery app
    the process's current and default one; shared tasks would then go to that test's broker for the rest of the
    suite instead of running eagerly. Put the project's app back after every test."""
    yield
    from compliance_portal.celery import app

    app.set_current()
    app.set_default()
