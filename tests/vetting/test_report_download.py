"""The enhanced-vet report download goes through the one hardened response (issue 13, core.downloads)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.brands.factories import make_brand
from vetting import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def enhanced(customer_a, sub_account_a, analyst):
    brand = make_brand(customer=customer_a, sub_account=sub_account_a, status="approved", analyst=analyst)
    return services.vet_request(actor=customer_a, brand=brand, vet_class="ENHANCED", vendor="AEGIS")


def _download(client_for, customer_a, analyst, vet, name, content):
    services.vet_record_result(
        actor=analyst, vet=vet, status="ACTIVE", score=80, token="AEG-ENH-80", report=SimpleUploadedFile(name, content)
    )
    return client_for(customer_a).get(reverse("vet-report", args=[vet.pk]))


def test_a_pdf_report_is_a_hardened_attachment(client_for, customer_a, analyst, enhanced):
    response = _download(client_for, customer_a, analyst, enhanced, "Vendor Report.PDF", b"%PDF-1.4\n")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert response["Content-Disposition"] == f'attachment; filename="enhanced-vet-{enhanced.pk}-report.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"


def test_a_markup_report_is_labelled_as_bytes_not_guessed_as_html(client_for, customer_a, analyst, enhanced):
    # Before: FileResponse guessed text/html from the ".html" suffix of the vendor's file.
    response = _download(client_for, customer_a, analyst, enhanced, "report.html", b"<script>alert(1)</script>")
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
