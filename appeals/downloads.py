"""Serving evidence back: always as an attachment, plus safe previews for staff.

Evidence is hostile until proven otherwise: downloads carry ``Content-Disposition: attachment`` (RFC 6266,
with the RFC 5987 ``filename*`` form for non-ASCII names), ``nosniff`` and a CSP that sandboxes anything a
browser might still try to render. Previews exist only for raster images (shown through ``<img>``) and for
PDFs, whose first page is rasterised on the server by poppler's ``pdftoppm`` so no PDF viewer or script
runs in the analyst's browser.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse

from . import uploads
from .models import Evidence

SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
#: Types a browser shows in an <img>; TIFF and the rest are download-only.
IMAGE_PREVIEW_TYPES = frozenset(t for t in uploads.INLINE_SAFE_TYPES if t.startswith("image/"))
PDF_PREVIEW_TIMEOUT = 15  # seconds: a hostile PDF must not tie up a worker
PDF_PREVIEW_DPI = 72


def _harden(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = "private, no-store"
    return response


def evidence_download(evidence: Evidence) -> FileResponse:
    # Markup is labelled as bytes, not text/html or xml: even a browser ignoring the attachment won't render it.
    content_type = evidence.content_type if evidence.content_type in uploads.INLINE_SAFE_TYPES else None
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.name,
        content_type=content_type or "application/octet-stream",
    )
    return _harden(response)


def can_preview(evidence: Evidence) -> bool:
    return evidence.content_type in IMAGE_PREVIEW_TYPES or (
        evidence.content_type == "application/pdf" and shutil.which("pdftoppm") is not None
    )


def evidence_preview(evidence: Evidence) -> HttpResponse:
    if evidence.content_type in IMAGE_PREVIEW_TYPES:
        response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
        response["Content-Disposition"] = "inline"
        return _harden(response)
    if evidence.content_type == "application/pdf" and shutil.which("pdftoppm"):
        png = _pdf_first_page_png(evidence)
        if png is None:
            raise Http404("This PDF cannot be previewed; download it instead.")
        return _harden(HttpResponse(png, content_type="image/png"))
    raise Http404("No preview for this type of file; download it instead.")


def _pdf_first_page_png(evidence: Evidence) -> bytes | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="evidence-preview-") as tmp:
        source = Path(tmp) / "in.pdf"
        with evidence.file.open("rb") as stored, source.open("wb") as out:
            shutil.copyfileobj(stored, out, 64 * 1024)
        target = Path(tmp) / "page"
        try:
            subprocess.run(  # noqa: S603 -- fixed executable and arguments; the file name is ours
                [pdftoppm, "-png", "-f", "1", "-l", "1", "-r", str(PDF_PREVIEW_DPI), "-singlefile", source, target],
                check=True,
                capture_output=True,
                timeout=PDF_PREVIEW_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            return None
        result = target.with_suffix(".png")
        return result.read_bytes() if result.exists() else None
