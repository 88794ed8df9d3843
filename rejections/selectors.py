"""Reads of the catalogue for the review pages."""

from __future__ import annotations

from dataclasses import dataclass

from .models import RejectionCode


@dataclass(frozen=True)
class PickerCatalogue:
    """The codes a review form offers, and a version that changes whenever a manager edits, adds or removes one
    (the rendered picker is cached under it: 103 rows of labels are the heaviest part of a review page)."""

    codes: list[RejectionCode]
    version: str

    def by_code(self) -> dict[str, RejectionCode]:
        return {c.code: c for c in self.codes}


def picker_catalogue() -> PickerCatalogue:
    codes = list(
        RejectionCode.objects.order_by("sort_key").only("code", "reason", "remediable", "family", "updated_at")
    )
    latest = max((c.updated_at for c in codes), default=None)
    return PickerCatalogue(codes=codes, version=f"{len(codes)}-{latest.isoformat() if latest else 'empty'}")
