"""A8 — what an appeal's evidence file may be: its name, its size and whether its content is what it claims.

This module inspects ONE file that has already been received (a Django ``UploadedFile`` or any binary file
object open for reading, possibly a 10 MB temporary file on disk) together with the name the client gave it.
It never reads a whole file into memory: it streams 64 KiB chunks, gives the signature detector the first
8 KiB and lets ``zipfile`` / ``expat`` pull what they need.

The streaming limits (number of files, total bytes per appeal) are enforced while the request is read, by the
upload handler; the constants live here so that there is one copy of the rule. Storing the file and serving it
(always as an attachment) are someone else's job too: nothing here sanitises HTML or makes a file safe to show.

Why each check exists:

* the *name* is shown to analysts and may end up in a ``Content-Disposition`` header, so it must not smuggle
  paths, control characters or right-to-left overrides that make ``invoice‮fdp.exe`` read as ``invoiceexe.pdf``;
* the *extension* decides how the file is opened later, so the content must be what the extension says where the
  format has a signature (a ``.pdf`` that is an executable is the classic disguise);
* the *containers* (.docx / .odt are ZIP files full of XML) are where zip bombs, path traversal and XML entity
  attacks hide, so they are opened with hard bounds and parsed with ``defusedxml``.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import threading
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

import puremagic
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET
from PIL import Image, ImageFile, UnidentifiedImageError
from pypdf import PdfReader

from core.errors import DomainError

# --- the rule's numbers (DESIGN.md §4 A8) ---------------------------------------------------------------------

MIB = 1_048_576  # "MB" everywhere in A8 means 1,048,576 bytes; the UI says so.
MAX_FILES = 10
MAX_FILE_BYTES = 10 * MIB
MAX_TOTAL_BYTES = 30 * MIB
ALLOWED_EXTENSIONS: tuple[str, ...] = (
    ".jpg",
    ".jpeg",
    ".png",
    ".bmp",
    ".raw",
    ".tiff",
    ".pdf",
    ".docx",
    ".htm",
    ".odt",
    ".rtf",
    ".txt",
    ".xml",
)

# The type a stored file is labelled with, decided by its (checked) extension — never by the client's header.
CONTENT_TYPES: dict[str, str] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".bmp": "image/bmp",
    # Camera raw has no registered type; octet-stream makes every browser download it.
    ".raw": "application/octet-stream",
    ".tiff": "image/tiff",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".htm": "text/html",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".xml": "application/xml",
}

# What a staff page may show inline. Only formats browsers render without running anything we did not write:
# not TIFF (browsers cannot show it), never HTML, XML or SVG (they can carry script and would run in our origin).
INLINE_SAFE_TYPES: frozenset[str] = frozenset({"image/jpeg", "image/png", "image/bmp", "application/pdf"})

MAX_NAME_CHARS = 255
CHUNK_SIZE = 64 * 1024
# The detector gets this much of the head. Every signature of the formats we accept (and of the executables and
# archives we look for) sits in the first few bytes; puremagic's 36 KiB window exists for ISO images.
DETECT_BYTES = 8 * 1024

# XML is fed to the parser in blocks growing up to this (see _GrowingReader).
XML_MAX_BLOCK = 4 * MIB

# ZIP containers (.docx, .odt): bounds that no real evidence document comes near.
ZIP_MAX_ENTRIES = 1_000
ZIP_MAX_UNCOMPRESSED_BYTES = 100 * MIB
ZIP_MAX_RATIO = 100
# The ratio is judged only for entries that unpack to more than this: a small, very repetitive part (an empty
# table style, a blank thumbnail) cannot hurt anyone whatever its ratio, while ZIP_MAX_UNCOMPRESSED_BYTES still
# caps what many small entries can add up to.
ZIP_RATIO_GRACE_BYTES = 1 * MIB
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# Percent-decoding is repeated until the name is stable; a name still encoded after this many rounds is an attack.
_MAX_DECODE_ROUNDS = 3
# Names this long are refused before any decoding work is done on them (generous: percent-encoding triples a
# name's length each round).
_MAX_RAW_NAME_CHARS = 16 * 1024
_DISPLAY_CHARS = 100

# Unicode bidirectional controls: they reorder how a name is displayed ("invoice\u202efdp.exe" shows as
# "invoiceexe.pdf") without changing what it is.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters drawn like '/' or '\\' that NFKC leaves alone (U+2215 DIVISION SLASH, U+2044 FRACTION SLASH …) or
# maps to a real separator (the fullwidth and small forms): in a name they only serve to fake a folder path.
LOOKALIKE_SLASHES = frozenset(
    "\u2044\u2215\u2216\u2571\u2572\u27cb\u27cd\u29f5\u29f6\u29f7\u29f8\u29f9\u1735\ufe68\uff0f\uff3c"
)


class UploadRefused(DomainError):
    """An evidence file refused under A8.

    ``name`` is safe to display (control and direction characters escaped, long names shortened); ``message`` is a
    full sentence naming the file and what is wrong, with the limit and by how much where there is one. ``reason``
    says which part of the rule refused it (``"name"``, ``"extension"``, ``"size"``, ``"empty"``, ``"content"``,
    ``"pixels"``; the upload handler and the service add ``"count"``, ``"total"``, ``"request"``, ``"parts"``,
    ``"required"``) so the UI and the tests need not parse sentences; ``limit`` is the number that was broken
    (bytes for size/total/request, files for count/parts, characters for a too-long name, pixels for an image),
    ``None`` where no number applies.

    Every upload refusal reaches an API client in one shape, ``{"file": [message], "code": "A8", "reason": …,
    "limit": …}``: the message is the ``file`` field's error, ``reason`` and ``limit`` ride along in ``extra``.
    """

    def __init__(
        self, name: str, message: str, *, code: str = "A8", reason: str = "", limit: int | None = None
    ) -> None:
        super().__init__(code, message, field="file")
        self.name = name
        self.reason = reason
        self.limit = limit
        self.extra = {"reason": reason, "limit": limit}

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Inspection:
    """What an accepted file turned out to be; everything the storage layer needs to record it."""

    name: str  # cleaned display name
    extension: str  # lower-case, e.g. ".pdf"
    content_type: str  # canonical MIME type for the extension (CONTENT_TYPES)
    size: int  # bytes
    sha256: str  # hex digest of the content


# --- sizes in words ------------------------------------------------------------------------------------------


def format_bytes(n: int) -> str:
    """A size as people read it: "900 bytes", "512 KB", "12.4 MB" (KB = 1,024 bytes, MB = 1,048,576 bytes).

    One decimal, dropped when it is zero, so budgets read "12.4 of 30 MB".
    """
    if n < 1024:
        return "1 byte" if n == 1 else f"{n} bytes"
    for unit, size in (("KB", 1024), ("MB", MIB), ("GB", 1024 * MIB)):
        value = round(n / size, 1)
        # 1,048,575 bytes is "1 MB", not "1024 KB".
        if value < 1024 or unit == "GB":
            return f"{value:g} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def over_by(size: int, limit: int) -> str:
    """How far ``size`` is past ``limit``: exact bytes when under a kilobyte ("1 byte over"), else "2 MB over"."""
    return f"{format_bytes(size - limit)} over"


# --- the name ------------------------------------------------------------------------------------------------


def _display(text: str) -> str:
    """``text`` made safe to show: invisible and direction-changing characters written as escapes, long names cut."""
    shown = "".join(
        f"\\u{ord(ch):04x}" if ch in _BIDI_CONTROLS or not ch.isprintable() else ch for ch in text[: _DISPLAY_CHARS + 1]
    )
    return shown if len(text) <= _DISPLAY_CHARS else shown[:_DISPLAY_CHARS] + "…"


def clean_filename(raw: str) -> str:
    """The display name for the client's file name, or ``UploadRefused`` saying what is wrong with it.

    Nothing is silently repaired: ``../../etc/passwd.txt`` is refused, not turned into ``passwd.txt``, because a
    client that sends a path is either broken or probing, and either way the person should see why.
    """
    shown = _display(raw) or "(no name)"
    if len(raw) > _MAX_RAW_NAME_CHARS:
        raise UploadRefused(
            shown,
            f"{shown}: the file name is {len(raw):,} characters long; at most {MAX_NAME_CHARS} are allowed.",
            reason="name",
            limit=MAX_NAME_CHARS,
        )

    # Names arrive percent-encoded from some clients, and attackers encode twice ("%252e%252e%252f") to slip
    # "../" past a check that decodes once. Decode until stable, then check the decoded form.
    name = raw
    try:
        for _ in range(_MAX_DECODE_ROUNDS):
            decoded = unquote(name, errors="strict")
            if decoded == name:
                break
            name = decoded
        else:
            if unquote(name, errors="strict") != name:
                raise UploadRefused(
                    shown,
                    f"{shown}: the file name is percent-encoded more than {_MAX_DECODE_ROUNDS} times over; "
                    "rename the file to a plain name.",
                    reason="name",
                )
    except UnicodeDecodeError:
        raise UploadRefused(
            shown,
            f"{shown}: the file name contains a percent-encoded sequence that is not valid UTF-8; "
            "rename the file to a plain name.",
            reason="name",
        ) from None
    decoded_note = ", once percent-decoded," if name != raw else ""

    if "\x00" in name:
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains a NUL character (%00), which is used to hide a file's "
            "real extension; rename the file.",
            reason="name",
        )
    bidi = sorted({ch for ch in name if ch in _BIDI_CONTROLS})
    if bidi:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'DIRECTION CONTROL')}" for ch in bidi)
        raise UploadRefused(
            shown,
            f"{shown}: the file name contains Unicode direction controls ({which}) that make it display "
            "differently from what it is; rename the file.",
            reason="name",
        )
    controls = sorted({ch for ch in name if unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"}})
    if controls:
        which = ", ".join(f"U+{ord(ch):04X}" for ch in controls)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains control characters ({which}); rename the file.",
            reason="name",
        )
    # Django's multipart parser silently drops every character str.isprintable() rejects (format characters such
    # as U+200B ZERO WIDTH SPACE, spaces other than U+0020, private-use and unassigned code points): refuse them
    # here too, so a name is never one thing to the client and another to us.
    invisible = sorted({ch for ch in name if not ch.isprintable()})
    if invisible:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED CHARACTER')}" for ch in invisible)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains invisible or non-printable characters ({which}); "
            "rename the file.",
            reason="name",
        )
    lookalikes = sorted({ch for ch in name if ch in LOOKALIKE_SLASHES})
    if lookalikes:
        which = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'SLASH')}" for ch in lookalikes)
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} contains {which}, which looks like a folder separator ('/' or "
            "'\\'); rename the file.",
            reason="name",
        )
    # NFKC catches the remaining compatibility forms of the separators that some later normalisation could turn
    # into real ones.
    if any(sep in name or sep in unicodedata.normalize("NFKC", name) for sep in ("/", "\\")):
        parts = re.split(r"[/\\]", unicodedata.normalize("NFKC", name))
        why = "points outside its folder ('..') and " if any(p.strip() == ".." for p in parts) else ""
        raise UploadRefused(
            shown,
            f"{shown}: the file name{decoded_note} {why}contains a folder path ('/' or '\\'); file names may not "
            "contain folders — rename the file.",
            reason="name",
        )

    name = unicodedata.normalize("NFC", name)
    # Leading dots hide files on Unix, trailing dots and spaces are dropped by Windows: neither belongs in a name.
    unstripped, previous = name, None
    while previous != name:
        previous, name = name, name.strip().strip(".")
    if not name:
        if unstripped.strip() == "..":
            raise UploadRefused(
                shown, f"{shown}: the file name '..' means the parent folder; rename the file.", reason="name"
            )
        raise UploadRefused(shown, f"{shown}: the file has no name; rename it.", reason="name")
    if len(name) > MAX_NAME_CHARS:
        raise UploadRefused(
            _display(name),
            f"{_display(name)}: the file name is {len(name):,} characters long; at most {MAX_NAME_CHARS} are "
            f"allowed ({len(name) - MAX_NAME_CHARS:,} too many).",
            reason="name",
            limit=MAX_NAME_CHARS,
        )
    allowed_extension(name)
    return name


def rewritten_name_refusal(raw: str, rewritten: str | None) -> UploadRefused:
    """The refusal for a name that Django's multipart parser changed before anyone else saw it.

    The parser decodes HTML character references, keeps only the part after the last '/' or '\\' and drops
    unprintable characters, so ``../../etc/passwd.txt`` would quietly become ``passwd.txt`` and
    ``C:\\Users\\me\\scan.pdf`` ``scan.pdf``. A changed name is refused, never silently repaired: the message
    says what is wrong with the name as the client sent it.
    """
    try:
        clean_filename(raw)
    except UploadRefused as refusal:
        return refusal
    shown = _display(raw)
    unescaped = html.unescape(raw)
    if unescaped != raw:
        return UploadRefused(
            shown,
            f"{shown}: the file name contains HTML character references (such as “&#47;” or “&amp;”) that "
            f"change it into “{_display(unescaped)}”; rename the file to a plain name.",
            reason="name",
        )
    return UploadRefused(  # pragma: no cover - every rewrite the parser makes is caught above
        shown,
        f"{shown}: the file name was changed in transit to “{_display(rewritten or '')}”; rename the file to a "
        "plain name.",
        reason="name",
    )


def allowed_extension(name: str) -> str:
    """The lower-case extension of ``name`` (".pdf") if A8 allows it, else ``UploadRefused``.

    Only the last suffix counts: ``x.pdf.exe`` is an .exe to every operating system, whatever it pretends.
    """
    shown = _display(name)
    allowed = ", ".join(ALLOWED_EXTENSIONS)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not suffix:
        raise UploadRefused(
            shown,
            f"{shown}: the file name has no extension, so its type is unknown; allowed types are {allowed}.",
            reason="extension",
        )
    if not stem.strip(" ."):
        raise UploadRefused(shown, f"{shown}: the file has no name before its extension; rename it.", reason="name")
    extension = "." + suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRefused(
            shown,
            f"{shown}: {_display(extension)} files are not accepted as evidence; allowed types are {allowed}.",
            reason="extension",
        )
    return extension


# --- the content ---------------------------------------------------------------------------------------------

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
    head = fileobj.read(DETECT_BYTES)
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
    while chunk := fileobj.read(CHUNK_SIZE):
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


# Text files: the detector's readings that mean "this is binary". Only signatures of 4 bytes or more count
# (confidence 0.4): shorter ones such as "BM" (bitmap), "MZ" (DOS executable) or "I I" (TIFF) start ordinary
# sentences ("BMW invoice…"), and the binaries they stand for contain NUL bytes, which the text test refuses.
_TEXT_BINARY_KINDS = frozenset({"executable", "archive", "image", "pdf"})
_TEXT_MIN_CONFIDENCE = 0.4


def _check_text(fileobj: BinaryIO, name: str, extension: str) -> None:
    what = "plain text" if extension == ".txt" else "a web page saved as text (HTML)"
    matches = _detect(_head(fileobj))
    binary = [m for m in matches if m.confidence >= _TEXT_MIN_CONFIDENCE and _kind(m) in _TEXT_BINARY_KINDS]
    if binary:
        raise UploadRefused(
            name,
            f"{name}: the content is not {what} ({_describe(binary)}); rename it or upload the real file.",
            reason="content",
        )

    # UTF-8 (with or without a BOM) first; Windows-1252 as the fallback for older Windows editors. Both decoders
    # run over the same single pass; Windows-1252 leaves five byte values undefined, so it is a real test too.
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    utf8_ok = cp1252_ok = True
    offset = 0
    bad_offset = bad_byte = 0
    for chunk in _chunks(fileobj):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise UploadRefused(
                name,
                f"{name}: the content is not {what}: it contains NUL bytes (first at byte {offset + nul:,}), so it "
                "is binary data or text saved as UTF-16 — save it as UTF-8 text.",
                reason="content",
            )
        if utf8_ok:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                utf8_ok = False
        if cp1252_ok:
            try:
                cp1252.decode(chunk)
            except UnicodeDecodeError as exc:
                cp1252_ok = False
                bad_offset, bad_byte = offset + exc.start, chunk[exc.start]
        if not (utf8_ok or cp1252_ok):
            break
        offset += len(chunk)
    if utf8_ok:
        try:
            utf8.decode(b"", final=True)  # a multi-byte character cut off at the end
            return
        except UnicodeDecodeError:
            utf8_ok = False
    if cp1252_ok:
        return
    raise UploadRefused(
        name,
        f"{name}: the content is not readable text: it is neither UTF-8 nor Windows-1252 (byte 0x{bad_byte:02X} "
        f"at offset {bad_offset:,}); save it as UTF-8 text.",
        reason="content",
    )


# Camera raw (.raw) has no single signature: every maker has its own layout (many are TIFF-like, some are bare
# sensor dumps), so there is nothing to confirm. Instead a .raw is accepted unless it is recognisably something
# that could do harm if opened — an executable, a script, an archive, a PDF, a web page or SVG. Any signature of 2
# bytes or more at its fixed offset counts as recognised ("confident"): a real raw file never starts with "MZ" or a
# ZIP header, and refusing the odd headerless sensor dump that does by chance costs the uploader a re-export,
# whereas letting a disguised program through costs far more. Images are accepted: most raw formats are TIFF
# underneath.
_RAW_DANGEROUS_KINDS = frozenset({"executable", "script", "archive", "pdf", "markup"})
_RAW_MIN_CONFIDENCE = 0.2
# Heads refused whatever the detector says (it misses some, and a .raw is the easiest place to hide a program).
_RAW_REFUSED_HEADS: tuple[tuple[bytes, str], ...] = (
    (b"#!", "it starts with '#!', like a script"),
    (b"\x7fELF", "it looks like a Linux ELF executable"),
    (b"MZ", "it looks like a Windows executable"),
    (b"\xfe\xed\xfa\xce", "it looks like a macOS (Mach-O) executable"),
    (b"\xfe\xed\xfa\xcf", "it looks like a macOS (Mach-O) executable"),
    (b"\xce\xfa\xed\xfe", "it looks like a macOS (Mach-O) executable"),
    (b"\xcf\xfa\xed\xfe", "it looks like a macOS (Mach-O) executable"),
    (b"\xca\xfe\xba\xbe", "it looks like a macOS universal executable or a Java class"),
    (b"PK\x03\x04", "it looks like a ZIP archive, such as a .jar, .apk or Office file"),
    (b"PK\x05\x06", "it looks like a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "it looks like an OLE compound file (an old Office document or installer)"),
    (b"\x00asm", "it looks like a WebAssembly module"),
    (b"dex\n", "it looks like an Android executable"),
    (b"%PDF", "it looks like a PDF document"),
    (b"{\\rtf", "it looks like an RTF document"),
)
# A head this printable, with lines, is text (a script, a batch file), not sensor data: 12- and 16-bit samples put
# a byte below 0x20 in every other position, and 8-bit scenes spread over the whole range.
_RAW_TEXT_PRINTABLE_SHARE = 0.97
_RAW_TEXT_MAX_LINE = 400
_PRINTABLE_ASCII = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    printable = sum(1 for byte in head if byte in _PRINTABLE_ASCII)
    return printable >= _RAW_TEXT_PRINTABLE_SHARE * len(head) and head.count(b"\n") >= len(head) // _RAW_TEXT_MAX_LINE


def _check_raw(fileobj: BinaryIO, name: str, extension: str) -> None:
    head = _head(fileobj)
    for signature, says in _RAW_REFUSED_HEADS:
        if head.startswith(signature):
            raise UploadRefused(
                name,
                f"{name}: the content is not a camera raw image ({says}); upload the real file.",
                reason="content",
            )
    matches = _detect(head)
    dangerous = [m for m in matches if m.confidence >= _RAW_MIN_CONFIDENCE and _kind(m) in _RAW_DANGEROUS_KINDS]
    if dangerous:
        raise UploadRefused(
            name,
            f"{name}: the content is not a camera raw image ({_describe(dangerous)}); rename it or upload the "
            "real file.",
            reason="content",
        )
    if _looks_like_text(head):
        raise UploadRefused(
            name,
            f"{name}: the content is not a camera raw image (it is text, such as a script or a batch file); "
            "upload the real file.",
            reason="content",
        )
    _refuse_polyglot(fileobj, name, "a camera raw image")


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


# --- images and PDFs: they must open -----------------------------------------------------------------------------

_PILLOW_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".bmp": "BMP", ".tiff": "TIFF"}
# A BMP, PNG or TIFF is decoded in full to prove it is whole, which costs ~4 bytes per pixel for a moment; above
# this many pixels (a 600 dpi letter-size scan is 34 million) it is refused rather than decoded. JPEGs are decoded
# at 1/8 scale (libjpeg still reads every byte of the image data), so only Pillow's own bomb limit applies to them.
MAX_DECODED_PIXELS = 40_000_000


def _damage(exc: Exception) -> str:
    text = str(exc).lower()
    if "truncated" in text or isinstance(exc, EOFError):
        return "it is cut short"
    if isinstance(exc, UnidentifiedImageError):
        return "its header does not describe a valid image"
    return f"it is damaged: {_display(str(exc))[:120]}"


_STRICT_PILLOW = threading.Lock()


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Pillow with truncated images refused, whatever the process-wide setting says.

    WeasyPrint (the reports) sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole process when it is
    imported, and then Pillow decodes a half-sent image without a word. The flag is turned off only while an
    evidence image decodes; the lock keeps two checks from restoring it out of order. A report rendered at that very
    moment in another thread would, at worst, leave out a truncated picture.
    """
    with _STRICT_PILLOW:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _decode_image(fileobj: BinaryIO, name: str, label: str, fmt: str) -> None:
    fileobj.seek(0)
    with Image.open(_BoundedReads(fileobj), formats=[fmt]) as image:  # type: ignore[arg-type]
        width, height = image.size
        image.verify()  # PNG: every chunk's CRC up to IEND; the others: the header
    if fmt != "JPEG" and width * height > MAX_DECODED_PIXELS:
        raise UploadRefused(
            name,
            f"{name}: the image is {width:,} × {height:,} pixels ({width * height / 1e6:,.1f} million); at most "
            f"{MAX_DECODED_PIXELS / 1e6:g} million pixels are accepted for {label.split(' ', 1)[1]}s — save it "
            "as JPEG or PDF, or scan at a lower resolution.",
            reason="pixels",
            limit=MAX_DECODED_PIXELS,
        )
    fileobj.seek(0)
    with Image.open(_BoundedReads(fileobj), formats=[fmt]) as image:  # type: ignore[arg-type]
        if fmt == "JPEG":
            image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
        image.load()


def _check_image(fileobj: BinaryIO, name: str, extension: str) -> None:
    """The signature, then Pillow: the header must parse, ``verify()`` must pass and the pixels must decode."""
    _check_signature(fileobj, name, extension)
    label = _SIGNATURES[extension].label
    try:
        with _strict_pillow():
            _decode_image(fileobj, name, label, _PILLOW_FORMATS[extension])
    except UploadRefused:
        raise
    except Image.DecompressionBombError:
        raise UploadRefused(
            name,
            f"{name}: the image declares more pixels than any photo or scan has ({Image.MAX_IMAGE_PIXELS * 2:,} "
            "at most); it is refused as a possible decompression bomb.",
            reason="pixels",
            limit=Image.MAX_IMAGE_PIXELS * 2,
        ) from None
    except Exception as exc:  # Pillow's plugins raise whatever hostile bytes make them hit
        raise UploadRefused(
            name,
            f"{name}: the content starts like {label} but does not open as one — {_damage(exc)}; upload the "
            "original file.",
            reason="content",
        ) from None
    finally:
        fileobj.seek(0)
    _refuse_polyglot(fileobj, name, label)


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
        while size > 0 and (chunk := self.raw.read(min(size, CHUNK_SIZE))):
            size -= len(chunk)
            yield chunk

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def seekable(self) -> bool:
        return True


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


# RTF's own way to embed OLE objects and ActiveX controls (the vehicle of CVE-2017-11882 and its kin).
_RTF_OBJECT = re.compile(rb"\\(?:object|objdata|objemb|objlink|objocx|objautlink|objupdate)(?![a-z])")


def _check_rtf(fileobj: BinaryIO, name: str, extension: str) -> None:
    _check_signature(fileobj, name, extension)
    fileobj.seek(0)
    tail = b""
    for chunk in _chunks(fileobj):
        window = tail + chunk
        if _RTF_OBJECT.search(window):
            raise UploadRefused(
                name,
                f"{name}: the RTF document embeds an object (OLE or ActiveX), which can run code when opened; save "
                "it without the embedded object, or as PDF.",
                reason="content",
            )
        tail = window[-32:]
    fileobj.seek(0)


def _xml_refusal(name: str, where: str, exc: Exception) -> UploadRefused:
    if isinstance(exc, DTDForbidden):
        why = (
            "contains a document type declaration (DTD), which can define entity bombs and pull in external "
            "files; evidence files may not carry one"
        )
    elif isinstance(exc, EntitiesForbidden):
        why = "declares XML entities, which can expand without bound; evidence files may not declare any"
    elif isinstance(exc, ExternalReferenceForbidden):
        why = "refers to an external resource; evidence files must be self-contained"
    else:
        why = f"is not well-formed XML ({exc})"
    return UploadRefused(name, f"{name}: {where} {why}.", reason="content")


class _GrowingReader:
    """Hands expat blocks that double from 64 KiB up to 4 MiB, whatever size ``iterparse`` asks for (16 KiB).

    The expat bundled with Python 3.11 (2.5) re-scans a token that is still incomplete from its start on every
    feed, so one 10 MB comment or attribute fed 16 KiB at a time costs ~8 s of CPU (quadratic). Growing blocks
    keep that to a handful of feeds while no more than 4 MiB is held at once.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.block = CHUNK_SIZE

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(self.block)
        self.block = min(self.block * 2, XML_MAX_BLOCK)
        return data


def _parse_xml(source: BinaryIO, name: str, where: str, on_element: Callable[[Element], None] | None = None) -> None:
    """Parse ``source`` incrementally with defusedxml (no DTD, no entities, no external references).

    Each element is cleared once seen, so the tree never grows however big the document. ``on_element`` sees
    every element (with its attributes) before it is cleared.
    """
    try:
        for _event, element in SafeET.iterparse(_GrowingReader(source), events=("end",), forbid_dtd=True):
            if on_element is not None:
                on_element(element)
            element.clear()
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden, ParseError) as exc:
        raise _xml_refusal(name, where, exc) from None


def _check_xml(fileobj: BinaryIO, name: str, extension: str) -> None:
    fileobj.seek(0)
    _parse_xml(fileobj, name, "the file")


def _unsafe_entry_name(entry: str) -> bool:
    """Would extracting this entry write outside the folder it is extracted into?"""
    if "\x00" in entry or entry.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", entry):
        return True
    # ".." and also "..." / ". ." — Windows drops trailing dots and spaces, so those can mean ".." there.
    return any(len(part.strip()) >= 2 and set(part.strip()) <= {".", " "} for part in re.split(r"[/\\]", entry))


# Everything reading a hostile ZIP can raise: the central directory or an entry may be damaged, truncated,
# compressed with a method zipfile lacks, or fail its CRC.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError, NotImplementedError)


def _open_zip(fileobj: BinaryIO, name: str, label: str) -> zipfile.ZipFile:
    """Open the container and check its directory — before a single entry is decompressed.

    zipfile parses the whole central directory before the entry count can be checked. Its size is bounded by the
    file's: the worst a 10 MB upload can declare is ~130,000 empty entries, about a second of CPU and 60 MB once,
    which we accept rather than parse the ZIP end record by hand.

    Sizes are the directory's declared ones; they cannot be used to lie past the limits, because zipfile stops an
    entry at its declared size and then fails it on the CRC.
    """
    fileobj.seek(0)
    try:
        archive = zipfile.ZipFile(fileobj)
    except _ZIP_ERRORS as exc:
        raise UploadRefused(
            name, f"{name}: the content is not {label}: it is not a valid ZIP container ({exc}).", reason="content"
        ) from None
    try:
        _check_zip_directory(archive, name)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_zip_directory(archive: zipfile.ZipFile, name: str) -> None:
    """Entry count, entry paths, encryption and expansion, from the central directory alone."""
    entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        raise UploadRefused(
            name,
            f"{name}: the document holds {len(entries):,} files inside; at most {ZIP_MAX_ENTRIES:,} are allowed "
            f"({len(entries) - ZIP_MAX_ENTRIES:,} over).",
            reason="content",
        )
    seen: set[str] = set()
    total = 0
    for info in entries:
        entry = _display(info.orig_filename)
        if _unsafe_entry_name(info.orig_filename):
            raise UploadRefused(
                name,
                f"{name}: the document contains an entry with an unsafe path ({entry}) that would be written "
                "outside its folder when unpacked; upload a copy saved by your word processor.",
                reason="content",
            )
        if info.filename in seen:
            # Two entries with one name: different readers would pick different ones.
            raise UploadRefused(
                name, f"{name}: the document contains the entry {entry} twice; it is damaged.", reason="content"
            )
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise UploadRefused(
                name,
                f"{name}: the document is encrypted (entry {entry}); upload a copy without a password.",
                reason="content",
            )
        if info.file_size > ZIP_RATIO_GRACE_BYTES and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise UploadRefused(
                name,
                f"{name}: the entry {entry} expands {ratio:,.0f} times (from {format_bytes(info.compress_size)} to "
                f"{format_bytes(info.file_size)}); more than {ZIP_MAX_RATIO} times is refused as a possible zip "
                "bomb.",
                reason="content",
            )
        total += info.file_size
        if total > ZIP_MAX_UNCOMPRESSED_BYTES:
            declared = sum(i.file_size for i in entries)
            raise UploadRefused(
                name,
                f"{name}: the document unpacks to {format_bytes(declared)}, "
                f"{over_by(declared, ZIP_MAX_UNCOMPRESSED_BYTES)} the {format_bytes(ZIP_MAX_UNCOMPRESSED_BYTES)} "
                "limit; it is refused as a possible zip bomb.",
                reason="content",
            )


def _parse_part(
    archive: zipfile.ZipFile, name: str, part: str, on_element: Callable[[Element], None] | None = None
) -> None:
    try:
        with archive.open(part) as stream:
            _parse_xml(stream, name, f"the part {part}", on_element)
    except _ZIP_ERRORS as exc:
        raise UploadRefused(
            name, f"{name}: the part {part} cannot be unpacked ({exc}); the document is damaged.", reason="content"
        ) from None


def _require_parts(archive: zipfile.ZipFile, name: str, label: str, parts: tuple[str, ...]) -> None:
    present = set(archive.namelist())
    missing = [p for p in parts if p not in present]
    if missing:
        raise UploadRefused(
            name,
            f"{name}: the content is not {label}: the required part{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing; upload the real file.",
            reason="content",
        )


_DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Relationship types (the last segment of their URI) that embed a program or an object another program opens.
_OLE_RELATIONSHIPS = frozenset({"oleobject", "package", "control", "activexcontrol", "activexcontrolbinary"})
# Office fetches an external relationship's target by itself when the document opens (a remote template, a linked
# picture or frame, an OLE link) — a tracking beacon at best, a macro or NTLM-hash theft at worst. A hyperlink is
# only followed when the reader clicks it, so one to a web or mail address is the single kind allowed.
_CLICK_ONLY_RELATIONSHIPS = frozenset({"hyperlink"})
_WEB_SCHEMES = ("http:", "https:", "mailto:")
_URI_SCHEME = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|[\\/]{2})")


def _is_external(target: str, mode: str) -> bool:
    """A relationship reaching outside the package: declared External, or a target with a scheme or a UNC path."""
    return mode.strip().lower() == "external" or bool(_URI_SCHEME.match(target))


def _xml_parts(archive: zipfile.ZipFile, content_types: dict[str, str]) -> list[str]:
    """Every part a word processor parses as XML: by extension (.xml, .rels, .rdf) or by declared content type."""
    parts = []
    for entry in archive.namelist():
        if entry.endswith("/"):
            continue
        lower = entry.lower()
        declared = content_types.get("/" + lower) or content_types.get("." + lower.rpartition(".")[2], "")
        if lower.endswith((".xml", ".rels", ".rdf")) or declared.lower().endswith("xml"):
            parts.append(entry)
    return parts


def _ole_refusal(name: str, where: str) -> UploadRefused:
    return UploadRefused(
        name,
        f"{name}: the document embeds an object or control ({where}), which can run code when opened; save it "
        "without embedded objects, or as PDF.",
        reason="content",
    )


def _external_refusal(name: str, target: str, where: str) -> UploadRefused:
    return UploadRefused(
        name,
        f"{name}: the document refers to an external resource ({_display(target)[:80]}, in {where}) that the word "
        "processor fetches when the document is opened; evidence files must be self-contained — save a copy "
        "without linked content, or as PDF.",
        reason="content",
    )


def _check_docx(fileobj: BinaryIO, name: str, extension: str) -> None:
    _check_signature(fileobj, name, extension)
    label = _SIGNATURES[extension].label
    with _open_zip(fileobj, name, label) as archive:
        _require_parts(archive, name, label, _DOCX_PARTS)
        content_types: dict[str, str] = {}

        def note_content_type(element: Element) -> None:
            if element.tag == _CT_NS + "Override":
                content_types[(element.get("PartName") or "").lower()] = element.get("ContentType") or ""
            elif element.tag == _CT_NS + "Default":
                content_types["." + (element.get("Extension") or "").lower()] = element.get("ContentType") or ""

        _parse_part(archive, name, "[Content_Types].xml", note_content_type)
        declared = [ct.lower() for ct in content_types.values()]
        # A macro-enabled document (.docm) renamed to .docx: Word refuses to open it, but it still carries code.
        names = [n.lower() for n in archive.namelist()]
        if any(n.endswith("vbaproject.bin") for n in names) or any("macroenabled" in ct for ct in declared):
            raise UploadRefused(
                name,
                f"{name}: the document contains macros (it is a macro-enabled .docm saved as .docx); "
                "save it as a plain .docx or as PDF.",
                reason="content",
            )
        for entry, lower in zip(archive.namelist(), names, strict=True):
            if lower.startswith(("word/embeddings/", "word/activex/")) or "oleobject" in lower:
                raise _ole_refusal(name, f"the part {_display(entry)}")
        if any("oleobject" in ct or "activex" in ct for ct in declared):
            raise _ole_refusal(name, "an OLE object part is declared in [Content_Types].xml")

        for part in _xml_parts(archive, content_types):
            if part == "[Content_Types].xml":
                continue
            if not part.lower().endswith(".rels"):
                _parse_part(archive, name, part)
                continue

            def check_relationship(element: Element, part: str = part) -> None:
                if element.tag != _RELATIONSHIP:
                    return
                kind = (element.get("Type") or "").rstrip("/").rpartition("/")[2].lower()
                target = element.get("Target") or ""
                if kind in _OLE_RELATIONSHIPS:
                    raise _ole_refusal(name, f"a {kind} relationship in {part}")
                if not _is_external(target, element.get("TargetMode") or ""):
                    return
                if kind in _CLICK_ONLY_RELATIONSHIPS and target.strip().lower().startswith(_WEB_SCHEMES):
                    return
                if kind == "attachedtemplate":
                    raise UploadRefused(
                        name,
                        f"{name}: the document loads its template from {_display(target)[:80]} when it is opened (a "
                        "remote attached template, a known way to bring in macros); save a copy without the "
                        "template link, or as PDF.",
                        reason="content",
                    )
                raise _external_refusal(name, target, part)

            _parse_part(archive, name, part, check_relationship)


_ODT_PARTS = ("mimetype", "content.xml", "META-INF/manifest.xml")
_ODT_MIMETYPE_READ = 100
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
_MANIFEST_ENCRYPTION = _MANIFEST + "encryption-data"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_SCRIPT = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# ODF's embedded objects: an OLE object, or another document (chart, formula, spreadsheet) run by its own engine.
_ODF_OBJECTS = frozenset({_DRAW + "object-ole", _DRAW + "object", _DRAW + "applet", _DRAW + "plugin"})
# Hyperlinks: followed only when clicked (see _CLICK_ONLY_RELATIONSHIPS).
_ODF_LINKS = frozenset({_TEXT + "a", _DRAW + "a"})
_ODF_OBJECT_ENTRY = re.compile(r"^(?:Object \d+|ObjectReplacements)(?:/|$)", re.IGNORECASE)
_ODF_MACRO_ENTRY = re.compile(r"^(?:Basic|Scripts|Dialogs)/", re.IGNORECASE)
_ODF_SCRIPT_SCHEMES = ("vnd.sun.star.script:", "macro:", "vnd.sun.star.basic:", "javascript:")


def _odf_element_check(name: str, part: str) -> Callable[[Element], None]:
    def check(element: Element) -> None:
        if element.tag in _ODF_OBJECTS:
            raise _ole_refusal(name, f"a draw:{element.tag.rpartition('}')[2]} element in {part}")
        if element.tag.startswith(_SCRIPT):
            raise UploadRefused(
                name,
                f"{name}: the document attaches macros or scripts to events (in {part}); save a copy without "
                "macros, or as PDF.",
                reason="content",
            )
        href = (element.get(_XLINK_HREF) or "").strip()
        if not href:
            return
        if href.lower().startswith(_ODF_SCRIPT_SCHEMES):
            raise UploadRefused(
                name,
                f"{name}: the document calls a macro or script ({_display(href)[:80]}, in {part}); save a copy "
                "without macros, or as PDF.",
                reason="content",
            )
        if not _URI_SCHEME.match(href):
            return  # a part of this package ("Pictures/1.png")
        if element.tag in _ODF_LINKS and href.lower().startswith(_WEB_SCHEMES):
            return
        raise _external_refusal(name, href, part)

    return check


def _check_odt(fileobj: BinaryIO, name: str, extension: str) -> None:
    _check_signature(fileobj, name, extension)
    label = _SIGNATURES[extension].label
    with _open_zip(fileobj, name, label) as archive:
        _require_parts(archive, name, label, _ODT_PARTS)
        try:
            with archive.open("mimetype") as stream:
                mimetype = stream.read(_ODT_MIMETYPE_READ)  # bounded: a mimetype is one short line
        except _ZIP_ERRORS as exc:
            raise UploadRefused(
                name,
                f"{name}: the mimetype entry cannot be unpacked ({exc}); the document is damaged.",
                reason="content",
            ) from None
        if mimetype != ODT_MIMETYPE:
            shown = _display(mimetype.decode("ascii", "replace"))
            raise UploadRefused(
                name,
                f"{name}: the content is not {label}: its mimetype entry says “{shown}”; rename it or upload "
                "the real file.",
                reason="content",
            )
        for entry in archive.namelist():
            if _ODF_OBJECT_ENTRY.match(entry):
                raise _ole_refusal(name, f"the entry {_display(entry)}")
            if _ODF_MACRO_ENTRY.match(entry):
                raise UploadRefused(
                    name,
                    f"{name}: the document contains macros (the entry {_display(entry)}); save a copy without "
                    "macros, or as PDF.",
                    reason="content",
                )
        encrypted: list[Element] = []
        subdocuments: list[str] = []

        def note_manifest(element: Element) -> None:
            if element.tag == _MANIFEST_ENCRYPTION:
                encrypted.append(element)
            elif element.tag == _MANIFEST + "file-entry":
                path = element.get(_MANIFEST + "full-path") or ""
                media = (element.get(_MANIFEST + "media-type") or "").lower()
                if path != "/" and ("opendocument" in media or "oleobject" in media or "star.object" in media):
                    subdocuments.append(path)

        _parse_part(archive, name, "META-INF/manifest.xml", note_manifest)
        if encrypted:
            # ODF encrypts parts itself rather than with ZIP encryption; the manifest says so.
            raise UploadRefused(
                name,
                f"{name}: the document is password-protected; upload a copy without a password.",
                reason="content",
            )
        if subdocuments:
            raise _ole_refusal(name, f"the embedded document {_display(subdocuments[0])}")
        for part in _xml_parts(archive, {}):
            if part != "META-INF/manifest.xml":
                _parse_part(archive, name, part, _odf_element_check(name, part))


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


def size_refusal(name: str, size: int, limit: int = MAX_FILE_BYTES) -> UploadRefused:
    """The "too large" refusal for a file of ``size`` bytes (also used by the streaming upload handler)."""
    which = "per file " if limit == MAX_FILE_BYTES else ""
    # "10 MB" for both the file and the limit would read oddly; then the exact byte count says it.
    shown = format_bytes(size) if format_bytes(size) != format_bytes(limit) else f"{size:,} bytes"
    return UploadRefused(
        name,
        f"{name} is too large: {over_by(size, limit)} the {format_bytes(limit)} limit {which}(it is {shown}; "
        "1 MB = 1,048,576 bytes).",
        reason="size",
        limit=limit,
    )


def _size_refusal(fileobj: BinaryIO, name: str, seen: int, limit: int) -> UploadRefused:
    """The "too large" refusal, with the file's real size: found by seeking to the end, not by reading it."""
    size = seen
    try:
        end = fileobj.seek(0, os.SEEK_END)
        size = max(seen, end if isinstance(end, int) else fileobj.tell())
    except (OSError, AttributeError, ValueError):
        size = seen + sum(len(chunk) for chunk in _chunks(fileobj))
    return size_refusal(name, size, limit)


def inspect_upload(fileobj: BinaryIO, raw_name: str, *, size_limit: int = MAX_FILE_BYTES) -> Inspection:
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
        content_type=CONTENT_TYPES[extension],
        size=size,
        sha256=digest.hexdigest(),
    )
