"""A8: what the content looks like — the signature detector's readings, the check that a file starts as its
extension says, the polyglot refusal (a file that is two formats at once) and bounded reading.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import puremagic
from PIL import UnidentifiedImageError

from . import limits
from .names import _display
from .refusals import UploadRefused

Match = puremagic.PureMagicWithConfidence


def _extensions(match: Match) -> set[str]:
    ext = match.extension
    return {e.lower() for e in (ext if isinstance(ext, list) else [ext]) if e}


# How the detector's findings are grouped. These sets classify puremagic's answers (its extensions, MIME types
# and names); the signatures themselves are puremagic's.
_EXECUTABLE_MIMES = frozenset(
    {
        "application/x-executable",
        "application/x-sharedlib",
        "application/x-mach-binary",
        "application/x-pef-executable",
        "application/x-dosexec",
        "application/vnd.microsoft.portable-executable",
    }
)
_WINDOWS_EXECUTABLE_EXTS = frozenset({".exe", ".dll", ".com", ".sys", ".drv", ".scr", ".ocx", ".pif", ".cpl"})
_ARCHIVES = {  # detector extension → how we name it
    ".zip": "a ZIP archive",
    ".rar": "a RAR archive",
    ".7z": "a 7-Zip archive",
    ".gz": "a gzip archive",
    ".tgz": "a gzip archive",
    ".bz2": "a bzip2 archive",
    ".xz": "an xz archive",
    ".tar": "a tar archive",
    ".cab": "a Windows cabinet archive",
}
_ARCHIVE_MIMES = frozenset(
    {
        "application/zip",
        "application/x-zip-compressed",
        "application/vnd.rar",
        "application/x-rar-compressed",
        "application/x-7z-compressed",
        "application/gzip",
        "application/x-gzip",
        "application/x-bzip2",
        "application/x-xz",
        "application/x-tar",
        "application/vnd.ms-cab-compressed",
    }
)
_IMAGE_LABELS = {
    "image/jpeg": "a JPEG image",
    "image/png": "a PNG image",
    "image/bmp": "a BMP image",
    "image/x-ms-bmp": "a BMP image",
    "image/tiff": "a TIFF image",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
}
# Kinds, most alarming first: when the detector offers several readings, the message names the worst one.
_KIND_ORDER = ("executable", "script", "archive", "pdf", "markup", "image", "other")


def _kind(match: Match) -> str:
    exts, mime, name = _extensions(match), (match.mime_type or "").lower(), match.name.lower()
    if mime in _EXECUTABLE_MIMES or "executable" in name or exts & _WINDOWS_EXECUTABLE_EXTS:
        return "executable"
    if re.search(r"\bscript\b", name) or mime in {"application/x-shellscript", "text/x-python", "application/x-awk"}:
        return "script"
    if mime in _ARCHIVE_MIMES or exts & _ARCHIVES.keys():
        return "archive"
    if mime == "application/pdf" or ".pdf" in exts:
        return "pdf"
    if mime in {"text/html", "image/svg+xml"} or exts & {".html", ".htm", ".svg"}:
        return "markup"
    if mime.startswith("image/"):
        return "image"
    return "other"


def _label(match: Match) -> str:
    """How a detector finding is named in a message: "a Windows executable", "a ZIP archive"."""
    kind, exts, mime = _kind(match), _extensions(match), (match.mime_type or "").lower()
    if kind == "executable":
        if mime in {"application/x-executable", "application/x-sharedlib"} or "elf" in match.name.lower():
            return "a Linux ELF executable"
        if exts & _WINDOWS_EXECUTABLE_EXTS or "windows" in match.name.lower():
            return "a Windows executable"
        return "an executable program"
    if kind == "script":
        return "a script"
    if kind == "archive":
        return next((_ARCHIVES[e] for e in sorted(exts) if e in _ARCHIVES), "an archive")
    if kind == "pdf":
        return "a PDF document"
    if kind == "markup":
        return "an SVG image" if mime == "image/svg+xml" or ".svg" in exts else "a web page (HTML)"
    if mime in _IMAGE_LABELS:
        return _IMAGE_LABELS[mime]
    if ".rtf" in exts:
        return "an RTF document"
    return f"“{match.name}”"


def _describe(matches: list[Match]) -> str:
    """What the content looks like, for a refusal message: the most alarming confident reading."""
    confident = [m for m in matches if m.confidence >= 0.2]
    if not confident:
        return "its format was not recognised"
    worst = min(confident, key=lambda m: (_KIND_ORDER.index(_kind(m)), -m.confidence))
    return f"it looks like {_label(worst)}"


def _head(fileobj: BinaryIO) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(limits.DETECT_BYTES)
    fileobj.seek(0)
    return head


def _detect(head: bytes) -> list[Match]:
    """puremagic's readings of the file's first bytes, most confident first (empty when it knows none)."""
    if not head:
        return []
    try:
        return puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return []


def _chunks(fileobj: BinaryIO) -> Iterator[bytes]:
    while chunk := fileobj.read(limits.CHUNK_SIZE):
        yield chunk


@dataclass(frozen=True)
class _Signature:
    """A format recognised by its signature: which detector answers count as it, and how sure they must be."""

    label: str
    detected_as: frozenset[str]
    # puremagic's confidence is roughly the signature length / 10; TIFF asks for 4 bytes (II*\0 or MM\0*) so that
    # its 3-byte "I I" variant — ordinary text — does not count.
    min_confidence: float = 0.2


_SIGNATURES: dict[str, _Signature] = {
    ".jpg": _Signature("a JPEG image", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"})),
    ".jpeg": _Signature("a JPEG image", frozenset({".jpg", ".jpeg", ".jpe", ".jfif"})),
    ".png": _Signature("a PNG image", frozenset({".png"})),
    ".bmp": _Signature("a BMP image", frozenset({".bmp", ".dib"})),
    ".tiff": _Signature("a TIFF image", frozenset({".tif", ".tiff"}), min_confidence=0.4),
    ".pdf": _Signature("a PDF document", frozenset({".pdf"})),
    ".rtf": _Signature("an RTF document", frozenset({".rtf"})),
    # .docx and .odt are ZIP files and must start like one: zipfile would also open an executable with a ZIP
    # appended (a self-extractor), so the container check alone is not enough.
    ".docx": _Signature("a Word .docx document", frozenset({".zip"})),
    ".odt": _Signature("an OpenDocument .odt text", frozenset({".zip"})),
}


def _check_signature(fileobj: BinaryIO, name: str, extension: str) -> None:
    rule = _SIGNATURES[extension]
    matches = _detect(_head(fileobj))
    if any(_extensions(m) & rule.detected_as and m.confidence >= rule.min_confidence for m in matches):
        return
    # Describe it by what else it resembles; a too-weak match of the expected format is no description.
    others = [m for m in matches if not _extensions(m) & rule.detected_as]
    raise UploadRefused(
        name,
        f"{name}: the content is not {rule.label} ({_describe(others)}); rename it or upload the real file.",
        reason="content",
    )


# Everything reading a hostile ZIP can raise: the central directory or an entry may be damaged, truncated,
# compressed with a method zipfile lacks, or fail its CRC.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError)


def _damage(exc: Exception) -> str:
    text = str(exc).lower()
    if "truncated" in text or isinstance(exc, EOFError):
        return "it is cut short"
    if isinstance(exc, UnidentifiedImageError):
        return "its header does not describe a valid image"
    return f"it is damaged: {_display(str(exc))[:120]}"


class _BoundedReads:
    """A read-only view of the upload that never hands out more than a chunk per ``read()`` call.

    pypdf asks for "the rest of the file" in places; a PDF of up to 10 MB may well be parsed, but not slurped.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return b"".join(_chunks(self.raw))
        return b"".join(self._bounded(size))

    def _bounded(self, size: int) -> Iterator[bytes]:
        while size > 0 and (chunk := self.raw.read(min(size, limits.CHUNK_SIZE))):
            size -= len(chunk)
            yield chunk

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def seekable(self) -> bool:
        return True


# --- polyglots ------------------------------------------------------------------------------------------------

# Markup that makes a binary file also a web page or a script ("polyglot"): a browser or tool that sniffs the
# content would run it. Each pattern is long enough (6+ fixed bytes) that compressed image data matches it by
# chance less than once in a million 10 MB files.
_ACTIVE_MARKUP = re.compile(
    rb"<script[\s>/]|<html[\s>]|<body[\s>]|<iframe[\s>/]|<object[\s>]|<embed[\s>/]|<!doctype\s+html"
    rb"|<\?php\s|<svg\s[^>]{0,300}xmlns|<%@?\s|javascript:"
)
_MARKUP_OVERLAP = 512  # longer than any match, so a marker split across two chunks is still seen


def _refuse_polyglot(fileobj: BinaryIO, name: str, label: str) -> None:
    """Refuse a file that is also a ZIP archive (a .jar, Office file …) or carries web markup or script.

    Scans the file in chunks, case-insensitively, once; the ZIP test reads only the end of the file.
    """
    fileobj.seek(0)
    tail = b""
    offset = 0
    for chunk in _chunks(fileobj):
        window = (tail + chunk).lower()
        found = _ACTIVE_MARKUP.search(window)
        if found:
            at = offset - len(tail) + found.start()
            shown = _display(found.group().decode("latin-1"))[:40]
            raise UploadRefused(
                name,
                f"{name}: the file is {label} that also carries web markup or script (“{shown}” at byte {at:,}); "
                "a file that is two formats at once is refused — upload the original file.",
                reason="content",
            )
        tail = window[-_MARKUP_OVERLAP:]
        offset += len(chunk)
    fileobj.seek(0)
    try:
        is_zip = zipfile.is_zipfile(_BoundedReads(fileobj))  # type: ignore[arg-type]
    except _ZIP_ERRORS:
        is_zip = False
    fileobj.seek(0)
    if is_zip:
        raise UploadRefused(
            name,
            f"{name}: the file is {label} with a ZIP archive inside (it would open as an archive, a .jar or an "
            "Office file too); a file that is two formats at once is refused — upload the original file.",
            reason="content",
        )
