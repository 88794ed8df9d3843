"""The registry's rejection-code catalogue (RC1)."""

from __future__ import annotations

import textwrap

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from .choices import Family
from .codes import CODE_PATTERN


class RejectionCode(models.Model):
    """One code of the registry's rejection catalogue (501 … 9002, with the 3001A/3001B CTA variants).

    Loaded from ``rejections/data/rejection_codes.csv`` by migration 0002; managers edit the texts in the
    admin. Decisions keep their own snapshot of the texts (``services.rejection_snapshot``), so an edit
    here never rewrites a past decision. ``remediable`` is false for codes whose remediation reads
    "No remediation is available": such a rejection closes the campaign.
    """

    code = models.CharField(
        max_length=8,
        primary_key=True,
        validators=[RegexValidator(CODE_PATTERN, "A code is 3 or 4 digits, optionally followed by A or B.")],
    )
    reason = models.TextField()
    remediation = models.TextField()
    family = models.CharField(max_length=32, choices=Family.choices)
    remediable = models.BooleanField(default=True)
    sort_key = models.PositiveIntegerField(
        unique=True, editable=False, help_text="Numeric part times 10, +1 for an A variant, +2 for B."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(condition=Q(family__in=Family.values), name="rejectioncode_family_valid"),
            models.CheckConstraint(condition=~Q(reason="") & ~Q(remediation=""), name="rejectioncode_texts_present"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {textwrap.shorten(self.reason, width=60, placeholder=' …')}"
