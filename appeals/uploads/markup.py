"""A8 text and markup (.txt, .htm, .xml): text must be text (UTF-8 or Windows-1252, no NUL, no binary
signature); XML is parsed as a stream with defusedxml (no DTD, no entities, no external references) — also
for the XML parts of Office and ODF documents.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET

from . import limits
from .refusals import UploadRefused
from .signatures import _chunks, _describe, _detect, _head, _kind

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
        self.block = limits.CHUNK_SIZE

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(self.block)
        self.block = min(self.block * 2, limits.XML_MAX_BLOCK)
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
