"""Issue 13: one hardened response for every file the portal serves (core.downloads.file_response)."""

import io

import pytest
from django.http import FileResponse

from core.downloads import ATTACHMENT_CSP, PREVIEW_CSP, file_response, safe_filename


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_attachment_carries_every_defence_and_the_callers_type():
    response = file_response(
        io.BytesIO(b"<script>x</script>"), content_type="application/octet-stream", filename="a.htm"
    )
    assert isinstance(response, FileResponse) and _body(response) == b"<script>x</script>"
    assert response["Content-Disposition"] == 'attachment; filename="a.htm"'
    assert response["Content-Type"] == "application/octet-stream"  # explicit, not guessed from ".htm"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == ATTACHMENT_CSP == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"


def test_an_inline_preview_is_sandboxed_too_and_names_no_stored_path():
    stored = io.BytesIO(b"\x89PNG")
    stored.name = "/var/private/evidence/7/3f2a.png"
    response = file_response(stored, content_type="image/png", inline=True)
    assert response["Content-Disposition"] == "inline"  # not FileResponse's "inline; filename=3f2a.png"
    assert response["Content-Security-Policy"] == PREVIEW_CSP and PREVIEW_CSP.startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private, no-store"


def test_bytes_are_served_with_the_same_headers():
    response = file_response(b"\x89PNG", content_type="image/png", inline=True)
    assert response.content == b"\x89PNG" and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "inline" and response["Content-Security-Policy"] == PREVIEW_CSP


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("Résumé page.htm", "attachment; filename*=utf-8''R%C3%A9sum%C3%A9%20page.htm"),
        ('say "hi".txt', 'attachment; filename="say \\"hi\\".txt"'),
        ("../../etc/passwd", 'attachment; filename="passwd"'),
        ("..\\..\\boot.ini", 'attachment; filename="boot.ini"'),
        ("report.csv\r\nSet-Cookie: x=1", 'attachment; filename="report.csvSet-Cookie: x=1"'),
        ("", 'attachment; filename="download"'),
        (None, 'attachment; filename="download"'),
        ("..", 'attachment; filename="download"'),
    ],
)
def test_the_file_name_can_neither_carry_a_path_nor_break_the_header(name, header):
    response = file_response(b"x", content_type="text/plain", filename=name)
    assert response["Content-Disposition"] == header


def test_safe_filename_keeps_an_ordinary_name():
    assert safe_filename("period-audit-2025-01.csv") == "period-audit-2025-01.csv"
