"""Cheap rows for scale tests: model rows written directly (no services), enough for pages to render."""

from __future__ import annotations

import itertools

from django.utils import timezone

from accounts.models import Account, SubAccount
from appeals.models import Appeal, Evidence
from brands.models import Brand
from campaigns.models import Campaign
from vetting.models import Vet

_seq = itertools.count(1)


def brand(sub_account: SubAccount, *, status: str = "approved", tax_id: str | None = None, **extra) -> Brand:
    n = next(_seq)
    return Brand.objects.create(
        sub_account=sub_account,
        legal_name=f"Scale Brand {n} LLC",
        display_name=f"Scale Brand {n}",
        entity_type="PRIVATE_PROFIT",
        tax_id=tax_id or f"{70_000_000 + n:09d}",
        vertical="RETAIL",
        website=f"https://scale{n}.example.com",
        email=f"ops{n}@scale{n}.example.com",
        phone="+12025550123",
        status=status,
        identity_status="VERIFIED" if status == "approved" else "UNVERIFIED",
        **extra,
    )


def campaign(b: Brand, *, status: str = "submitted") -> Campaign:
    return Campaign.objects.create(
        brand=b,
        use_case="ACCOUNT_NOTIFICATION",
        description="Appointment reminders for customers who opted in online.",
        sample_messages=["Scale Brand: your appointment is tomorrow at 9:00. Reply STOP to opt out."],
        status=status,
    )


def vet(b: Brand, *, status: str = "ACTIVE", token: str = "", score: int | None = 80) -> Vet:
    return Vet.objects.create(
        brand=b,
        vet_class="STANDARD",
        vendor="AEGIS",
        status=status,
        token=token,
        score=score if status == "ACTIVE" else None,
        completed_at=timezone.now() if status == "ACTIVE" else None,
    )


def appeal(b: Brand, *, status: str = "submitted") -> Appeal:
    return Appeal.objects.create(
        appeal_type="identity_status",
        brand=b,
        categories=["VERIFY_TAX_ID"],
        explanation="Our EIN letter is attached.",
        status=status,
        submitted_at=timezone.now() if status != "draft" else None,
    )


def evidence(a: Appeal, n: int) -> Evidence:
    return Evidence.objects.create(
        appeal=a,
        file=f"appeal-evidence/{a.pk}/scale{n}.pdf",
        name=f"letter-{n}.pdf",
        extension=".pdf",
        size=1000,
        content_type="application/pdf",
        sha256="0" * 64,
    )


def sub_accounts(account: Account, n: int, prefix: str = "Sub") -> list[SubAccount]:
    return [SubAccount.objects.create(account=account, name=f"{prefix} {i}") for i in range(n)]
