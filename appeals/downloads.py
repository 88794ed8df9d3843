"""Serving evidence back: always as an attachment, plus safe previews for staff.

Evidence is hostile until proven otherwise: every response is built by ``core.downloads.file_response``
(attachment, ``nosniff``, sandbox CSP, no caching). Previews exist only for raster images (shown through
``<img>``) and for PDFs, whose pages are rasterised on the server by poppler's ``pdftoppm`` so no PDF viewer or script
runs in the analyst's browser: a small thumbnail of the first page, and readable pages one at a time for the
page viewer. Rasterising is bounded: a timeout per call, a fixed pixel size whatever the page size claims, and
at most ``PDF_VIEWER_MAX_PAGES`` pages.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.http import Http404, HttpResponse

from core.downloads import file_response

from . import uploads
from .models import Evidence

#: Types a browser shows in an <img>; TIFF and the rest are download-only.
IMAGE_PREVIEW_TYPES = frozenset(t for t in uploads.INLINE_SAFE_TYPES if t.startswith("image/"))
PDF_PREVIEW_TIMEOUT = 15  # seconds: a hostile PDF must not tie up a worker
PDF_PREVIEW_DPI = 72
#: The viewer's pages: the longer side in pixels. ``-scale-to`` bounds the bitmap whatever size (or DPI) the page
#: claims, so a "200-inch" page costs no more memory than a letter page; 1,600 px keeps 9-pt text readable.
PDF_PAGE_PIXELS = 1600
#: Longer documents are read as downloads: each page view is a rasterisation on the server.
PDF_VIEWER_MAX_PAGES = 50


def evidence_download(evidence: Evidence) -> HttpResponse:
    # Markup is labelled as bytes, not text/html or xml: even a browser ignoring the attachment won't render it.
    content_type = evidence.content_type if evidence.content_type in uploads.INLINE_SAFE_TYPES else None
    return file_response(
        evidence.file.open("rb"), content_type=content_type or "application/octet-stream", filename=evidence.name
    )


def can_preview(evidence: Evidence) -> bool:
    return evidence.content_type in IMAGE_PREVIEW_TYPES or (
        evidence.content_type == "application/pdf" and shutil.which("pdftoppm") is not None
    )


def evidence_preview(evidence: Evidence) -> HttpResponse:
    if evidence.content_type in IMAGE_PREVIEW_TYPES:
        return file_response(evidence.file.open("rb"), content_type=evidence.content_type, inline=True)
    if evidence.content_type == "application/pdf" and shutil.which("pdftoppm"):
        png = _pdf_first_page_png(evidence)
        if png is None:
            raise Http404("This PDF cannot be previewed; download it instead.")
        return file_response(png, content_type="image/png", inline=True)
    raise Http404("No preview for this type of file; download it instead.")


def _pdf_first_page_png(evidence: Evidence) -> bytes | None:
    return _pdf_page_png(evidence, 1, ["-r", str(PDF_PREVIEW_DPI)])


def pdf_page_count(evidence: Evidence) -> int | None:
    """The number of pages poppler's ``pdfinfo`` reads in the stored PDF; None if it cannot read it."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None or evidence.content_type != "application/pdf":
        return None
    with tempfile.TemporaryDirectory(prefix="evidence-info-") as tmp:
        source = _copy_to(evidence, Path(tmp))
        try:
            done = subprocess.run(  # noqa: S603 -- fixed executable and arguments; the file name is ours
                [pdfinfo, source],
                check=True,
                capture_output=True,
                timeout=PDF_PREVIEW_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            return None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Pages" and value.strip().isdecimal():
            return int(value.strip())
    return None


def evidence_pdf_page(evidence: Evidence, page: int) -> HttpResponse:
    """Page ``page`` (1-based) of a PDF as a PNG for the viewer; 404 outside the document or the viewer's range."""
    if evidence.content_type != "application/pdf" or shutil.which("pdftoppm") is None:
        raise Http404("Only PDF evidence has pages to view; download it instead.")
    if not 1 <= page <= PDF_VIEWER_MAX_PAGES:
        raise Http404(f"The viewer shows pages 1 to {PDF_VIEWER_MAX_PAGES} at most.")
    # A page past the end makes pdftoppm fail ("wrong page range"), which answers 404 like an unreadable file.
    png = _pdf_page_png(evidence, page, ["-scale-to", str(PDF_PAGE_PIXELS)])
    if png is None:
        raise Http404("This page does not exist or cannot be shown; download the file instead.")
    return file_response(png, content_type="image/png", inline=True)


def _copy_to(evidence: Evidence, folder: Path) -> Path:
    source = folder / "in.pdf"
    with evidence.file.open("rb") as stored, source.open("wb") as out:
        shutil.copyfileobj(stored, out, 64 * 1024)
    return source


def _pdf_page_png(evidence: Evidence, page: int, size: list[str]) -> bytes | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="evidence-preview-") as tmp:
        source = _copy_to(evidence, Path(tmp))
        target = Path(tmp) / "page"
        try:
            subprocess.run(  # noqa: S603 -- fixed executable and arguments; the file name is ours
                [pdftoppm, "-png", "-f", str(page), "-l", str(page), *size, "-singlefile", source, target],
                check=True,
                capture_output=True,
                timeout=PDF_PREVIEW_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
            return None
        result = target.with_suffix(".png")
        return result.read_bytes() if result.exists() else None
