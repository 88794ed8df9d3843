"""A8 images (.jpg/.jpeg, .png, .bmp, .tiff, camera .raw): the signature, then Pillow must open and decode it;
a .raw, which has no signature of its own, must not be anything that could do harm when opened.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from PIL import Image, ImageFile

from . import limits
from .refusals import UploadRefused
from .signatures import (
    _SIGNATURES,
    _BoundedReads,
    _check_signature,
    _damage,
    _describe,
    _detect,
    _head,
    _kind,
    _refuse_polyglot,
)

_PILLOW_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".bmp": "BMP", ".tiff": "TIFF"}


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
    if fmt != "JPEG" and width * height > limits.MAX_DECODED_PIXELS:
        raise UploadRefused(
            name,
            f"{name}: the image is {width:,} × {height:,} pixels ({width * height / 1e6:,.1f} million); at most "
            f"{limits.MAX_DECODED_PIXELS / 1e6:g} million pixels are accepted for {label.split(' ', 1)[1]}s — save it "
            "as JPEG or PDF, or scan at a lower resolution.",
            reason="pixels",
            limit=limits.MAX_DECODED_PIXELS,
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
