"""A8's numbers in one place: what an appeal may hold, which files are accepted, and the bounds of inspection.

Read by the upload handler, the services, the pages and the API, and checked against the Django settings at
startup (``appeals.checks``). Imports nothing, so anything may import it.
"""

from __future__ import annotations

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

# A BMP, PNG or TIFF is decoded in full to prove it is whole, which costs ~4 bytes per pixel for a moment; above
# this many pixels (a 600 dpi letter-size scan is 34 million) it is refused rather than decoded. JPEGs are decoded
# at 1/8 scale (libjpeg still reads every byte of the image data), so only Pillow's own bomb limit applies to them.
MAX_DECODED_PIXELS = 40_000_000

# --- the request -----------------------------------------------------------------------------------------------

#: Multipart overhead allowed on top of the largest acceptable payload before a request is refused unread.
REQUEST_SLACK = 1 * MIB
#: The largest request body an evidence URL reads at all (31 MB).
MAX_REQUEST_BYTES = MAX_TOTAL_BYTES + REQUEST_SLACK


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
