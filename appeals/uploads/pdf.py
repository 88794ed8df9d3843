"""A8 PDFs: the signature, then pypdf must read the cross-reference table, the catalogue and the first page."""

from __future__ import annotations

from typing import BinaryIO

from pypdf import PdfReader

from .refusals import UploadRefused
from .signatures import _BoundedReads, _check_signature, _damage, _refuse_polyglot


def _check_pdf(fileobj: BinaryIO, name: str, extension: str) -> None:
    """The signature, then pypdf: the cross-reference table, the catalogue and the page tree must read."""
    _check_signature(fileobj, name, extension)
    try:
        fileobj.seek(0)
        reader = PdfReader(_BoundedReads(fileobj), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                name,
                f"{name}: the PDF is password-protected, so nobody here could read it; upload a copy without a "
                "password.",
                reason="content",
            )
        if len(reader.pages) == 0:
            raise UploadRefused(name, f"{name}: the PDF has no pages; upload the real document.", reason="content")
        reader.pages[0].mediabox  # noqa: B018 - reading the first page object proves the page tree resolves
    except UploadRefused:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a broken file
        raise UploadRefused(
            name,
            f"{name}: the content starts like a PDF document but does not open as one — {_damage(exc)}; "
            "upload the original file.",
            reason="content",
        ) from None
    finally:
        fileobj.seek(0)
    _refuse_polyglot(fileobj, name, "a PDF document")
