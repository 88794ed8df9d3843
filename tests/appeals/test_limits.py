"""A8's limits live in one place (appeals.uploads.limits); the settings and the handler agree with it (issue 13)."""

from __future__ import annotations

import ast
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from appeals import uploads
from appeals.checks import EVIDENCE_HANDLER, upload_limits_check
from appeals.uploads import limits


def test_a8_settings_agree_with_the_limits():
    assert upload_limits_check() == []
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == limits.MAX_FILES == 10
    call_command("check", "--fail-level", "ERROR")


def test_a8_file_count_setting_that_disagrees_stops_startup():
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=100):
        errors = upload_limits_check()
    assert [e.id for e in errors] == ["appeals.E001"]
    assert "100" in errors[0].msg and "10 files" in errors[0].msg


def test_a8_missing_evidence_handler_stops_startup():
    with override_settings(FILE_UPLOAD_HANDLERS=["django.core.files.uploadhandler.TemporaryFileUploadHandler"]):
        errors = upload_limits_check()
    assert [e.id for e in errors] == ["appeals.E002"]
    assert EVIDENCE_HANDLER in errors[0].msg


def test_a8_request_cap_is_the_total_plus_multipart_slack():
    assert limits.MAX_REQUEST_BYTES == limits.MAX_TOTAL_BYTES + limits.MIB == 31 * limits.MIB
    # The package root shows the same objects, so nothing reads a second copy.
    assert (uploads.MAX_FILES, uploads.MAX_FILE_BYTES, uploads.ALLOWED_EXTENSIONS) == (
        limits.MAX_FILES,
        limits.MAX_FILE_BYTES,
        limits.ALLOWED_EXTENSIONS,
    )


def test_a8_a_limit_set_on_the_package_reaches_the_format_modules(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DECODED_PIXELS", 63)
    assert limits.MAX_DECODED_PIXELS == 63


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_upload_handler_and_inspection_do_not_import_the_services():
    root = Path(settings.BASE_DIR) / "appeals"
    paths = [root / "upload_handlers.py", *sorted((root / "uploads").glob("*.py"))]
    wrong = {
        str(path.relative_to(root)): modules
        for path in paths
        if (modules := {m for m in _imported_modules(path) if m.lstrip(".").endswith("services")})
    }
    assert not wrong, wrong
