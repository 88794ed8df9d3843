"""A8 word-processor documents (.docx, .odt, .rtf): ZIP containers opened with hard bounds (zip bombs, path
traversal), every XML part parsed safely, and nothing that runs or fetches when opened — macros, OLE
objects, ActiveX, remote templates, external links; RTF without embedded objects.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import BinaryIO
from xml.etree.ElementTree import Element

from . import limits
from .limits import format_bytes, over_by
from .markup import _parse_xml
from .names import _display
from .refusals import UploadRefused
from .signatures import _SIGNATURES, _ZIP_ERRORS, _check_signature, _chunks

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

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


def _unsafe_entry_name(entry: str) -> bool:
    """Would extracting this entry write outside the folder it is extracted into?"""
    if "\x00" in entry or entry.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", entry):
        return True
    # ".." and also "..." / ". ." — Windows drops trailing dots and spaces, so those can mean ".." there.
    return any(len(part.strip()) >= 2 and set(part.strip()) <= {".", " "} for part in re.split(r"[/\\]", entry))


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
    if len(entries) > limits.ZIP_MAX_ENTRIES:
        raise UploadRefused(
            name,
            f"{name}: the document holds {len(entries):,} files inside; at most {limits.ZIP_MAX_ENTRIES:,} are allowed "
            f"({len(entries) - limits.ZIP_MAX_ENTRIES:,} over).",
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
        if info.file_size > limits.ZIP_RATIO_GRACE_BYTES and info.file_size > limits.ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            raise UploadRefused(
                name,
                f"{name}: the entry {entry} expands {ratio:,.0f} times (from {format_bytes(info.compress_size)} to "
                f"{format_bytes(info.file_size)}); more than {limits.ZIP_MAX_RATIO} times is refused as a possible zip "
                "bomb.",
                reason="content",
            )
        total += info.file_size
        if total > limits.ZIP_MAX_UNCOMPRESSED_BYTES:
            declared = sum(i.file_size for i in entries)
            raise UploadRefused(
                name,
                f"{name}: the document unpacks to {format_bytes(declared)}, "
                f"{over_by(declared, limits.ZIP_MAX_UNCOMPRESSED_BYTES)} the "
                f"{format_bytes(limits.ZIP_MAX_UNCOMPRESSED_BYTES)} limit; it is refused as a possible zip bomb.",
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
