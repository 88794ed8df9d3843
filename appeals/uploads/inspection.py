"""A8: one received evidence file inspected — name, size, SHA-256, and the check of its format.

The file (a Django ``UploadedFile`` or any binary file open for reading, possibly a 10 MB temporary file on
disk) is never read whole into memory: it is streamed in 64 KiB chunks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from . import limits
from .images import _check_image, _check_raw
from .markup import _check_text, _check_xml
from .names import allowed_extension, clean_filename
from .office import _check_docx, _check_odt, _check_rtf
from .pdf import _check_pdf
from .refusals import UploadRefused, size_refusal
from .signatures import _chunks


@dataclass(frozen=True)
class Inspection:
    """What an accepted file turned out to be; everything the storage layer needs to record it."""

    name: str  # cleaned display name
    extension: str  # lower-case, e.g. ".pdf"
    content_type: str  # canonical MIME type for the extension (CONTENT_TYPES)
    size: int  # bytes
    sha256: str  # hex digest of the content


_CHECKS: dict[str, Callable[[BinaryIO, str, str], None]] = {
    ".jpg": _check_image,
    ".jpeg": _check_image,
    ".png": _check_image,
    ".bmp": _check_image,
    ".tiff": _check_image,
    ".pdf": _check_pdf,
    ".rtf": _check_rtf,
    ".raw": _check_raw,
    ".txt": _check_text,
    ".htm": _check_text,
    ".xml": _check_xml,
    ".docx": _check_docx,
    ".odt": _check_odt,
}


def _size_refusal(fileobj: BinaryIO, name: str, seen: int, limit: int) -> UploadRefused:
    """The "too large" refusal, with the file's real size: found by seeking to the end, not by reading it."""
    size = seen
    try:
        end = fileobj.seek(0, os.SEEK_END)
        size = max(seen, end if isinstance(end, int) else fileobj.tell())
    except (OSError, AttributeError, ValueError):
        size = seen + sum(len(chunk) for chunk in _chunks(fileobj))
    return size_refusal(name, size, limit)


def inspect_upload(fileobj: BinaryIO, raw_name: str, *, size_limit: int = limits.MAX_FILE_BYTES) -> Inspection:
    """Check one received evidence file against A8 and describe it, or raise ``UploadRefused``.

    Cleans the name, streams the file once for its size and SHA-256 (stopping as soon as it passes
    ``size_limit``), then checks that the content matches the extension. The file is left at position 0 either
    way, ready to be stored.
    """
    name = clean_filename(raw_name)
    extension = allowed_extension(name)
    fileobj.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(fileobj):
        size += len(chunk)
        if size > size_limit:
            refusal = _size_refusal(fileobj, name, size, size_limit)
            fileobj.seek(0)
            raise refusal
        digest.update(chunk)
    if size == 0:
        fileobj.seek(0)
        raise UploadRefused(name, f"{name} is empty (0 bytes); upload the file itself.", reason="empty")
    try:
        _CHECKS[extension](fileobj, name, extension)
    finally:
        fileobj.seek(0)
    return Inspection(
        name=name,
        extension=extension,
        content_type=limits.CONTENT_TYPES[extension],
        size=size,
        sha256=digest.hexdigest(),
    )
