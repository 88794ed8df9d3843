"""Real, small evidence files for every A8 extension, and hostile ones, built in memory.

Used by the upload-inspection tests and by API / browser tests that need something to upload. Images are
encoded by Pillow (installed as a dependency of WeasyPrint), PDFs, Word and OpenDocument files are built by
hand to their specifications, so each sample opens in the program its extension names.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from typing import NoReturn

from PIL import Image

# A fixed timestamp keeps ZIP-based samples byte-for-byte reproducible.
_ZIP_DATE = (2024, 1, 2, 3, 4, 6)

TEXT = "Evidence for appeal A-1042: the brand’s registration certificate, issued 2024-01-15 — ünïcode ok.\n"


# --- images --------------------------------------------------------------------------------------------------


def _image(fmt: str, **options) -> bytes:
    """An 8×8 gradient, so the encoder has real pixels to work on."""
    image = Image.new("RGB", (8, 8))
    image.putdata([(x * 32, y * 32, 128) for y in range(8) for x in range(8)])
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiff_big_endian() -> bytes:
    """A 1×1 uncompressed bilevel TIFF in Motorola byte order (``MM\\0*``), written field by field.

    Pillow only writes Intel order (``II*\\0``); both are TIFF and both must be accepted.
    """
    entries = [
        (256, 3, 1, 1 << 16),  # ImageWidth = 1 (a SHORT sits in the high half of the 4-byte value field)
        (257, 3, 1, 1 << 16),  # ImageLength = 1
        (259, 3, 1, 1 << 16),  # Compression = none
        (262, 3, 1, 0),  # PhotometricInterpretation = WhiteIsZero
        (273, 4, 1, 8 + 2 + 12 * 6 + 4),  # StripOffsets: the pixel byte right after the IFD
        (279, 4, 1, 1),  # StripByteCounts
    ]
    ifd = struct.pack(">H", len(entries)) + b"".join(struct.pack(">HHII", *e) for e in entries) + bytes(4)
    return b"MM\x00*" + struct.pack(">I", 8) + ifd + b"\x00"


def _raw(size: int = 2048) -> bytes:
    """A bare 12-bit RGGB Bayer sensor dump, little-endian 16-bit words: what a .raw from a camera module is.

    One 32×32 tile of noisy levels, repeated to ``size`` bytes.
    """
    rng = random.Random(1042)
    words = []
    for i in range(32 * 32):
        x, y = i % 32, i // 32
        base = (400, 900, 900, 300)[(y % 2) * 2 + (x % 2)]  # R, G, G, B levels
        words.append(min(4095, base + 20 * x + rng.randrange(64)))
    tile = struct.pack(f"<{len(words)}H", *words)
    return (tile * (size // len(tile) + 1))[:size]


# --- documents -----------------------------------------------------------------------------------------------


def _pdf(pad: int = 0) -> bytes:
    """A one-page PDF 1.4 with a line of Helvetica text and a correct cross-reference table.

    ``pad`` bytes of comment go right after the header, so a padded PDF is still valid from end to end.
    """
    text = b"BT /F1 18 Tf 72 720 Td (Evidence for appeal A-1042) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    if pad:
        if pad < 2:
            raise ValueError("a PDF comment needs at least 2 bytes")
        out += b"%" + b" " * (pad - 2) + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zip(members: list[tuple[str, bytes]], *, stored: frozenset[str] = frozenset()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


DOCX_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
DOCX_DOCUMENT = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>Evidence for appeal A-1042</w:t></w:r></w:p></w:body></w:document>"
)


def docx_bytes(
    document_xml: bytes = DOCX_DOCUMENT,
    *,
    content_types: bytes = DOCX_CONTENT_TYPES,
    extra: list[tuple[str, bytes]] | None = None,
    leave_out: tuple[str, ...] = (),
) -> bytes:
    """A minimal Word document (the three parts Word needs), with hooks for hostile variants."""
    members = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", DOCX_RELS),
        ("word/document.xml", document_xml),
        *(extra or []),
    ]
    return _zip([(name, data) for name, data in members if name not in leave_out])


ODT_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    b'manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
    b'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
ODT_CONTENT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    b"<office:body><office:text><text:p>Evidence for appeal A-1042</text:p></office:text></office:body>"
    b"</office:document-content>"
)


def odt_bytes(
    content_xml: bytes = ODT_CONTENT,
    *,
    mimetype: bytes = b"application/vnd.oasis.opendocument.text",
    manifest: bytes = ODT_MANIFEST,
) -> bytes:
    """A minimal OpenDocument text: ``mimetype`` first and stored, as the ODF specification requires."""
    return _zip(
        [("mimetype", mimetype), ("META-INF/manifest.xml", manifest), ("content.xml", content_xml)],
        stored=frozenset({"mimetype"}),
    )


_HTML = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Evidence</title></head>\n'
    f"<body><p>{TEXT.strip()}</p></body></html>\n"
).encode()
_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<evidence appeal="A-1042"><item kind="certificate">{TEXT.strip()}</item></evidence>\n'
).encode()
_RTF = rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Times New Roman;}}\f0\fs24 Evidence for appeal A-1042.\par}"


def sample_bytes(ext: str) -> bytes:
    """A small, real file for ``ext`` (any A8 extension, with or without the dot, any case)."""
    ext = "." + ext.lower().lstrip(".")
    builders = {
        ".jpg": lambda: _image("JPEG", quality=90),
        ".jpeg": lambda: _image("JPEG", quality=90),
        ".png": lambda: _image("PNG"),
        ".bmp": lambda: _image("BMP"),
        ".tiff": lambda: _image("TIFF"),
        ".raw": _raw,
        ".pdf": _pdf,
        ".docx": docx_bytes,
        ".odt": odt_bytes,
        ".htm": lambda: _HTML,
        ".rtf": lambda: _RTF,
        ".txt": lambda: TEXT.encode(),
        ".xml": lambda: _XML,
    }
    if ext not in builders:
        raise ValueError(f"no sample for {ext}")
    return builders[ext]()


def padded(ext: str, size: int) -> bytes:
    """A valid ``ext`` file of exactly ``size`` bytes, for the formats that tolerate filler.

    txt: ASCII lines after the sample text; htm / xml: a trailing comment; pdf: a comment after the header (the
    cross-reference offsets are recomputed); png: a private ancillary chunk before IEND; raw: more sensor data.
    """
    ext = "." + ext.lower().lstrip(".")
    if ext == ".raw":
        return _raw(size)
    if ext == ".txt":
        base = TEXT.encode()
        need = size - len(base)
        if need < 0:
            return _short(ext, size)
        filler = b"Further detail about the evidence, line after line.\n"
        return base + (filler * (need // len(filler) + 1))[:need]
    if ext in {".htm", ".xml"}:
        # Many short comments after the document, then spaces: both allowed after the root element.
        base = sample_bytes(ext)
        need = size - len(base)
        if need < 0:
            return _short(ext, size)
        comment = b"<!-- further detail about the evidence -->\n"
        return base + comment * (need // len(comment)) + b" " * (need % len(comment))
    if ext == ".png":
        base = sample_bytes(ext)
        need = size - len(base) - 12
        if need < 0:
            return _short(ext, size)
        return base[:-12] + _png_chunk(b"prVt", b"\0" * need) + base[-12:]
    if ext == ".pdf":
        pad = max(2, size - len(_pdf()))
        for _ in range(4):  # the startxref number may gain a digit; settle in a round or two
            data = _pdf(pad)
            if len(data) == size:
                return data
            pad += size - len(data)
            if pad < 2:
                return _short(ext, size)
        raise ValueError(f"cannot pad a PDF to exactly {size} bytes")
    raise ValueError(f"{ext} cannot be padded to an exact size")


def _short(ext: str, size: int) -> NoReturn:
    raise ValueError(f"a {ext} sample cannot be as small as {size} bytes")


# --- hostile files -------------------------------------------------------------------------------------------


@functools.cache
def zip_bomb_docx() -> bytes:
    """A valid-looking .docx with a 120 MB media entry of zeros that compresses about 230:1 (≈ 0.5 MB)."""
    out = io.BytesIO(docx_bytes())
    # By name, not ZipInfo, so that the archive's compresslevel applies (level 1: four times faster on zeros).
    with (
        zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/image1.bmp", "w", force_zip64=True) as entry,
    ):
        block = bytes(1 << 20)
        for _ in range(120):
            entry.write(block)
    return out.getvalue()


def traversal_docx() -> bytes:
    """A .docx with an entry that would be written two folders up when unpacked."""
    return docx_bytes(extra=[("../../evil.txt", b"owned\n")])


def encrypted_docx() -> bytes:
    """A .docx whose document part carries the ZIP "encrypted" flag (zipfile cannot write real encryption)."""
    data = bytearray(docx_bytes())
    name = b"word/document.xml"
    # Set bit 0 of the general-purpose flags in the local header (offset 6) and the central directory (offset 8).
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(name)] == name:
                data[start + flag_at] |= 0x01
            start += 4
    return bytes(data)


def macro_docx() -> bytes:
    """A macro-enabled document (.docm) saved under a .docx name."""
    content_types = DOCX_CONTENT_TYPES.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return docx_bytes(content_types=content_types, extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(60))])


XXE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE evidence [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    "<evidence>&xxe;</evidence>\n"
)

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">\n' for i in range(1, 10))
    + "]>\n<lolz>&lol9;</lolz>\n"
)


def xxe_xml() -> bytes:
    """XML that reads /etc/passwd through an external entity."""
    return XXE.encode()


def billion_laughs_xml() -> bytes:
    """The classic entity bomb: nine levels of ten, 10⁹ "lol"s from under 1 KB."""
    return BILLION_LAUGHS.encode()


def xxe_docx() -> bytes:
    return docx_bytes(XXE.encode().replace(b"evidence", b"w:document"))


def billion_laughs_docx() -> bytes:
    return docx_bytes(billion_laughs_xml())


def exe_bytes() -> bytes:
    """The head of a Windows PE executable: DOS header ("MZ"), DOS stub, "PE\\0\\0" and a COFF header."""
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    e_lfanew = 0x80
    dos = bytearray(64)
    struct.pack_into("<2sHHHHHHHHHHHHH", dos, 0, b"MZ", 0x90, 3, 0, 4, 0, 0xFFFF, 0, 0xB8, 0, 0, 0, 0x40, 0)
    struct.pack_into("<I", dos, 0x3C, e_lfanew)
    head = bytes(dos) + stub
    head += bytes(e_lfanew - len(head))
    # i386, no sections, no optional header, flags: executable image, 32-bit.
    coff = struct.pack("<4sHHIIIHH", b"PE\x00\x00", 0x14C, 0, 0x65A0B000, 0, 0, 0, 0x0102)
    return head + coff + bytes(512 - len(head) - len(coff))


def elf_bytes() -> bytes:
    """A complete x86-64 Linux ELF executable that exits with status 0 (120 bytes + code)."""
    code = b"\xb8\x3c\x00\x00\x00\x31\xff\x0f\x05"  # mov eax, 60 (exit); xor edi, edi; syscall
    base, header_size = 0x400000, 64 + 56
    ident = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    header = ident + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, base + header_size, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    program = struct.pack("<IIQQQQQQ", 1, 5, 0, base, base, header_size + len(code), header_size + len(code), 0x1000)
    return header + program + code
