"""A8 — what an appeal's evidence file may be: its name, its size and whether its content is what it claims.

The package inspects ONE file that has already been received (``inspect_upload``), by format: ``images``
(.jpg/.jpeg, .png, .bmp, .tiff, .raw), ``pdf``, ``office`` (.docx, .odt, .rtf) and ``markup`` (.txt, .htm,
.xml), on the shared ``signatures`` detector and the ``names`` check. ``limits`` holds every number of the
rule (read by the upload handler, the services, the pages, the API and the startup check of the settings);
``budget`` the count and total per appeal, which the upload handler enforces while the request streams.
Storing the file and serving it (always as an attachment) are someone else's job: nothing here sanitises HTML
or makes a file safe to show.

Why each check exists:

* the *name* is shown to analysts and may end up in a ``Content-Disposition`` header, so it must not smuggle
  paths, control characters or right-to-left overrides that make ``invoice‮fdp.exe`` read as ``invoiceexe.pdf``;
* the *extension* decides how the file is opened later, so the content must be what the extension says where the
  format has a signature (a ``.pdf`` that is an executable is the classic disguise);
* the *containers* (.docx / .odt are ZIP files full of XML) are where zip bombs, path traversal and XML entity
  attacks hide, so they are opened with hard bounds and parsed with ``defusedxml``.
"""

from __future__ import annotations

import sys
from types import ModuleType

from . import limits
from .budget import EvidenceBudget, check_evidence_budget, evidence_budget
from .inspection import Inspection, inspect_upload
from .limits import (
    ALLOWED_EXTENSIONS,
    CHUNK_SIZE,
    CONTENT_TYPES,
    DETECT_BYTES,
    INLINE_SAFE_TYPES,
    MAX_DECODED_PIXELS,
    MAX_FILE_BYTES,
    MAX_FILES,
    MAX_NAME_CHARS,
    MAX_REQUEST_BYTES,
    MAX_TOTAL_BYTES,
    MIB,
    REQUEST_SLACK,
    XML_MAX_BLOCK,
    ZIP_MAX_ENTRIES,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED_BYTES,
    ZIP_RATIO_GRACE_BYTES,
    format_bytes,
    over_by,
)
from .names import LOOKALIKE_SLASHES, allowed_extension, clean_filename, rewritten_name_refusal
from .office import ODT_MIMETYPE
from .refusals import UploadRefused, size_refusal
from .signatures import Match, _check_signature

__all__ = [
    "ALLOWED_EXTENSIONS",
    "CHUNK_SIZE",
    "CONTENT_TYPES",
    "DETECT_BYTES",
    "INLINE_SAFE_TYPES",
    "LOOKALIKE_SLASHES",
    "MAX_DECODED_PIXELS",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_NAME_CHARS",
    "MAX_REQUEST_BYTES",
    "MAX_TOTAL_BYTES",
    "MIB",
    "ODT_MIMETYPE",
    "REQUEST_SLACK",
    "XML_MAX_BLOCK",
    "ZIP_MAX_ENTRIES",
    "ZIP_MAX_RATIO",
    "ZIP_MAX_UNCOMPRESSED_BYTES",
    "ZIP_RATIO_GRACE_BYTES",
    "EvidenceBudget",
    "Inspection",
    "Match",
    "UploadRefused",
    "_check_signature",
    "allowed_extension",
    "check_evidence_budget",
    "clean_filename",
    "evidence_budget",
    "format_bytes",
    "inspect_upload",
    "limits",
    "over_by",
    "rewritten_name_refusal",
    "size_refusal",
]


class _Package(ModuleType):
    """Setting a limit on the package (``uploads.MAX_DECODED_PIXELS = 63``, as a test does) sets it in ``limits``,
    where every format module reads it at call time: the names above are a view of the one copy, never a second."""

    def __setattr__(self, name: str, value: object) -> None:
        if not name.startswith("_") and name.isupper() and name in vars(limits):
            setattr(limits, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
