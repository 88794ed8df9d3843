"""The one way a report file leaves the portal, for the page and the API alike."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .choices import ReportFormat, ReportStatus
from .models import Report

CONTENT_TYPES = {ReportFormat.PDF: "application/pdf", ReportFormat.CSV: "text/csv; charset=utf-8"}
#: A report is data from many accounts; should a browser ever render it inline (a PDF viewer, a mistaken
#: type), it runs no script, loads nothing and cannot reach the portal's origin.
SANDBOX_CSP = "sandbox; default-src 'none'"


def report_file_response(report: Report) -> FileResponse:
    """The finished report as an attachment, never sniffed, sandboxed; 404 while it has no file."""
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404("This report has no file (yet).")
    response = FileResponse(
        report.file.open("rb"),
        as_attachment=True,
        filename=report.filename,
        content_type=CONTENT_TYPES[report.format],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response
