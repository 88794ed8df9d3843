"""Demo appeals (part of ``seed_demo``): a submitted identity appeal awaiting a decision, a draft vet appeal."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.demo import DemoAccounts
from brands.models import Brand
from vetting.choices import VetClass, VetStatus

from . import services
from .models import Appeal

EIN_LETTER = (
    b"Department of the Treasury - Internal Revenue Service\r\n"
    b"CP 575 notice (demo copy): we assigned you Employer Identification Number 74-1234567.\r\n"
)


def seed(brands: dict[str, Brand], base: DemoAccounts) -> None:
    if Appeal.objects.exists():
        return
    city = brands["city"]  # a government brand the registry left UNVERIFIED
    appeal = services.appeal_open(
        actor=base.users["customer-b"],
        brand=city,
        categories=["VERIFY_TAX_ID", "VERIFY_GOVERNMENT"],
        explanation="The city's EIN is on the enclosed IRS notice; the registry matched an older name.",
    )
    services.evidence_add(
        actor=base.users["customer-b"], appeal=appeal, upload=SimpleUploadedFile("irs-cp575-notice.txt", EIN_LETTER)
    )
    services.appeal_submit(actor=base.users["customer-b"], appeal=appeal)

    foundation = brands["foundation"]
    failed = foundation.vets.filter(vet_class=VetClass.STANDARD, status=VetStatus.FAIL).first()
    if failed is not None:
        draft = services.appeal_open(
            actor=base.users["customer-a"],
            vet=failed,
            categories=["LOW_SCORE"],
            explanation="Founded 1998, audited accounts attached; the score ignores our history.",
        )
        services.evidence_add(
            actor=base.users["customer-a"],
            appeal=draft,
            upload=SimpleUploadedFile("audited-accounts-summary.txt", b"Audited accounts 2020-2025 (demo summary)\n"),
        )
