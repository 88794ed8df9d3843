"""The one way a stored file leaves the portal: evidence, reports, vet reports and previews alike.

Every file served here is private and possibly hostile (a customer's upload, a vendor's report), so each
response carries the same defences, set in one place so that they cannot drift apart between apps:

* ``Content-Disposition``: ``attachment`` for downloads, ``inline`` only for previews the portal made safe to
  show (raster images); the file name is reduced to a plain base name and encoded per RFC 6266 / RFC 5987
  (``filename*=utf-8''…`` for non-ASCII names), so it can neither smuggle a path nor break the header;
* an explicit ``Content-Type`` chosen by the caller, never guessed from the name;
* ``X-Content-Type-Options: nosniff``, so a browser does not second-guess that type;
* a ``Content-Security-Policy`` sandbox, so whatever a browser still renders runs no script, loads nothing
  and cannot reach the portal's origin;
* ``Cache-Control: private, no-store``: no shared or browser cache keeps a copy of another account's file.
"""

from __future__ import annotations

import re
from typing import IO

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

#: Downloads: nothing may load or run, even if a browser ignores the attachment and renders the file.
ATTACHMENT_CSP = "sandbox; default-src 'none'"
#: Inline previews: a browser showing an image on its own builds a small document around it (the image from
#: our origin, an inline style to centre it); that is all it may do.
PREVIEW_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
FALLBACK_FILENAME = "download"

_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(name: str | None) -> str:
    """The base name of ``name`` without control characters (CR/LF would split the header); a fixed name if
    nothing is left. Quoting and non-ASCII encoding are ``content_disposition_header``'s job."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_IN_NAME.sub("", base).strip().strip(".")
    return base or FALLBACK_FILENAME


def file_response(
    content: bytes | IO[bytes],
    *,
    content_type: str,
    filename: str | None = None,
    inline: bool = False,
) -> HttpResponse:
    """A hardened response for ``content`` (bytes, or an open binary file streamed and closed by Django).

    ``inline=True`` is for previews only: content the portal produced or checked to be safe to display (a
    raster image, a rendered PDF page). Everything else is an attachment.
    """
    if isinstance(content, bytes | bytearray):
        response: HttpResponse = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    name = safe_filename(filename) if filename or not inline else None
    response["Content-Disposition"] = content_disposition_header(not inline, name) or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PREVIEW_CSP if inline else ATTACHMENT_CSP
    response["Cache-Control"] = "private, no-store"
    return response
