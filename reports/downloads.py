"""The one way a report file leaves the portal, for the page and the API alike."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from core.downloads import file_response

from .choices import ReportFormat, ReportStatus
from .models import Report

CONTENT_TYPES = {ReportFormat.PDF: "application/pdf", ReportFormat.CSV: "text/csv; charset=utf-8"}


def report_file_response(report: Report) -> HttpResponse:
    """The finished report as a hardened attachment (it holds data from many accounts); 404 while it has no
    file."""
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("This report has no file (yet).")
    return file_response(report.file.open("rb"), content_type=CONTENT_TYPES[report.format], filename=report.filename)
