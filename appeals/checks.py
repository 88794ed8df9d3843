"""A8's limits against the Django settings, checked at startup (``manage.py check``, ``runserver``, migrations).

Settings import no app, so ``DATA_UPLOAD_MAX_NUMBER_FILES`` (the file parts Django's parser takes before it
stops) is written there as a number; the one copy of the rule is ``appeals.uploads.limits``, and this check
refuses to start when the setting disagrees with it or when the streaming evidence handler is not installed
(without it nothing enforces the per-file, total and request limits while the body is read).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .uploads import limits

EVIDENCE_HANDLER = "appeals.upload_handlers.EvidenceUploadHandler"


@register()
def upload_limits_check(app_configs=None, **kwargs) -> list[Error]:
    errors = []
    if settings.DATA_UPLOAD_MAX_NUMBER_FILES != limits.MAX_FILES:
        errors.append(
            Error(
                f"DATA_UPLOAD_MAX_NUMBER_FILES is {settings.DATA_UPLOAD_MAX_NUMBER_FILES!r}, but A8 allows "
                f"{limits.MAX_FILES} files per appeal (appeals.uploads.limits.MAX_FILES).",
                hint=f"Set DATA_UPLOAD_MAX_NUMBER_FILES = {limits.MAX_FILES} so that an 11th file part gets A8's "
                "message rather than a bare 400.",
                id="appeals.E001",
            )
        )
    if EVIDENCE_HANDLER not in settings.FILE_UPLOAD_HANDLERS:
        errors.append(
            Error(
                f"FILE_UPLOAD_HANDLERS does not include {EVIDENCE_HANDLER}: appeal evidence would be read whole, "
                "without A8's per-file, per-appeal and request limits.",
                hint=f"Add {EVIDENCE_HANDLER!r} to FILE_UPLOAD_HANDLERS.",
                id="appeals.E002",
            )
        )
    return errors
