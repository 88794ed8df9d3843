"""A8 refusals: one error type for every upload limit and check, and the "too large" sentence."""

from __future__ import annotations

from core.errors import DomainError

from . import limits
from .limits import format_bytes, over_by


class UploadRefused(DomainError):
    """An evidence file refused under A8.

    ``name`` is safe to display (control and direction characters escaped, long names shortened); ``message`` is a
    full sentence naming the file and what is wrong, with the limit and by how much where there is one. ``reason``
    says which part of the rule refused it (``"name"``, ``"extension"``, ``"size"``, ``"empty"``, ``"content"``,
    ``"pixels"``; the upload handler and the service add ``"count"``, ``"total"``, ``"request"``, ``"parts"``,
    ``"required"``) so the UI and the tests need not parse sentences; ``limit`` is the number that was broken
    (bytes for size/total/request, files for count/parts, characters for a too-long name, pixels for an image),
    ``None`` where no number applies.

    Every upload refusal reaches an API client in one shape, ``{"file": [message], "code": "A8", "reason": …,
    "limit": …}``: the message is the ``file`` field's error, ``reason`` and ``limit`` ride along in ``extra``.
    """

    def __init__(
        self, name: str, message: str, *, code: str = "A8", reason: str = "", limit: int | None = None
    ) -> None:
        super().__init__(code, message, field="file")
        self.name = name
        self.reason = reason
        self.limit = limit
        self.extra = {"reason": reason, "limit": limit}

    def __str__(self) -> str:
        return self.message


def size_refusal(name: str, size: int, limit: int = limits.MAX_FILE_BYTES) -> UploadRefused:
    """The "too large" refusal for a file of ``size`` bytes (also used by the streaming upload handler)."""
    which = "per file " if limit == limits.MAX_FILE_BYTES else ""
    # "10 MB" for both the file and the limit would read oddly; then the exact byte count says it.
    shown = format_bytes(size) if format_bytes(size) != format_bytes(limit) else f"{size:,} bytes"
    return UploadRefused(
        name,
        f"{name} is too large: {over_by(size, limit)} the {format_bytes(limit)} limit {which}(it is {shown}; "
        "1 MB = 1,048,576 bytes).",
        reason="size",
        limit=limit,
    )
