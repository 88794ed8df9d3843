"""A8 — evidence file inspection: names, extensions, sizes and content (no database needed)."""

from __future__ import annotations

import hashlib
import io
import random
import zipfile
from xml.etree import ElementTree

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from appeals import uploads
from appeals.uploads import (
    ALLOWED_EXTENSIONS,
    CHUNK_SIZE,
    CONTENT_TYPES,
    INLINE_SAFE_TYPES,
    MAX_FILE_BYTES,
    MIB,
    UploadRefused,
    allowed_extension,
    clean_filename,
    format_bytes,
    inspect_upload,
    over_by,
)
from core.errors import DomainError
from tests.appeals import samples

ALLOWED_LIST = ", ".join(ALLOWED_EXTENSIONS)


def refused(data: bytes | io.IOBase, name: str, **kwargs) -> UploadRefused:
    """Inspect and return the refusal (failing the test if the file was accepted)."""
    fileobj = io.BytesIO(data) if isinstance(data, bytes) else data
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(fileobj, name, **kwargs)
    assert caught.value.code == "A8"
    return caught.value


def name_refused(raw: str) -> UploadRefused:
    with pytest.raises(UploadRefused) as caught:
        clean_filename(raw)
    assert caught.value.code == "A8"
    assert caught.value.reason in {"name", "extension"}
    return caught.value


class ReadRecorder(io.BytesIO):
    """A file object that remembers every read size, to prove nothing is read whole."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        assert size is not None and size >= 0, "read() without a size would load the whole file"
        self.reads.append(size)
        data = super().read(size)
        self.bytes_read += len(data)
        return data


# --- accepted files ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", ALLOWED_EXTENSIONS + tuple(e.upper() for e in ALLOWED_EXTENSIONS))
def test_a8_every_allowed_extension_accepted(ext):
    # given a real file of that type, named in either case
    data = samples.sample_bytes(ext)
    fileobj = io.BytesIO(data)
    # when it is inspected
    result = inspect_upload(fileobj, f"Evidence 1{ext}")
    # then it is described by its checked extension, not by anything the client said
    assert result.name == f"Evidence 1{ext}"
    assert result.extension == ext.lower()
    assert result.content_type == CONTENT_TYPES[ext.lower()]
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert fileobj.tell() == 0, "the file is left ready to be stored"


def test_a8_docx_content_type_is_the_canonical_one():
    result = inspect_upload(io.BytesIO(samples.sample_bytes("docx")), "letter.docx")
    assert result.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a8_samples_are_real_files():
    # The samples must open in the programs their extensions name, or the acceptance tests prove nothing.
    for ext, fmt in ((".jpg", "JPEG"), (".png", "PNG"), (".bmp", "BMP"), (".tiff", "TIFF")):
        image = Image.open(io.BytesIO(samples.sample_bytes(ext)))
        assert image.format == fmt and image.size == (8, 8)
        image.verify()
    assert Image.open(io.BytesIO(samples.tiff_big_endian())).size == (1, 1)
    for data in (samples.sample_bytes(".pdf"), samples.padded(".pdf", 50_000)):
        reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        assert "Evidence for appeal" in reader.pages[0].extract_text()
    for ext in (".docx", ".odt"):
        with zipfile.ZipFile(io.BytesIO(samples.sample_bytes(ext))) as archive:
            assert archive.testzip() is None
            for member in archive.namelist():
                if member.endswith(".xml"):
                    ElementTree.fromstring(archive.read(member))
    with zipfile.ZipFile(io.BytesIO(samples.sample_bytes(".odt"))) as archive:
        assert archive.infolist()[0].filename == "mimetype"
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED
    ElementTree.fromstring(samples.sample_bytes(".xml"))
    assert samples.sample_bytes(".rtf").startswith(b"{\\rtf1")
    png = Image.open(io.BytesIO(samples.padded(".png", 5_000)))
    png.load()
    assert png.size == (8, 8)


def test_a8_big_endian_tiff_accepted():
    assert samples.tiff_big_endian().startswith(b"MM\x00*")
    assert inspect_upload(io.BytesIO(samples.tiff_big_endian()), "scan.tiff").content_type == "image/tiff"


@pytest.mark.parametrize(
    "data",
    [
        "Ordinary words in Windows-1252: café, naïve — 50 €.".encode("cp1252"),
        "\ufeffUTF-8 with a byte-order mark: ünïcode.".encode(),
        b"BMW invoice 2024-03, paid in full.",  # "BM" is the bitmap signature
        b"MZ Motors Ltd, statement of account.",  # "MZ" is the DOS executable signature
        b"I I think this settles it.",  # "I I" is an old TIFF signature
    ],
    ids=["cp1252", "utf8-bom", "starts-BM", "starts-MZ", "starts-I-I"],
)
def test_a8_text_accepted_even_when_it_starts_like_a_short_signature(data):
    assert inspect_upload(io.BytesIO(data), "note.txt").size == len(data)


def test_a8_uploaded_file_objects_accepted(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    data = samples.sample_bytes(".pdf")
    in_memory = SimpleUploadedFile("ignored.pdf", data, content_type="text/html")
    assert inspect_upload(in_memory, "scan.pdf").content_type == "application/pdf"  # the client's type is ignored
    on_disk = TemporaryUploadedFile("scan.docx", "application/octet-stream", 0, None)
    on_disk.write(samples.sample_bytes(".docx"))
    on_disk.flush()
    try:
        result = inspect_upload(on_disk, "scan.docx")
        assert result.extension == ".docx"
        assert on_disk.tell() == 0
    finally:
        on_disk.close()


@pytest.mark.parametrize("ext", [".txt", ".pdf", ".png", ".raw", ".htm"])
def test_a8_files_are_streamed_in_chunks_never_read_whole(ext):
    recorder = ReadRecorder(samples.padded(ext, 3 * MIB))
    inspect_upload(recorder, f"big{ext}")
    assert max(recorder.reads) <= CHUNK_SIZE


# --- names ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("  report.PDF. ", "report.PDF"),
        ("..hidden notes.txt", "hidden notes.txt"),
        ("100%25 complete.pdf", "100% complete.pdf"),
        ("%E2%82%AC invoice.pdf", "€ invoice.pdf"),
        ("50% off.pdf", "50% off.pdf"),  # not an escape: left alone
        ("cafe\u0301.txt", "caf\u00e9.txt"),  # NFC
        ("a" * 251 + ".pdf", "a" * 251 + ".pdf"),  # exactly 255 characters
    ],
)
def test_a8_names_are_cleaned(raw, cleaned):
    assert clean_filename(raw) == cleaned


@pytest.mark.parametrize(
    "ext", [".exe", ".svg", ".html", ".js", ".zip", ".docm", ".php", ".tif", ".gif", ".doc", ".xlsx"]
)
def test_a8_disallowed_extension_refused(ext):
    error = name_refused(f"evidence{ext}")
    assert error.reason == "extension"
    assert error.message == (
        f"evidence{ext}: {ext} files are not accepted as evidence; allowed types are {ALLOWED_LIST}."
    )


def test_a8_only_the_last_suffix_counts():
    error = name_refused("invoice.pdf.exe")
    assert error.message.startswith("invoice.pdf.exe: .exe files are not accepted as evidence")
    assert ".jpg, .jpeg, .png" in error.message
    assert allowed_extension("Scan.Final.PDF") == ".pdf"


def test_a8_name_without_extension_refused():
    error = name_refused("README")
    assert "README: the file name has no extension" in error.message
    assert ALLOWED_LIST in error.message


@pytest.mark.parametrize(
    ("raw", "shown", "says"),
    [
        ("x.php%00.pdf", "x.php%00.pdf", "contains a NUL character (%00)"),
        ("x.php\x00.pdf", "x.php\\u0000.pdf", "contains a NUL character"),
        ("x%252e%252e%252fetc.txt", "x%252e%252e%252fetc.txt", "once percent-decoded, contains a folder path"),
        ("../../etc/passwd.txt", "../../etc/passwd.txt", "points outside its folder ('..')"),
        ("..\\..\\boot.ini.txt", "..\\..\\boot.ini.txt", "points outside its folder ('..')"),
        ("/etc/passwd.txt", "/etc/passwd.txt", "contains a folder path"),
        ("reports/q1.pdf", "reports/q1.pdf", "contains a folder path"),
        ("a\uff0fb.pdf", "a\uff0fb.pdf", "contains U+FF0F FULLWIDTH SOLIDUS, which looks like a folder separator"),
        ("a\u2215b.pdf", "a\u2215b.pdf", "contains U+2215 DIVISION SLASH, which looks like a folder separator"),
        ("invoice\u202efdp.exe", "invoice\\u202efdp.exe", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("invoice\u202efdp.pdf", "invoice\\u202efdp.pdf", "Unicode direction controls"),
        ("scan\u2066.pdf", "scan\\u2066.pdf", "Unicode direction controls"),
        ("bell\x07.pdf", "bell\\u0007.pdf", "control characters (U+0007)"),
        ("line\nbreak.pdf", "line\\u000abreak.pdf", "control characters (U+000A)"),
        ("%ff%fe.pdf", "%ff%fe.pdf", "not valid UTF-8"),
        ("x%2525252e.pdf", "x%2525252e.pdf", "percent-encoded more than 3 times"),
        ("   ", "   ", "has no name"),
        ("", "(no name)", "has no name"),
        (".pdf", "pdf", "has no extension"),
    ],
)
def test_a8_hostile_names_refused(raw, shown, says):
    error = name_refused(raw)
    assert error.name == shown
    assert error.message.startswith(f"{shown}: ")
    assert says in error.message
    assert not any(ch in error.message for ch in "\x00\x07\n\u202e\u2066"), "the message itself is display-safe"


def test_a8_traversal_is_refused_not_silently_reduced_to_its_basename():
    error = name_refused("../../etc/passwd.txt")
    assert error.message == (
        "../../etc/passwd.txt: the file name points outside its folder ('..') and contains a folder path "
        "('/' or '\\'); file names may not contain folders — rename the file."
    )


def test_a8_overlong_name_refused():
    error = name_refused("a" * 252 + ".pdf")
    assert "the file name is 256 characters long; at most 255 are allowed (1 too many)" in error.message
    assert len(error.name) <= 101, "long names are shortened for display"
    assert "at most 255" in name_refused("b" * 20_000 + ".pdf").message


def test_a8_name_refusal_happens_before_the_content_is_read():
    recorder = ReadRecorder(samples.exe_bytes())
    error = refused(recorder, "setup.exe")
    assert error.reason == "extension"
    assert recorder.reads == []


# --- content against extension -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            samples.exe_bytes(),
            "report.pdf",
            "report.pdf: the content is not a PDF document (it looks like a Windows executable); "
            "rename it or upload the real file.",
        ),
        (
            samples.elf_bytes(),
            "report.pdf",
            "report.pdf: the content is not a PDF document (it looks like a Linux ELF executable); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".docx"),
            "photo.png",
            "photo.png: the content is not a PNG image (it looks like a ZIP archive); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".png"),
            "photo.jpg",
            "photo.jpg: the content is not a JPEG image (it looks like a PNG image); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".jpg"),
            "photo.bmp",
            "photo.bmp: the content is not a BMP image (it looks like a JPEG image); "
            "rename it or upload the real file.",
        ),
        (
            samples.exe_bytes(),
            "scan.tiff",
            "scan.tiff: the content is not a TIFF image (it looks like a Windows executable); "
            "rename it or upload the real file.",
        ),
        (
            b"I I am not really a TIFF",
            "scan.tiff",
            "scan.tiff: the content is not a TIFF image (its format was not recognised); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".txt"),
            "letter.rtf",
            "letter.rtf: the content is not an RTF document (its format was not recognised); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".pdf"),
            "letter.docx",
            "letter.docx: the content is not a Word .docx document (it looks like a PDF document); "
            "rename it or upload the real file.",
        ),
        (
            samples.exe_bytes() + samples.sample_bytes(".docx"),  # a self-extractor: zipfile alone would open it
            "letter.docx",
            "letter.docx: the content is not a Word .docx document (it looks like a Windows executable); "
            "rename it or upload the real file.",
        ),
        (
            samples.sample_bytes(".docx"),
            "letter.odt",
            "letter.odt: the content is not an OpenDocument .odt text: the required parts mimetype, content.xml, "
            "META-INF/manifest.xml are missing; upload the real file.",
        ),
        (
            samples.sample_bytes(".odt"),
            "letter.docx",
            "letter.docx: the content is not a Word .docx document: the required parts [Content_Types].xml, "
            "word/document.xml are missing; upload the real file.",
        ),
    ],
    ids=[
        "exe-as-pdf",
        "elf-as-pdf",
        "zip-as-png",
        "png-as-jpg",
        "jpg-as-bmp",
        "exe-as-tiff",
        "text-as-tiff",
        "text-as-rtf",
        "pdf-as-docx",
        "sfx-as-docx",
        "docx-as-odt",
        "odt-as-docx",
    ],
)
def test_a8_content_must_match_the_extension(data, name, message):
    error = refused(data, name)
    assert error.reason == "content"
    assert error.name == name
    assert error.message == message


def test_a8_empty_file_refused():
    error = refused(b"", "scan.pdf")
    assert error.reason == "empty"
    assert error.message == "scan.pdf is empty (0 bytes); upload the file itself."


# --- ZIP containers ------------------------------------------------------------------------------------------


def test_a8_zip_bomb_refused_without_unpacking_it():
    error = refused(samples.zip_bomb_docx(), "bomb.docx")
    assert error.message.startswith("bomb.docx: the entry word/media/image1.bmp expands ")
    assert "to 120 MB); more than 100 times is refused as a possible zip bomb." in error.message


def test_a8_zip_total_uncompressed_size_limited(monkeypatch):
    # given a document whose parts unpack past the bound, each at a harmless ratio
    monkeypatch.setattr(uploads, "ZIP_MAX_UNCOMPRESSED_BYTES", MIB)
    noise = random.Random(8).randbytes(600_000)
    data = samples.docx_bytes(extra=[("word/media/a.bin", noise), ("word/media/b.bin", noise)])
    # then it is refused, saying by how much
    error = refused(data, "big.docx")
    assert "big.docx: the document unpacks to 1.1 MB, 148.8 KB over the 1 MB limit" in error.message
    assert "possible zip bomb" in error.message


def test_a8_zip_entry_count_limited():
    data = samples.docx_bytes(extra=[(f"word/media/{i}.txt", b"x") for i in range(998)])  # 1,001 entries
    error = refused(data, "many.docx")
    assert error.message == ("many.docx: the document holds 1,001 files inside; at most 1,000 are allowed (1 over).")
    assert inspect_upload(io.BytesIO(samples.docx_bytes(extra=[(f"m/{i}", b"x") for i in range(997)])), "ok.docx")


@pytest.mark.parametrize(
    "entry", ["../../evil.txt", "/etc/cron.d/evil", "C:/Windows/evil.dll", "word\\..\\..\\evil.txt", "word/. ./x"]
)
def test_a8_docx_entry_with_unsafe_path_refused(entry):
    data = samples.traversal_docx() if entry == "../../evil.txt" else samples.docx_bytes(extra=[(entry, b"x")])
    error = refused(data, "letter.docx")
    assert error.message.startswith(f"letter.docx: the document contains an entry with an unsafe path ({entry})")


def test_a8_encrypted_docx_refused():
    error = refused(samples.encrypted_docx(), "secret.docx")
    assert error.message == (
        "secret.docx: the document is encrypted (entry word/document.xml); upload a copy without a password."
    )


def test_a8_macro_enabled_document_renamed_docx_refused():
    error = refused(samples.macro_docx(), "macro.docx")
    assert "macro.docx: the document contains macros" in error.message


def test_a8_duplicate_entries_refused():
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = samples.docx_bytes(extra=[("word/document.xml", b"<other/>")])
    assert "contains the entry word/document.xml twice" in refused(data, "dup.docx").message


def test_a8_broken_zip_refused():
    data = b"PK\x03\x04" + b"\x14\x00" + random.Random(3).randbytes(500)
    error = refused(data, "broken.docx")
    assert error.message.startswith(
        "broken.docx: the content is not a Word .docx document: it is not a valid ZIP container ("
    )


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            samples.odt_bytes(mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
            "its mimetype entry says “application/vnd.oasis.opendocument.spreadsheet”",
        ),
        (
            samples.odt_bytes(
                manifest=samples.ODT_MANIFEST.replace(
                    b'manifest:media-type="text/xml"/>',
                    b'manifest:media-type="text/xml"><manifest:encryption-data/></manifest:file-entry>',
                )
            ),
            "the document is password-protected",
        ),
        (samples.odt_bytes(samples.billion_laughs_xml()), "the part content.xml contains a document type declaration"),
        (samples.odt_bytes(b"<office:document-content>"), "the part content.xml is not well-formed XML"),
    ],
    ids=["spreadsheet", "password", "entity-bomb", "malformed"],
)
def test_a8_bad_odt_refused(data, says):
    error = refused(data, "letter.odt")
    assert error.message.startswith("letter.odt: ")
    assert says in error.message


# --- XML -----------------------------------------------------------------------------------------------------

DTD_REFUSAL = (
    "contains a document type declaration (DTD), which can define entity bombs and pull in external files; "
    "evidence files may not carry one."
)


@pytest.mark.parametrize("data", [samples.xxe_xml(), samples.billion_laughs_xml()], ids=["xxe", "billion-laughs"])
def test_a8_xml_with_entities_refused(data):
    assert refused(data, "export.xml").message == f"export.xml: the file {DTD_REFUSAL}"


@pytest.mark.parametrize(
    ("data", "part"),
    [
        (samples.xxe_docx(), "word/document.xml"),
        (samples.billion_laughs_docx(), "word/document.xml"),
        (samples.docx_bytes(content_types=samples.xxe_xml()), "[Content_Types].xml"),
    ],
    ids=["xxe-document", "billion-laughs-document", "xxe-content-types"],
)
def test_a8_docx_with_entities_refused(data, part):
    assert refused(data, "letter.docx").message == f"letter.docx: the part {part} {DTD_REFUSAL}"


def test_a8_malformed_xml_refused():
    error = refused(b"<evidence><item></evidence>", "export.xml")
    assert error.message == "export.xml: the file is not well-formed XML (mismatched tag: line 1, column 18)."


def test_a8_large_xml_is_parsed_as_a_stream():
    recorder = ReadRecorder(samples.padded(".xml", MAX_FILE_BYTES))
    inspect_upload(recorder, "export.xml")
    assert max(recorder.reads) <= uploads.XML_MAX_BLOCK < MAX_FILE_BYTES


def test_a8_xml_with_one_huge_token_is_parsed_in_growing_blocks():
    # A 10 MB comment fed 16 KiB at a time makes expat 2.5 re-scan it ~600 times (seconds of CPU per upload).
    recorder = ReadRecorder(b"<evidence><!--" + b"x" * (MAX_FILE_BYTES - 30) + b"--></evidence>")
    inspect_upload(recorder, "export.xml")
    parse_reads = len(recorder.reads) - (MAX_FILE_BYTES // CHUNK_SIZE + 1)  # minus the hashing pass
    assert parse_reads <= 10


# --- text ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (samples.exe_bytes(), "a Windows executable"),
        (samples.elf_bytes(), "a Linux ELF executable"),
        (samples.sample_bytes(".png"), "a PNG image"),
        (samples.sample_bytes(".docx"), "a ZIP archive"),
        (samples.sample_bytes(".pdf"), "a PDF document"),
    ],
    ids=["exe", "elf", "png", "zip", "pdf"],
)
@pytest.mark.parametrize("ext", [".txt", ".htm"])
def test_a8_binary_named_as_text_refused(data, looks_like, ext):
    error = refused(data, f"notes{ext}")
    what = "plain text" if ext == ".txt" else "a web page saved as text (HTML)"
    assert error.message == (
        f"notes{ext}: the content is not {what} (it looks like {looks_like}); rename it or upload the real file."
    )


def test_a8_text_with_nul_bytes_refused():
    error = refused("Saved as UTF-16 by Notepad".encode("utf-16"), "notes.txt")
    assert error.message == (
        "notes.txt: the content is not plain text: it contains NUL bytes (first at byte 3), so it is binary data "
        "or text saved as UTF-16 — save it as UTF-8 text."
    )


def test_a8_text_in_no_known_encoding_refused():
    data = b"fine so far\n" * 10_000 + b"\x81\x8d"
    error = refused(data, "notes.txt")
    assert error.message == (
        "notes.txt: the content is not readable text: it is neither UTF-8 nor Windows-1252 (byte 0x81 at offset "
        "120,000); save it as UTF-8 text."
    )


def test_a8_htm_is_accepted_as_text_not_sanitised():
    page = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    assert inspect_upload(io.BytesIO(page), "page.htm").content_type == "text/html"
    assert "text/html" not in INLINE_SAFE_TYPES


# --- camera raw ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (samples.exe_bytes(), "it looks like a Windows executable"),
        (samples.elf_bytes(), "it looks like a Linux ELF executable"),
        (b"#!/bin/sh\nrm -rf ~\n", "it starts with '#!', like a script"),
        (samples.sample_bytes(".docx"), "it looks like a ZIP archive, such as a .jar, .apk or Office file"),
        (b"Rar!\x1a\x07\x00" + bytes(100), "it looks like a RAR archive"),
        (b"7z\xbc\xaf\x27\x1c" + bytes(100), "it looks like a 7-Zip archive"),
        (b"\x1f\x8b\x08\x00" + bytes(100), "it looks like a gzip archive"),
        (samples.sample_bytes(".pdf"), "it looks like a PDF document"),
        (samples.sample_bytes(".htm"), "it looks like a web page (HTML)"),
    ],
    ids=["exe", "elf", "shebang", "zip", "rar", "7z", "gzip", "pdf", "html"],
)
def test_a8_raw_refused_when_recognisably_dangerous(data, says):
    error = refused(data, "IMG_0001.raw")
    assert error.message.startswith(f"IMG_0001.raw: the content is not a camera raw image ({says})")


@pytest.mark.parametrize(
    "data",
    [samples.sample_bytes(".raw"), samples.sample_bytes(".tiff"), b"IIU\x00" + bytes(200)],
    ids=["sensor-dump", "tiff-based", "panasonic-like"],
)
def test_a8_raw_accepted_when_not_recognisably_dangerous(data):
    assert inspect_upload(io.BytesIO(data), "IMG_0001.RAW").content_type == "application/octet-stream"


# --- size ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".txt", ".pdf"])
def test_a8_size_exactly_10_mb_accepted(ext):
    data = samples.padded(ext, MAX_FILE_BYTES)
    assert len(data) == 10 * 1_048_576
    assert inspect_upload(io.BytesIO(data), f"big{ext}").size == MAX_FILE_BYTES


@pytest.mark.parametrize("ext", [".txt", ".pdf"])
def test_a8_size_10_mb_plus_1_byte_refused(ext):
    error = refused(samples.padded(ext, MAX_FILE_BYTES + 1), f"big{ext}")
    assert (error.reason, error.limit) == ("size", 10_485_760)
    assert error.message == (
        f"big{ext} is too large: 1 byte over the 10 MB limit per file (it is 10,485,761 bytes; 1 MB = 1,048,576 bytes)."
    )


def test_a8_size_refusal_says_by_how_much_without_reading_the_rest():
    recorder = ReadRecorder(samples.padded(".pdf", 25 * MIB))
    error = refused(recorder, "huge.pdf")
    assert error.message == (
        "huge.pdf is too large: 15 MB over the 10 MB limit per file (it is 25 MB; 1 MB = 1,048,576 bytes)."
    )
    assert recorder.bytes_read <= MAX_FILE_BYTES + CHUNK_SIZE
    assert recorder.tell() == 0


def test_a8_smaller_size_limit_from_the_caller():
    error = refused(samples.padded(".txt", 3 * MIB), "notes.txt", size_limit=2 * MIB)
    assert error.message == "notes.txt is too large: 1 MB over the 2 MB limit (it is 3 MB; 1 MB = 1,048,576 bytes)."


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (900, "900 bytes"),
        (1023, "1023 bytes"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (512 * 1024, "512 KB"),
        (MIB - 1, "1 MB"),
        (MIB, "1 MB"),
        (int(12.4 * MIB), "12.4 MB"),
        (30 * MIB, "30 MB"),
        (3 * 1024 * MIB, "3 GB"),
    ],
)
def test_a8_format_bytes(n, text):
    assert format_bytes(n) == text


@pytest.mark.parametrize(
    ("size", "limit", "text"),
    [
        (10 * MIB + 1, 10 * MIB, "1 byte over"),
        (10 * MIB + 900, 10 * MIB, "900 bytes over"),
        (10 * MIB + 2048, 10 * MIB, "2 KB over"),
        (12 * MIB, 10 * MIB, "2 MB over"),
        (int(31.5 * MIB), 30 * MIB, "1.5 MB over"),
    ],
)
def test_a8_over_by(size, limit, text):
    assert over_by(size, limit) == text


# --- the error and the constants -----------------------------------------------------------------------------


def test_a8_refusal_is_a_domain_error_with_the_rule_code():
    error = UploadRefused("scan.pdf", "scan.pdf is empty (0 bytes); upload the file itself.", reason="empty")
    assert isinstance(error, DomainError)
    assert (error.code, error.name, error.reason, error.limit) == ("A8", "scan.pdf", "empty", None)
    assert str(error) == error.message == "scan.pdf is empty (0 bytes); upload the file itself."
    # The API's one refusal shape: the message as the ``file`` field's error, the reason and the broken limit.
    assert error.errors == {"file": [error.message]}
    assert error.extra == {"reason": "empty", "limit": None}


def test_a8_limits_and_inline_types():
    assert (uploads.MAX_FILES, uploads.MAX_FILE_BYTES, uploads.MAX_TOTAL_BYTES) == (10, 10 * MIB, 30 * MIB)
    assert MIB == 1_048_576
    assert set(CONTENT_TYPES) == set(ALLOWED_EXTENSIONS)
    assert sorted(INLINE_SAFE_TYPES) == ["application/pdf", "image/bmp", "image/jpeg", "image/png"]
    assert not {"text/html", "application/xml", "image/svg+xml", "image/tiff"} & INLINE_SAFE_TYPES


# --- the hostile corpus: beyond the first bytes (issue 12 item 7) -----------------------------------------------

# What each hostile file must be refused for: a phrase of its message. Every one of them passes the signature check
# (they start like what their extension says), so each phrase names the deeper check that caught it.
HOSTILE_SAYS = {
    "jpeg+zip polyglot": "photo.jpg: the file is a JPEG image with a ZIP archive inside",
    "png+html polyglot": "photo.png: the file is a PNG image that also carries web markup or script (“<html>” at byte",
    "pdf+zip polyglot": "letter.pdf: the file is a PDF document with a ZIP archive inside",
    "truncated jpeg": "photo.jpg: the content starts like a JPEG image but does not open as one — it is cut short",
    "truncated png": "photo.png: the content starts like a PNG image but does not open as one — it is cut short",
    "corrupt png": "photo.png: the content starts like a PNG image but does not open as one — it is damaged: broken",
    "bmp that does not parse": "scan.bmp: the content starts like a BMP image but does not open as one",
    "truncated bmp": "scan.bmp: the content starts like a BMP image but does not open as one — it is cut short",
    "bmp decompression bomb": "scan.bmp: the image declares more pixels than any photo or scan has",
    "tiff that does not parse": "scan.tiff: the content starts like a TIFF image but does not open as one",
    "truncated tiff": "scan.tiff: the content starts like a TIFF image but does not open as one — it is cut short",
    "pdf header + garbage": "letter.pdf: the content starts like a PDF document but does not open as one",
    "truncated pdf": "letter.pdf: the content starts like a PDF document but does not open as one",
    "pe as raw": "IMG_0001.raw: the content is not a camera raw image (it looks like a Windows executable)",
    "elf as raw": "IMG_0001.raw: the content is not a camera raw image (it looks like a Linux ELF executable)",
    "mach-o as raw": "IMG_0001.raw: the content is not a camera raw image (it looks like a macOS (Mach-O) executable)",
    "shebang as raw": "IMG_0001.raw: the content is not a camera raw image (it starts with '#!', like a script)",
    "batch script as raw": "IMG_0001.raw: the content is not a camera raw image (it is text, such as a script",
    "jar as raw": "IMG_0001.raw: the content is not a camera raw image (it looks like a ZIP archive, such as a .jar",
    "docx dtd in styles.xml": f"letter.docx: the part word/styles.xml {DTD_REFUSAL}",
    "docx xxe in core.xml": f"letter.docx: the part docProps/core.xml {DTD_REFUSAL}",
    "docx dtd in rels": f"letter.docx: the part word/_rels/document.xml.rels {DTD_REFUSAL}",
    "docx external relationship": "letter.docx: the document refers to an external resource "
    "(http://tracker.example/p.png, in word/_rels/document.xml.rels) that the word processor fetches",
    "docx unc relationship": "letter.docx: the document refers to an external resource (\\\\attacker.example",
    "docx remote attachedTemplate": "letter.docx: the document loads its template from https://evil.example/t.dotm",
    "docx embedded ole": "letter.docx: the document embeds an object or control (the part "
    "word/embeddings/oleObject1.bin), which can run code when opened",
    "odt dtd in styles.xml": f"letter.odt: the part styles.xml {DTD_REFUSAL}",
    "odt embedded object": "letter.odt: the document embeds an object or control (the entry Object 1/",
    "odt draw:object-ole": "letter.odt: the document embeds an object or control (a draw:object-ole element in "
    "content.xml)",
    "odt remote image": "letter.odt: the document refers to an external resource (http://tracker.example/p.png, in "
    "content.xml)",
    "odt macro": "letter.odt: the document contains macros (the entry Basic/Standard/Module1.xml)",
    "rtf embedded object": "letter.rtf: the RTF document embeds an object (OLE or ActiveX)",
}


def test_a8_hostile_corpus_is_complete():
    assert set(HOSTILE_SAYS) == set(samples.HOSTILE_FILES)
    assert len(samples.HOSTILE_FILES) >= 23


@pytest.mark.parametrize("kind", sorted(samples.HOSTILE_FILES))
def test_a8_hostile_file_refused_beyond_its_first_bytes(kind):
    name, build = samples.HOSTILE_FILES[kind]
    data = build()
    ext = "." + name.rsplit(".", 1)[1]
    if ext != ".raw":  # the disguise: the head is what the extension promises, so only a deeper check catches it
        uploads._check_signature(io.BytesIO(data), name, ext)
    error = refused(data, name)
    assert error.message.startswith(HOSTILE_SAYS[kind]), error.message
    assert error.reason in {"content", "pixels"}


@pytest.mark.parametrize("kind", ["truncated jpeg", "truncated bmp", "truncated tiff", "truncated png"])
def test_a8_truncated_images_refused_even_after_weasyprint_relaxed_pillow(kind, monkeypatch):
    # Importing WeasyPrint (the reports) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES; evidence stays strict.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    name, build = samples.HOSTILE_FILES[kind]
    assert "cut short" in refused(build(), name).message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True, "the process-wide setting is restored"


def test_a8_decompression_bomb_names_the_pixel_limit():
    error = refused(samples.bmp_bomb(), "scan.bmp")
    assert (error.reason, error.limit) == ("pixels", 2 * Image.MAX_IMAGE_PIXELS)


def test_a8_large_bmp_and_tiff_refused_above_the_decoding_bound(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DECODED_PIXELS", 63)  # the 8×8 samples have 64 pixels
    for ext in (".bmp", ".tiff", ".png"):
        error = refused(samples.sample_bytes(ext), f"scan{ext}")
        assert (error.reason, error.limit) == ("pixels", 63)
        assert "the image is 8 × 8 pixels" in error.message
    assert inspect_upload(io.BytesIO(samples.sample_bytes(".jpg")), "photo.jpg")  # decoded at 1/8 scale instead


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("letter.docx", samples.docx_hyperlink),
        ("letter.odt", samples.odt_with_styles),
        ("scan.tiff", samples.tiff_big_endian),
        ("IMG_0001.raw", lambda: samples.padded(".raw", 3 * MIB)),
        ("photo.jpg", lambda: samples._noisy_image("JPEG")),
        ("photo.png", lambda: samples._noisy_image("PNG")),
        ("scan.bmp", lambda: samples._noisy_image("BMP")),
        ("scan.tiff", lambda: samples._noisy_image("TIFF")),
    ],
    ids=["docx-with-web-link", "odt-with-styles", "big-endian-tiff", "3mb-raw", "jpeg", "png", "bmp", "tiff"],
)
def test_a8_legitimate_files_still_pass_the_deeper_checks(name, build):
    assert inspect_upload(io.BytesIO(build()), name).size > 0


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("file:///C:/secret.docx", "refers to an external resource (file:///C:/secret.docx"),
        ("\\\\attacker.example\\share", "refers to an external resource (\\\\attacker.example\\share"),
    ],
)
def test_a8_docx_hyperlink_only_to_web_or_mail(target, says):
    rels = samples._rels(
        f'<Relationship Id="rId3" Type="{samples._REL}hyperlink" Target="{target}" TargetMode="External"/>'
    )
    error = refused(samples.docx_bytes(extra=[("word/_rels/document.xml.rels", rels)]), "letter.docx")
    assert says in error.message


# --- names Django's parser would rewrite -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("parent path", "points outside its folder ('..') and contains a folder path"),
        ("nul", "contains a NUL character"),
        ("bidi override", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("tab", "control characters (U+0009)"),
        ("windows path", "contains a folder path ('/' or '\\')"),
        ("division slash", "contains U+2215 DIVISION SLASH, which looks like a folder separator"),
        ("fullwidth slash", "contains U+FF0F FULLWIDTH SOLIDUS, which looks like a folder separator"),
        ("html reference", "contains HTML character references (such as “&#47;” or “&amp;”) that change it into"),
        ("zero width space", "invisible or non-printable characters (U+200B ZERO WIDTH SPACE)"),
        ("dot dot", "the file name '..' means the parent folder"),
    ],
)
def test_a8_name_the_multipart_parser_rewrites_is_refused_with_what_is_wrong(kind, says):
    from django.http.multipartparser import MultiPartParser

    raw = samples.HOSTILE_NAMES[kind]
    rewritten = MultiPartParser.sanitize_file_name(None, raw)  # what Django hands the upload handler
    error = uploads.rewritten_name_refusal(raw, rewritten)
    assert (error.code, error.reason, error.limit) == ("A8", "name", None)
    assert says in error.message, error.message
    assert not any(ch in error.message for ch in "\x00\t\u202e\u200b"), "the message itself is display-safe"
