"""A8's count and total limits for an appeal: what it holds, what it may still receive, and the refusals.

The upload handler asks while the request streams and the service again under the appeal's row lock; both
read these functions, so the handler needs nothing from ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from ..models import Appeal, Evidence
from . import limits
from .limits import format_bytes, over_by
from .refusals import UploadRefused


@dataclass(frozen=True)
class EvidenceBudget:
    """What an appeal may still receive (A8); the upload handler enforces it while streaming."""

    files: int
    bytes: int

    @property
    def files_left(self) -> int:
        return max(limits.MAX_FILES - self.files, 0)

    @property
    def bytes_left(self) -> int:
        return max(limits.MAX_TOTAL_BYTES - self.bytes, 0)

    def describe(self) -> str:
        """ "3 of 10 files · 12.4 of 30 MB" (MB = 1,048,576 bytes)."""
        return (
            f"{self.files} of {limits.MAX_FILES} files · {self.bytes / limits.MIB:.1f} of "
            f"{limits.MAX_TOTAL_BYTES // limits.MIB} MB"
        )


def evidence_budget(appeal: Appeal) -> EvidenceBudget:
    totals = Evidence.objects.filter(appeal_id=appeal.pk).aggregate(files=Count("id"), bytes=Sum("size"))
    return EvidenceBudget(files=totals["files"] or 0, bytes=totals["bytes"] or 0)


def check_evidence_budget(name: str, size: int, budget: EvidenceBudget) -> None:
    """A8's count and total limits for one more file of ``size`` bytes (the per-file limit is ``inspect_upload``'s)."""
    if budget.files >= limits.MAX_FILES:
        raise UploadRefused(
            name,
            f"{name} was not added: the appeal already has {budget.files} files and the limit is "
            f"{limits.MAX_FILES} per appeal (1 over). Remove a file first.",
            reason="count",
            limit=limits.MAX_FILES,
        )
    if budget.bytes + size > limits.MAX_TOTAL_BYTES:
        total = budget.bytes + size
        raise UploadRefused(
            name,
            f"{name} ({format_bytes(size)}) would bring the appeal to {total:,} bytes: "
            f"{over_by(total, limits.MAX_TOTAL_BYTES)} the {format_bytes(limits.MAX_TOTAL_BYTES)} "
            f"total per appeal ({format_bytes(budget.bytes_left)} left; 1 MB = 1,048,576 bytes).",
            reason="total",
            limit=limits.MAX_TOTAL_BYTES,
        )
