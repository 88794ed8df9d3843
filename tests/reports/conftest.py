import datetime as dt

import pytest
from django.utils import timezone

from reports import services
from reports.models import Report
from tests.accounts.factories import UserFactory
from tests.reports.factories import Dossier, dossier_brand


@pytest.fixture
def manager_b(db):
    return UserFactory(username="manager-b", role="manager")


@pytest.fixture
def dossier(customer_a, sub_account_a, analyst) -> Dossier:
    return dossier_brand(customer=customer_a, sub_account=sub_account_a, analyst=analyst)


@pytest.fixture
def day() -> dt.date:
    """A recent UTC day (a period may not end in the future)."""
    return timezone.now().date() - dt.timedelta(days=3)


@pytest.fixture
def request_report(django_capture_on_commit_callbacks):
    """``request_report(actor, kind, format, params, page_size="")`` → the report after its on-commit render
    task ran (eagerly), fresh from the database."""

    def make(actor, kind: str, format: str, params: dict, page_size: str = "") -> Report:
        with django_capture_on_commit_callbacks(execute=True):
            report = services.report_request(actor=actor, kind=kind, format=format, params=params, page_size=page_size)
        report.refresh_from_db()
        return report

    return make
